"""Decoding: charsets, compression, and inputs that are not pages at all."""

from __future__ import annotations

import gzip

import pytest

from wirenorm.model import RawPage
from wirenorm.normalizer.parse import ParseError, decode, parse
from wirenorm.normalizer.pipeline import process

HTML = "<html><head><title>t</title></head><body><p>Grüße aus Köln – „Zitat“</p></body></html>"


def test_declared_charset_wins() -> None:
    data = HTML.replace("<head>", '<head><meta charset="iso-8859-15">').encode("iso-8859-15", "replace")
    text, _ = decode(data)
    assert "Grüße aus Köln" in text


def test_wrong_declaration_falls_back_to_detection() -> None:
    data = HTML.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252")
    text, _ = decode(data)
    assert "Grüße aus Köln" in text


def test_header_charset_and_bom() -> None:
    assert decode("Grüße".encode("utf-16"))[0] == "Grüße"
    _, enc = decode("Grüße".encode("koi8-r", "replace"), "text/html; charset=koi8-r")
    assert enc == "koi8-r"


def test_gzip_is_undone_and_bombs_are_stopped() -> None:
    doc = parse(RawPage("https://x.test/a.html", gzip.compress(HTML.encode())))
    assert "Grüße" in doc.text
    bomb = gzip.compress(b"<p>" + b"a" * (70 * 1024 * 1024))
    with pytest.raises(ParseError, match="expands beyond"):
        parse(RawPage("https://x.test/b.html", bomb))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty document"), (b" \n\t ", "empty document"), (bytes(range(256)) * 4, "binary content")],
)
def test_unusable_input_becomes_a_parse_reject(content: bytes, message: str) -> None:
    result = process(RawPage("file:///bad.html", content, source_id="t", raw_ref="bad.html"))
    assert result.stage == "parse"
    assert message in result.message
    assert result.raw_ref == "bad.html"


def test_page_without_article_is_a_normalize_reject() -> None:
    result = process(RawPage("https://x.test/", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    assert result.stage == "normalize"
    assert result.error_type == "NotAnArticle"
