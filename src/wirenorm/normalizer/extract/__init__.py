"""Document -> Draft: a site template when one recognises the page, else generic extraction."""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from wirenorm.model import Block, Document, Draft, PageMeta, Removed
from wirenorm.normalizer.extract import html as html_extract
from wirenorm.normalizer.extract import metadata
from wirenorm.normalizer.extract.chrome import chrome_kind
from wirenorm.normalizer.extract.embedded import embedded_blocks
from wirenorm.normalizer.extract.front_matter import declared, front_matter
from wirenorm.normalizer.extract.site import title_site
from wirenorm.normalizer.extract.text import BYLINE_LINE, extract_text, logical_lines
from wirenorm.normalizer.parse import parse_html
from wirenorm.normalizer.prefilter import may_match, needs
from wirenorm.normalizer.sites import all_sites, apply_templates

__all__ = ["extract", "text_blocks"]


def text_blocks(text: str) -> list[Block]:
    """A plain-text dump as blocks: one per non-empty line, whitespace folded."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", line).strip()
        if line:
            out.append(Block(line, "p", ""))
    return out


def _from_template(doc_url: str, blocks: list[Block], meta: PageMeta) -> Draft | None:
    found = apply_templates(blocks, doc_url)
    if found is None:
        return None
    meta = dataclasses.replace(meta, **found.fields)  # names checked against PageMeta at import
    return Draft(
        url=doc_url,
        headline=meta.headline,
        blocks=found.blocks,
        meta=meta,
        removed=found.removed,
        extractor=found.template,
        is_article=found.not_article is None,
        not_article_reason=found.not_article,
    )


def _extract_text(doc: Document, repeated: frozenset[str]) -> Draft:
    matter, text = front_matter(doc.text)
    lines = logical_lines(text)
    blocks = [Block(line.text, "p", "") for line in lines]
    draft = _from_template(doc.url, blocks, PageMeta()) or extract_text(text, doc.url, repeated, lines=lines)[0]
    return declared(draft, matter) if matter is not None else draft


def _template_candidate(meta: PageMeta, url: str, html: str) -> bool:
    """Worth walking the whole page for a site template: title or URL fits, and its marker is there."""
    title = meta.page_title or ""
    return any(
        (re.fullmatch(s.title_line, title) or (s.url and re.search(s.url, url)))
        and (s.page_marker is None or _marked(s.page_marker, html))
        for s in all_sites()
    )


@cache
def _marker_needs(marker: str) -> tuple[str, ...]:
    return needs(marker)


def _marked(marker: str, html: str) -> bool:
    """The marker is in the page: looked for as the strings it needs first (a regex alternation
    walks all of a 200 KB page; `in` finds a string in a fraction of that)."""
    return may_match(_marker_needs(marker), html) and re.search(marker, html) is not None


THIN_BODY_CHARS = 300  # less article text than this in the markup: look for it in the scripts


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks if b.kind in ("p", "li"))


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind in ("p", "li"))


CHROME_BLOCK_MAX = 300  # longer blocks are prose whatever words they share with widgets
TEASER_LINKED, TEASER_MAX, TEASER_BYLINE_MAX = 0.9, 250, 60
# kinds that markup tells apart better than words: figures in a table are data, not a ticker
_MARKUP_KINDS = frozenset(("ticker",))


def without_chrome(blocks: list[Block]) -> tuple[list[Block], list[Removed]]:
    """Widget lines that sit inside article containers ("Les også: ...", "Log in", a reaction
    prompt under every paragraph), judged by the text path's multilingual chrome vocabulary,
    and teasers (a block that is one link); each goes to `removed` with its kind."""
    kept: list[Block] = []
    removed: list[Removed] = []
    after_teaser = False
    for block in blocks:
        kind = None
        if block.kind in ("p", "li", "h") and block.linked >= TEASER_LINKED and len(block.text) <= TEASER_MAX:
            kind = "teaser"  # the headline of another story, a link and nothing else
        elif after_teaser and len(block.text) <= TEASER_BYLINE_MAX and BYLINE_LINE.match(block.text):
            kind = "teaser"  # the teaser's own byline, not the article's
        elif block.kind in ("p", "li") and block.tag not in ("td", "th") and len(block.text) <= CHROME_BLOCK_MAX:
            kind = chrome_kind(block.text)
        after_teaser = kind == "teaser"
        if kind is None or kind in _MARKUP_KINDS:
            kept.append(block)
        else:
            removed.append(Removed(kind, block.text))
    return kept, removed


def _extract_html(doc: Document) -> Draft:
    meta = metadata.read(doc.tree)
    if meta.site_name is None and meta.page_title:  # no declared name: the title's part the address spells
        meta = dataclasses.replace(meta, site_name=title_site(meta.page_title, doc.url))
    if _template_candidate(meta, doc.url, doc.text):
        draft = _from_template(doc.url, html_extract.page_blocks(doc.tree), meta)
        if draft is not None:
            return dataclasses.replace(draft, markup=doc.text)
    blocks, page_lines = html_extract.main_blocks(doc.tree, reparse=lambda: parse_html(doc.text))
    extractor = "generic"
    body_words = _words(blocks)
    ld_body = meta.article_body
    if ld_body and len(ld_body.split()) > max(60, 2 * body_words):
        blocks = text_blocks(ld_body)
        extractor = "generic-jsonld"
    elif (
        (chars := _chars(blocks)) < THIN_BODY_CHARS
        and (script_blocks := embedded_blocks(doc.text))
        and _chars(script_blocks) > 2 * chars
    ):
        blocks = script_blocks
        extractor = "generic-script"
    headline = meta.headline
    blocks, removed = without_chrome(blocks)
    kept: list[Block] = []
    for block in blocks:
        if block.kind == "title":
            headline = headline or block.text
            removed.append(Removed("headline", block.text))
        else:
            kept.append(block)
    return Draft(
        url=doc.url,
        headline=headline,
        blocks=kept,
        meta=meta,
        page_lines=page_lines,
        removed=removed,
        extractor=extractor,
        markup=doc.text,
    )


def extract(doc: Document, repeated: frozenset[str] = frozenset()) -> Draft:
    """Find the article in a document; never raises for odd pages (the draft may be empty).
    `repeated`: lines of a text dump that its site prints on many pages (chrome)."""
    return _extract_html(doc) if doc.is_html else _extract_text(doc, repeated)
