"""Article text that a page ships only inside its scripts.

Client-rendered sites (Next.js, Nuxt and similar) send the story as a JSON string in the page's
hydration state (`"contentHtml":"<p>..."`) and an empty shell as markup; a browser fills it in, a
crawler sees nothing. The longest such string under a body-like key is the article; it is read
only when the markup held no article text, so ordinary pages never pay for the scan.
"""

from __future__ import annotations

import json
import re

from lxml import etree

from wirenorm.model import Block
from wirenorm.normalizer.extract.html import iter_blocks, mark_breaks, strip_junk

MIN_CHARS = 300  # shorter strings are summaries and teasers, not a story
SCAN_CHARS = 5_000_000  # hydration state sits in the page's first megabytes; a 20 MB page is not read whole
# a JSON string under a key that names a body: `"contentHtml":"..."`, `"articleBody":"..."`
_KEY = r'"[A-Za-z_]*(?:[Cc]ontent|[Bb]ody|[Hh]tml|[Tt]ext)[A-Za-z_]*"'
_FIELD = re.compile(rf'{_KEY}\s*:\s*"((?:[^"\\]|\\.){{{MIN_CHARS},}})"')
_MARKUP = re.compile(r"<(?:p|br|div|h[2-6])\b", re.I)
_PLACEHOLDER = re.compile(r"\$\$\w+\$\$|\{\{\s*\w+\s*\}\}|%%\w+%%")  # ad slots left in the template


def _decoded(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def embedded_blocks(html_text: str) -> list[Block]:
    """The blocks of the longest body-like string in the page's scripts; [] when there is none."""
    best: tuple[int, str] | None = None
    for match in _FIELD.finditer(html_text, 0, SCAN_CHARS):
        value = _decoded(match.group(1))
        if value is None:
            continue
        size = len(re.sub(r"<[^>]*>", "", value)) if _MARKUP.search(value) else len(value)
        if size >= MIN_CHARS and (best is None or size > best[0]):
            best = (size, value)
    if best is None:
        return []
    value = _PLACEHOLDER.sub(" ", best[1])
    if not _MARKUP.search(value):
        return [Block(p.strip(), "p", "p") for p in value.split("\n") if p.strip()]
    root = etree.fromstring(f"<div>{value}</div>", etree.HTMLParser())
    body = root.find(".//body/div") if root is not None else None
    if body is None:
        return []
    strip_junk(body)
    mark_breaks(body)
    return [b for b in iter_blocks(body) if b.text]
