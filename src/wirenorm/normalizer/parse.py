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
from typing import Any

import ftfy
from charset_normalizer import from_bytes
from lxml import etree

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


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


# UTF-8 read as cp1252/latin-1: a lead byte (Â..ô) followed by a continuation byte (0x80..0xBF
# as cp1252 shows it). Cheap to look for; ftfy decides and repairs only when it is there.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)


# the same pair as UTF-8 bytes, loosely: a lead char's two bytes, then the first byte of any of the
# second chars above. A strict UTF-8 page without it has no mojibake in its markup's text.
_MOJIBAKE_BYTES = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")


_LATIN1_LETTERS = re.compile("[\u00c0-\u00ff]")
MOJIBAKE_SHARE = 0.3  # in real mojibake nearly every accented letter is half of such a pair
MOJIBAKE_SAMPLE_MIN = 500  # characters of readable text enough to judge a page by
_READABLE_SAMPLE = etree.XPath("(//title//text() | //h1//text() | //p//text())[position() <= 400]", smart_strings=False)


def _mojibake(text: str) -> bool:
    """Accented text has the odd look-alike pair (`België’s`); mojibake has it for a good share of
    its accented letters."""
    hits = len(_MOJIBAKE.findall(text, 0, 2_000_000))
    return hits >= 2 and hits >= MOJIBAKE_SHARE * len(_LATIN1_LETTERS.findall(text, 0, 2_000_000))


def fix_mojibake(text: str) -> str:
    """Repair text that was decoded with the wrong charset somewhere upstream (`FranÃ§ois`); only
    mojibake is handed to ftfy, which reads the whole text (~0.2 ms/KB)."""
    return ftfy.fix_encoding(text) if _mojibake(text) else text


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes mean this is not a text page."""
    head = data[:4096]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
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


def text_of(el: Any) -> str:
    """All text under an element, as `lxml.html`'s `text_content()` or XPath `string()` gives it
    (libxml2's text serializer: half the time of an XPath call on the small elements asked most)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def parse_html(text: str, utf8: bytes | None = None) -> Any:
    """Parse HTML text into an lxml tree, tolerant of broken and very deep markup.

    Plain `lxml.etree` elements, not `lxml.html` ones: the extractor walks every element, and
    lxml.html's per-element class lookup costs more than the rest of that walk. libxml2 drops
    everything nested deeper than its limit (2048 levels), so such pages are parsed again with
    their wrapper tags taken out. `utf8`: `text` encoded as UTF-8, when the caller has those bytes
    (the page as fetched, when it was UTF-8 already: encoding it again costs a tenth of the parse).
    """
    root, too_deep = _parse(text.encode("utf-8", errors="replace") if utf8 is None else utf8)
    if too_deep:
        root, _ = _parse(_WRAPPER_TAG.sub(" ", text).encode("utf-8", errors="replace"))
    if root is None:
        raise ParseError("HTML parser produced no document")
    return root


# Tags that only nest (div, span, section, font, table parts, ...); paragraphs, headings, list
# items and line breaks, which carry the reading order, stay.
_WRAPPER_TAG = re.compile(
    r"</?(?!(?:p|h[1-6]|li|br|title|meta|link|script|style|head|body|html|time|a|figcaption)\b)[a-zA-Z][\w:-]*[^>]*>"
)


def _parse(data: bytes) -> tuple[Any, bool]:
    # no table of `id` attributes (nothing looks elements up by id): 4 % of the parse
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True, collect_ids=False
    )
    root = etree.fromstring(data, parser=parser)
    return root, any("Excessive depth" in e.message for e in parser.error_log)


def parse(raw: RawPage) -> Document:
    """Decode a raw page into a Document; raises ParseError for unusable input."""
    data = maybe_gunzip(raw.content)
    if not data.strip():
        raise ParseError("empty document")
    if looks_binary(data):
        raise ParseError("binary content, not a text or HTML page")
    html = is_html(raw.url, data, raw.content_type)
    text, encoding = decode(data, raw.content_type)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("empty document")
    if not html:
        return Document(url=raw.url, text=fix_mojibake(text), is_html=False, encoding=encoding)
    # a page that was strict UTF-8 with nothing to normalize is parsed from its own bytes
    same_bytes = encoding == "utf-8" and b"\r" not in data and not data.startswith(codecs.BOM_UTF8)
    try:
        tree = parse_html(text, data if same_bytes else None)
        # mojibake shows in every accented letter: the page's readable text decides, read in C,
        # rather than a scan of the whole markup; a page with little of it is scanned whole. A UTF-8
        # page whose bytes hold no such pair at all needs neither (one C scan of the bytes).
        if (not same_bytes or _MOJIBAKE_BYTES.search(data)) and _mojibake(
            sample if len(sample := "".join(_READABLE_SAMPLE(tree))) >= MOJIBAKE_SAMPLE_MIN else text
        ):
            text = ftfy.fix_encoding(text)
            tree = parse_html(text)
    except (ValueError, etree.ParserError) as exc:
        raise ParseError(f"unparseable HTML: {exc}") from exc
    return Document(url=raw.url, text=text, is_html=True, encoding=encoding, tree=tree)
