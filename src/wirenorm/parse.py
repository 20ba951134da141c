"""Bytes -> Document: decompression, charset decoding, HTML tree or plain-text lines.

Charset order follows what browsers trust: byte-order mark, then the HTTP header, then a
`<meta charset>` near the top, then strict UTF-8, and only then a statistical guess
(charset-normalizer), because a guess on short pages is less reliable than a declaration.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

import lxml.html
from charset_normalizer import from_bytes

from wirenorm.model import Document, RawPage

MAX_DECOMPRESSED = 64 * 1024 * 1024  # a gzip bomb stops here instead of filling memory

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_HTML_SNIFF = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p[\s>]|<article[\s>]", re.I
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
_TEXT_SUFFIXES = (".txt", ".txt.gz", ".text")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ParseError(ValueError):
    """The bytes cannot become a document (empty, binary, undecodable)."""


def maybe_gunzip(data: bytes) -> bytes:
    """Undo gzip when the bytes carry its magic number, with a cap on the output size."""
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, MAX_DECOMPRESSED)
        if d.unconsumed_tail:
            raise ParseError(f"gzip content expands beyond {MAX_DECOMPRESSED} bytes")
        return out
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise ParseError(f"corrupt gzip content: {exc}") from exc


def _valid_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.decode() if isinstance(name, bytes) else name).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding) using declared charsets first, then detection."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), enc
    declared: list[str] = []
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        declared.append(m.group(1))
    if m := _META_CHARSET.search(data[:8192]):
        declared.append(m.group(1).decode("ascii", "ignore"))
    for name in declared:
        enc = _valid_codec(name)
        if enc is None:
            continue
        if enc in ("ascii", "iso8859-1", "cp1252", "latin-1"):
            # Pages labelled latin-1 are very often UTF-8 in truth; prefer UTF-8 when it decodes.
            try:
                return data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                return data.decode("cp1252", errors="replace"), "cp1252"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            break  # the declaration lies: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes mean this is not a text page."""
    head = data[:4096]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def is_html(url: str, data: bytes, content_type: str | None = None) -> bool:
    if content_type:
        ct = content_type.lower()
        if "html" in ct or "xml" in ct:
            return True
        if ct.startswith("text/plain"):
            return False
    path = url.lower().split("?", 1)[0]
    if path.endswith(_HTML_SUFFIXES):
        return True
    if path.endswith(_TEXT_SUFFIXES):
        return False
    return bool(_HTML_SNIFF.search(data[:4096]))


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse HTML text into a tree, tolerant of broken and very deep markup."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True
    )
    root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    if root is None:
        raise ParseError("HTML parser produced no document")
    return root


def parse(raw: RawPage) -> Document:
    """Decode a raw page into a Document; raises ParseError for unusable input."""
    data = maybe_gunzip(raw.content)
    if not data.strip():
        raise ParseError("empty document")
    if looks_binary(data):
        raise ParseError("binary content, not a text or HTML page")
    html = is_html(raw.url, data, raw.content_type)
    text, encoding = decode(data, raw.content_type)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("empty document")
    if not html:
        return Document(url=raw.url, text=text, is_html=False, encoding=encoding)
    try:
        tree = parse_html(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ParseError(f"unparseable HTML: {exc}") from exc
    return Document(url=raw.url, text=text, is_html=True, encoding=encoding, tree=tree)
