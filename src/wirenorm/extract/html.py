"""Generic main-content extraction for HTML pages with no site template.

Signals, all general (no per-page rules): paragraph text length and comma count accumulated on
ancestors, link density, class/id names, `<article>`/`<main>` position, and paragraph
continuity among the chosen container's siblings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from lxml import etree

from wirenorm.model import Block

JUNK_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "select",
    "button",
    "input",
    "textarea",
    "dialog",
    "link",
    "meta",
)
# Boilerplate by element, removed like boilerplate by name: unless it holds the article (broken
# markup can leave the whole story inside an unclosed <aside>).
CHROME_TAGS = frozenset(("nav", "aside", "menu", "footer"))
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "address",
        "hr",
        "center",
        "details",
        "summary",
    ]
)
TEXT_BLOCKS = frozenset(
    [
        "p",
        "li",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "dd",
        "dt",
        "td",
        "th",
        "address",
    ]
)
_UNLIKELY = re.compile(
    r"-ad-|\bads?\b|advert|banner|breadcrumb|combx|comment|community|cookie|consent|disqus|"
    r"footer|gdpr|masthead|menu|newsletter|outbrain|taboola|pagination|pager|popup|modal|"
    r"promo|related|recommend|remark|replies|rss|share|sharing|shoutbox|sidebar|skyscraper|"
    r"social|sponsor|subscribe|supplemental|toolbar|trending|most-?popular|navbar|nav-|signup|"
    r"paywall|teaser|tags?-list|byline-share|read-?more|more-stories|widget",
    re.I,
)
_MAYBE = re.compile(r"and|article|body|column|content|main|post|story|entry|text|shadow", re.I)
_POSITIVE = re.compile(r"article|body|content|entry|main|page|post|story|text|blog", re.I)
_NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|"
    r"media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|"
    r"shopping|tags|tool|widget|caption|credit",
    re.I,
)
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u2009\u200a\u202f]+")
_BR = "\u2028"  # stands for <br> until whitespace is folded
_NL = re.compile(r" ?\u2028[ \u2028]*")


def _attrs(el: Any) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _text(el: Any) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _link_density(el: Any, text_len: int) -> float:
    if text_len == 0:
        return 0.0
    links = sum(len(_WS.sub(" ", a.text_content()).strip()) for a in el.iter("a"))
    return min(1.0, links / text_len)


def clean_tree(root: Any, by_name: bool = True) -> None:
    """Drop elements that never hold article text, in place.

    With `by_name`, elements whose class/id says boilerplate go too, unless they hold a large
    share of the page's paragraph text (a wrapper named `menu-open` still holds the article).
    """
    etree.strip_elements(root, *JUNK_TAGS, with_tail=False)
    p_len: dict[Any, int] = {}  # paragraph text held by each element, summed once bottom-up
    for p in root.iter("p"):
        n = len(p.text_content())
        p_len[p] = p_len.get(p, 0) + n
        for ancestor in p.iterancestors():
            p_len[ancestor] = p_len.get(ancestor, 0) + n
    total_p = p_len.get(root, 0) or 1
    doomed = [
        el
        for el in root.xpath(
            '//*[@hidden or @aria-hidden="true" or contains(translate(@style, " ", ""), "display:none")]'
        )
        if el.tag not in ("html", "body")
    ]
    if by_name:
        for el in root.xpath("//*[@class or @id] | //nav | //aside | //menu | //footer"):
            if el.tag in ("html", "body", "article", "main", "a"):
                continue
            attrs = _attrs(el)
            chrome = el.tag in CHROME_TAGS or (_UNLIKELY.search(attrs) and not _MAYBE.search(attrs))
            if chrome and p_len.get(el, 0) < 0.3 * total_p:
                doomed.append(el)
    doomed_set = set(doomed)
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed_set for a in el.iterancestors()):
            _drop_keep_tail(el)


def _drop_keep_tail(el: Any) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _class_weight(el: Any) -> float:
    attrs = _attrs(el)
    weight = 0.0
    if _NEGATIVE.search(attrs):
        weight -= 25
    if _POSITIVE.search(attrs):
        weight += 25
    if el.tag in ("article", "main"):
        weight += 30
    if el.get("itemprop") == "articleBody":
        weight += 60
    return weight


def best_container(root: Any) -> tuple[Any | None, dict[Any, float]]:
    """The element whose paragraphs carry the most text, readability-style, and every candidate's
    score (link density applied), which decides which siblings continue the article."""
    scores: dict[Any, float] = {}
    for el in root.iter("p", "pre", "td", "div", "blockquote", "section"):
        if el.tag in ("div", "section") and any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            continue  # a div only counts as a paragraph when it holds text directly
        text = _text(el)
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + text.count("，") + min(len(text) / 100, 3)
        ancestor = el.getparent()
        for level in range(3):
            if ancestor is None or not isinstance(ancestor.tag, str):
                break
            if ancestor not in scores:
                scores[ancestor] = _class_weight(ancestor)
            scores[ancestor] += score / (1, 2, 3)[level]
            ancestor = ancestor.getparent()
    if not scores:
        return None, {}
    best, best_score = None, float("-inf")
    adjusted_scores = {}
    for el, score in scores.items():
        adjusted = score * (1 - _link_density(el, len(_text(el))))
        adjusted_scores[el] = adjusted
        if adjusted > best_score:
            best, best_score = el, adjusted
    return best, adjusted_scores


def _siblings(top: Any, scores: dict[Any, float] | None = None) -> list[Any]:
    """The top candidate plus neighbouring siblings that continue the article: paragraphs with
    sentence text, and sibling containers that score at least a fifth of the top one (an article
    split into several sections or columns)."""
    parent = top.getparent()
    if parent is None:
        return [top]
    scores = scores or {}
    threshold = max(10.0, 0.2 * scores.get(top, 0.0))
    chosen = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            chosen.append(sib)
            continue
        text = _text(sib)
        if not text:
            continue
        density = _link_density(sib, len(text))
        sentence_p = sib.tag == "p" and (
            (len(text) > 80 and density < 0.25) or (density == 0 and re.search(r"[.!?]\s*$", text))
        )
        named_part = sib.tag in ("div", "section") and _POSITIVE.search(_attrs(sib)) and density < 0.2
        if sentence_p or (named_part and len(text) > 200) or (scores.get(sib, 0.0) >= threshold and density < 0.3):
            chosen.append(sib)
    return chosen


INLINE_TAGS = frozenset(
    [
        "a",
        "b",
        "i",
        "em",
        "strong",
        "small",
        "sub",
        "sup",
        "abbr",
        "cite",
        "code",
        "q",
        "time",
        "mark",
        "s",
        "u",
        "del",
        "ins",
        "br",
        "img",
        "label",
    ]
)


def _holds_blocks(el: Any) -> bool:
    """An unknown or inline element wrapping block content (`<block><p>..</p></block>`)."""
    return any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in el.iterdescendants())


def _kind(tag: str) -> str:
    if tag == "h1":
        return "title"
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return "h"
    if tag == "figcaption":
        return "caption"
    if tag == "li":
        return "li"
    return "p"


def _inline_text(parts: list[str]) -> str:
    text = "".join(parts)
    return _NL.sub("\n", _WS.sub(" ", text)).strip()


def iter_blocks(el: Any) -> Iterator[Block]:
    """Text blocks of `el` in reading order: block elements split, inline runs joined."""
    parts: list[str] = []
    tag = el.tag if isinstance(el.tag, str) else ""
    if el.text:
        parts.append(el.text)
    for child in el:
        ctag = child.tag if isinstance(child.tag, str) else ""
        if ctag in BLOCK_TAGS or (ctag not in INLINE_TAGS and _holds_blocks(child)):
            if text := _inline_text(parts):
                yield Block(text, _kind(tag), tag)
            parts = []
            yield from iter_blocks(child)
        elif ctag == "br":
            parts.append(_BR)
        else:
            parts.append(_inline_content(child))
        if child.tail:
            parts.append(child.tail)
    if text := _inline_text(parts):
        yield Block(text, _kind(tag), tag)


def _inline_content(el: Any) -> str:
    """Text of an inline element, with `<br>` kept as a line break."""
    if not isinstance(el.tag, str):
        return ""
    out = [el.text or ""]
    for child in el:
        out.append(_BR if child.tag == "br" else _inline_content(child))
        out.append(child.tail or "")
    return "".join(out)


def _is_menu(block: Block) -> bool:
    return block.kind == "li" and len(block.text) < 40 and not re.search(r"[.!?]$", block.text)


def main_blocks(root: Any) -> tuple[list[Block], list[str]]:
    """The article's text blocks, and the short text lines of the whole page.

    The article blocks are empty when no container holds paragraph text. When class/id-based
    cleaning leaves too little, the page is retried without it (some sites give their article
    wrapper a name that reads like boilerplate). The page lines let agency rules find sign-offs
    and copyright lines that sites print outside the article container.
    """
    body = root.find("body")
    if body is None:
        body = root
    pristine = deepcopy(body)
    etree.strip_elements(pristine, *JUNK_TAGS, with_tail=False)
    page_lines = trailer_lines(pristine)
    blocks = _blocks_from(body, by_name=True)
    if sum(len(b.text.split()) for b in blocks) < 80:
        retry = _blocks_from(pristine, by_name=False)
        if sum(len(b.text.split()) for b in retry) > 2 * sum(len(b.text.split()) for b in blocks):
            return retry, page_lines
    return blocks, page_lines


PAGE_LINE_MAX = 600
_TRAILER_WORDS = (
    "©",
    "opyright",
    "eporting by",
    "riting by",
    "diting by",
    "ompiled by",
    "contributed",
    "ith reporting",
    "dpa:",
    "Quelle",
    "übernommen",
    "Standards",
    "(KNA",
    "L.P.",
    "ights reserved",
    "ights Reserved",
)
_TRAILER_XPATH = etree.XPath("//text()[" + " or ".join(f'contains(., "{w}")' for w in _TRAILER_WORDS) + "]")


def trailer_lines(root: Any) -> list[str]:
    """Short page lines that may be sign-offs or copyright notices, wherever the page prints them;
    found by libxml2 (XPath on the words such lines use) rather than by walking the whole page."""
    out: dict[str, None] = {}
    for text in _TRAILER_XPATH(root):
        node = text.getparent()
        line = _WS.sub(" ", node.text_content() if node is not None else str(text)).strip()
        if 2 < len(line) < PAGE_LINE_MAX:
            out.setdefault(line, None)
    return list(out)


def _blocks_from(body: Any, by_name: bool) -> list[Block]:
    clean_tree(body, by_name=by_name)
    top, scores = best_container(body)
    if top is None:
        return []
    return [b for part in _siblings(top, scores) for b in iter_blocks(part) if not _is_menu(b)]


def page_blocks(root: Any) -> list[Block]:
    """Every visible text block of the page (for site templates that read the whole page)."""
    title = root.find(".//title")
    head = [Block(_WS.sub(" ", title.text_content()).strip(), "title", "title")] if title is not None else []
    body = root.find("body")
    if body is None:
        return head
    copy = deepcopy(body)
    etree.strip_elements(copy, *JUNK_TAGS, with_tail=False)
    return head + [b for b in iter_blocks(copy) if b.text]
