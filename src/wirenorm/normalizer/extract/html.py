"""Generic main-content extraction for HTML pages with no site template.

Signals, all general (no per-page rules): paragraph text length and comma count accumulated on
ancestors, link density, class/id names, `<article>`/`<main>` position, and paragraph
continuity among the chosen container's siblings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from copy import deepcopy
from functools import lru_cache
from typing import Any

from lxml import etree

from wirenorm.model import Block
from wirenorm.normalizer import budget
from wirenorm.normalizer.agencies import page_marks
from wirenorm.normalizer.parse import text_of
from wirenorm.normalizer.prefilter import Searcher
from wirenorm.normalizer.spaces import space_runs

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
)
_MAYBE = re.compile(r"and|article|body|column|content|main|post|story|entry|text|shadow")
_POSITIVE = re.compile(r"article|body|content|entry|main|page|post|story|text|blog")
_NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|"
    r"media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|"
    r"shopping|tags|tool|widget|caption|credit",
)
# Roles read from class/id names: text in these elements is furniture around the article, kept
# as fields (caption, credit, byline and time lines) rather than body text.
_ROLES = (
    ("credit", re.compile(r"credit|copyright|photographer|image-?source")),
    ("caption", re.compile(r"caption|cutline|photo-?desc|image-?desc|img-?desc|legend")),
    (
        "meta",
        re.compile(
            r"byline|author|dateline|timestamp|pubdate|published|publish-?date|posted-?on|entry-meta|post-meta|article-?meta|"
            r"(?:^|[\s_-])(?:date|time|updated)(?:$|[\s_-])",
        ),
    ),
)
ROLE_TEXT_MAX = {"credit": 200, "caption": 1000, "meta": 200}
_WS = space_runs(r" \t\n\r\f\v\u00a0\u2009\u200a\u202f")
_BR = "\u2028"  # stands for <br> until whitespace is folded
_NL = re.compile(r" ?\u2028[ \u2028]*")


def _attrs(el: Any) -> str:
    """Class and id, lower-cased: the name patterns are written in lower case, which matches
    several times faster than case-insensitive patterns."""
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _text(el: Any) -> str:
    return " ".join(text_of(el).split())


def _link_density(el: Any, text_len: int) -> float:
    if text_len == 0:
        return 0.0
    links = sum(len(" ".join(text_of(a).split())) for a in el.iter("a"))
    return min(1.0, links / text_len)


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

_NEVER_CHROME = frozenset(("html", "body", "article", "main")) | INLINE_TAGS


def _p_text(el: Any) -> int:
    return sum(len(text_of(p)) for p in el.iter("p"))


def strip_junk(root: Any) -> None:
    """Remove scripts, styles, forms and the like, keeping the text that follows each. (What
    `etree.strip_elements` does, in half its time here: it is asked about a few hundred elements.)"""
    for el in list(root.iter(*JUNK_TAGS)):
        if el.getparent() is not None:
            _drop_keep_tail(el)


def clean_tree(root: Any, by_name: bool = True) -> None:
    """Drop elements that never hold article text, in place (`root` already without `JUNK_TAGS`).

    With `by_name`, elements whose class/id says boilerplate go too, unless they hold a large
    share of the page's paragraph text (a wrapper named `menu-open` still holds the article).
    Inline elements are left to the block decisions: testing their names costs more than they hold.
    What lies inside a hidden or boilerplate element is not judged unless that element stays:
    most of a page's elements sit in its menus, footers and teaser boxes (69 % on the
    article-extraction pages), and all of them go with the box.
    """
    doomed: list[Any] = []
    chrome = _flag(root.iter(etree.Element), root, by_name, doomed)
    budget.check()  # the walk is linear; what follows grows with chrome boxes times their size
    if chrome:  # each paragraph's text read once, however many chrome boxes nest around it
        lengths = {p: len(text_of(p)) for p in root.iter("p")}
        limit = 0.3 * (sum(lengths.values()) or 1)
        length = lengths.__getitem__
        while chrome:
            budget.check()
            el = chrome.pop()
            if sum(map(length, el.iter("p"))) < limit:
                doomed.append(el)
            else:  # it holds the article: what is inside is judged after all
                chrome.extend(_flag(el.iterdescendants(etree.Element), el, by_name, doomed))
    # none is inside another, and taking them out one by one in any order leaves the same text
    for el in doomed:
        if el.getparent() is not None:
            _drop_keep_tail(el)


def _flag(elements: Iterator[Any], top: Any, by_name: bool, doomed: list[Any]) -> list[Any]:
    """Walk `elements` (the elements under `top`, in document order): hidden ones go to `doomed`,
    boilerplate ones are returned, and what is inside either is passed over. One pass in Python:
    faster here than XPath predicates over every element; attribute names are read once."""
    chrome: list[Any] = []
    names, chrome_tags, never_chrome, hides_not = _chrome_names, CHROME_TAGS, _NEVER_CHROME, _HIDING_ATTRS.isdisjoint
    resume = None  # the first element after the box last flagged: those before it are inside the box
    for el in elements:
        if resume is not None:
            if el is not resume:
                continue
            resume = None
        keys = el.keys()
        tag = el.tag
        if not keys:  # nothing hides or names it: only its tag may say chrome
            if not (by_name and tag in chrome_tags):
                continue
            chrome.append(el)
        elif not hides_not(keys) and _hidden(el.get) and tag not in ("html", "body"):
            doomed.append(el)
        elif (
            by_name
            and tag not in never_chrome
            and (tag in chrome_tags or (("class" in keys or "id" in keys) and names(el.get("class"), el.get("id"))))
        ):
            chrome.append(el)
        else:
            continue
        if (resume := _after(el, top)) is None:
            break
    return chrome


def _after(el: Any, top: Any) -> Any | None:
    """The first element after `el` and all it holds, in document order, within `top`."""
    while el is not top:
        following = el.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None:
            return following
        el = el.getparent()
    return None


_HIDING_ATTRS = frozenset(("hidden", "aria-hidden", "style"))


def _hidden(get: Callable[[str], str | None]) -> bool:
    """`hidden`, `aria-hidden="true"` or an inline `display: none`: the reader never sees it."""
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    return style is not None and "display" in style and "display:none" in style.replace(" ", "")


def _is_chrome(el: Any) -> bool:
    return _is_chrome_named(el.tag, el.get("class"), el.get("id"))


def _is_chrome_named(tag: str, classes: str | None, ident: str | None) -> bool:
    return tag in CHROME_TAGS or ((classes is not None or ident is not None) and _chrome_names(classes, ident))


@lru_cache(maxsize=8192)
def _chrome_names(classes: str | None, ident: str | None) -> bool:
    """Decided once per class/id pair (pages repeat them hundreds of times). A name that reads as
    boilerplate makes the element chrome, unless another exempts it (`article`, `content`); no
    pattern spans two names (they are words, the patterns hold no space), so the pair is searched
    whole."""
    names = f"{classes or ''} {ident or ''}".lower()
    if _MAYBE_NAMES.search(names):
        return _hidden_class(classes)
    return _UNLIKELY_NAMES.search(names) is not None or _hidden_class(classes)


_UNLIKELY_NAMES, _MAYBE_NAMES = Searcher(_UNLIKELY), Searcher(_MAYBE)


# utility classes that hide an element (CSS frameworks' `hidden`, screen-reader-only labels):
# a sign-in wall or "Article content" label the reader never sees is not article text
_HIDING_CLASSES = frozenset(
    {
        *("hidden", "d-none", "is-hidden", "hide"),
        *("visually-hidden", "visuallyhidden", "u-visually-hidden", "sr-only"),
        *("screen-reader-text", "screenreader-only", "element-invisible"),
    }
)


@lru_cache(maxsize=8192)
def _hidden_class(classes: str | None) -> bool:
    return bool(classes) and not _HIDING_CLASSES.isdisjoint(classes.split())


def _drop_keep_tail(el: Any) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


LANDMARK_TEXT_MIN = 400  # an <article> shorter than this is a teaser card, not the story


def _class_weight(el: Any) -> float:
    weight = _name_weight(_attrs(el))
    if el.tag in ("article", "main") and len(_text(el)) >= LANDMARK_TEXT_MIN:
        weight += 30
    if el.get("itemprop") == "articleBody":
        weight += 60
    return weight


@lru_cache(maxsize=8192)
def _name_weight(attrs: str) -> float:
    weight = 0.0
    if _NEGATIVE.search(attrs):
        weight -= 25
    if _POSITIVE.search(attrs):
        weight += 25
    return weight


class Scores:
    """Candidate scores: raw paragraph scores, and link-density-adjusted ones computed on demand
    (the adjustment reads the element's whole text, which is costly near the page root)."""

    def __init__(self, raw: dict[Any, float]) -> None:
        self.raw = raw
        self._adjusted: dict[Any, float] = {}

    def get(self, el: Any, default: float = 0.0) -> float:
        if el not in self.raw:
            return default
        if el not in self._adjusted:
            self._adjusted[el] = self.raw[el] * (1 - _link_density(el, len(_text(el))))
        return self._adjusted[el]

    def best(self) -> Any | None:
        """The highest adjusted score (first in document order on ties). Adjusting never raises
        a positive score, so candidates are taken by raw score until no raw score can win."""
        ranked = sorted(self.raw.items(), key=lambda item: item[1], reverse=True)
        bounded = bool(ranked) and ranked[-1][1] >= 0
        order = {el: i for i, el in enumerate(self.raw)}
        best, best_score = None, float("-inf")
        for el, raw in ranked:
            if bounded and raw < best_score:
                break
            score = self.get(el)
            if score > best_score or (score == best_score and order[el] < order[best]):
                best, best_score = el, score
        return best


def best_container(root: Any) -> tuple[Any | None, Scores]:
    """The element whose paragraphs carry the most text, readability-style, and the candidates'
    scores, which decide which siblings continue the article."""
    raw: dict[Any, float] = {}
    for el in root.iter("p", "pre", "td", "div", "blockquote", "section"):
        budget.check()
        if el.tag in ("div", "section") and any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            # a div counts as a paragraph by the text it holds directly, between its blocks
            text = " ".join("".join([el.text or "", *(c.tail or "" for c in el)]).split())
        else:
            text = _text(el)
        if len(text) < 25:
            continue
        score = 1 + text.count(",") + text.count("，") + min(len(text) / 100, 3)
        for ancestor, level in _ancestors(el):
            if ancestor not in raw:
                raw[ancestor] = _class_weight(ancestor)
            raw[ancestor] += score / (1, 2, 3)[level]
    scores = Scores(raw)
    return scores.best(), scores


WRAPPER_DEPTH_MIN, WRAPPER_DEPTH_MAX = 2, 8  # one plain div around a paragraph is ordinary markup


def _ancestors(el: Any) -> Iterator[tuple[Any, int]]:
    """The three ancestors a paragraph's score goes to, with their distance. Component frameworks
    wrap each paragraph in divs of its own, repeated once per paragraph (`<div class=x><div><p>`):
    such a wrapper chain is the paragraph itself, so the container of the repeated wrappers is
    the paragraph's parent, as it would be in plain markup."""
    ancestor, wrappers = el.getparent(), []
    while ancestor is not None and len(ancestor) == 1 and len(wrappers) < WRAPPER_DEPTH_MAX:
        wrappers.append(ancestor)
        ancestor = ancestor.getparent()
    if len(wrappers) >= WRAPPER_DEPTH_MIN and ancestor is not None and _repeated(wrappers[-1]):
        yield from ((w, 0) for w in wrappers)
    else:
        ancestor = el.getparent()
    for level in range(3):
        if ancestor is None or not isinstance(ancestor.tag, str):
            return
        yield ancestor, level
        ancestor = ancestor.getparent()


def _repeated(el: Any) -> bool:
    """Two more siblings built like `el` (same tag and class): a component, not a one-off box."""
    classes = el.get("class")
    if classes is None:
        return False
    parent = el.getparent()
    return sum(1 for sib in parent if sib.tag == el.tag and sib.get("class") == classes) >= 3


def _siblings(top: Any, scores: Scores) -> list[Any]:
    """The top candidate plus neighbouring siblings that continue the article: paragraphs with
    sentence text, and sibling containers that score at least a fifth of the top one (an article
    split into several sections or columns)."""
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(10.0, 0.2 * scores.get(top, 0.0))
    chosen = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            chosen.append(sib)
            continue
        text = _text(sib)
        if not text or _is_chrome(sib):
            continue
        density = _link_density(sib, len(text))
        sentence_p = sib.tag == "p" and (
            (len(text) > 80 and density < 0.25) or (density == 0 and re.search(r"[.!?]\s*$", text))
        )
        named_part = sib.tag in ("div", "section") and _POSITIVE.search(_attrs(sib)) and density < 0.2
        if sentence_p or (named_part and len(text) > 200) or (scores.get(sib, 0.0) >= threshold and density < 0.3):
            chosen.append(sib)
    return chosen


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
    text = _WS.sub(" ", "".join(parts))
    return (_NL.sub("\n", text) if _BR in text else text).strip()


def _role(el: Any) -> str | None:
    """A caption/credit/meta role named by class or id, for elements small enough to be one
    (a wrapper whose classes merely mention `author` holds far more text)."""
    if el.get("class") is None and el.get("id") is None:
        return None
    role = _name_role(_attrs(el))
    if role is None or len(text_of(el)) > ROLE_TEXT_MAX[role]:
        return None
    return role


@lru_cache(maxsize=8192)
def _name_role(attrs: str) -> str | None:
    return next((role for role, rx in _ROLES if rx.search(attrs)), None)


def _block(text: str, tag: str, role: str | None, linked_chars: int = 0) -> Block:
    return Block(text, role or _kind(tag), tag, min(1.0, linked_chars / len(text)) if linked_chars else 0.0)


def iter_blocks(el: Any, role: str | None = None) -> Iterator[Block]:
    """Text blocks of `el` in reading order: block elements split, inline runs joined; blocks
    inside an element named as a caption, credit or byline/time line carry that role as kind.

    Iterative, with `<br>` marked in the text beforehand (`mark_breaks`): pages nest markup
    thousands of levels deep, far past Python's recursion limit.
    """
    # one frame per open block element: (tag, role, remaining children, inline text so far,
    # [characters of that text inside links])
    stack = [(_tag(el), role or _role(el), iter(el), [el.text or ""], [0])]
    while stack:
        tag, role, children, parts, linked = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if text := _inline_text(parts):
                yield _block(text, tag, role, linked[0])
            continue
        ctag = _tag(child)
        if ctag in BLOCK_TAGS or (ctag not in INLINE_TAGS and _holds_blocks(child)):
            budget.check()
            if text := _inline_text(parts):
                yield _block(text, tag, role, linked[0])
            parts.clear()
            linked[0] = 0
            parts.append(child.tail or "")  # read after the child's own blocks
            stack.append((ctag, role or _role(child), iter(child), [child.text or ""], [0]))
            continue
        if ctag and (child_role := _role(child)) is not None and child_role != role:
            # an inline caption or credit (`<span class="credit">`) is a block of its own
            if text := _inline_text(parts):
                yield _block(text, tag, role, linked[0])
            parts.clear()
            linked[0] = 0
            if text := _inline_text([text_of(child)]):
                yield Block(text, child_role, ctag)
        elif ctag:
            inline = text_of(child)
            parts.append(inline)
            if ctag == "a":
                linked[0] += len(inline.strip())
            elif len(child):
                linked[0] += sum(len(text_of(a).strip()) for a in child.iter("a"))
        parts.append(child.tail or "")


def _tag(el: Any) -> str:
    return el.tag if isinstance(el.tag, str) else ""


def mark_breaks(root: Any) -> None:
    """Put a line-break mark where each `<br>` stands, so element text keeps the breaks."""
    for br in root.iter("br"):
        br.tail = _BR + (br.tail or "")


def _is_menu(block: Block) -> bool:
    return block.kind == "li" and len(block.text) < 40 and not re.search(r"[.!?]$", block.text)


RETRY_BELOW_WORDS = 80


def main_blocks(root: Any, reparse: Callable[[], Any] | None = None) -> tuple[list[Block], list[str]]:
    """The article's text blocks, and the short text lines of the whole page.

    The article blocks are empty when no container holds paragraph text. When class/id-based
    cleaning leaves too little, the page is retried without it (some sites give their article
    wrapper a name that reads like boilerplate), on a fresh tree from `reparse` (or a copy taken
    beforehand when there is none). The page lines let agency rules find sign-offs and copyright
    lines that sites print outside the article container.
    """
    body = _body(root)
    strip_junk(body)
    page_text = text_of(body)
    page_lines = trailer_lines(body, page_text)
    pristine = deepcopy(body) if reparse is None else None
    blocks = _blocks_from(body, by_name=True)
    found = sum(len(b.text.split()) for b in blocks)
    # a retry can only win when the page holds more than twice the text found (a short story on
    # a short page is read once)
    if found < RETRY_BELOW_WORDS and len(page_text.split()) > 2 * found:
        if pristine is None and reparse is not None:
            pristine = _body(reparse())
            strip_junk(pristine)
        retry = _blocks_from(pristine, by_name=False)
        if sum(len(b.text.split()) for b in retry) > 2 * found:
            return retry, page_lines
    return blocks, page_lines


def _body(root: Any) -> Any:
    body = root.find("body")
    return root if body is None else body


PAGE_LINE_MAX = 600


def trailer_lines(root: Any, page_text: str | None = None) -> list[str]:
    """Short page lines that may be sign-offs or copyright notices, wherever the page prints them.
    Only the branches whose text holds one of the words such lines use (those the page's text has
    at all) are walked down to the text that holds it: a few paths, not the whole page (an XPath
    test on every text node cost twice as much). `page_text`: the text of `root`, when known."""
    page_text = text_of(root) if page_text is None else page_text
    words = tuple(w for w in page_marks() if w in page_text)
    if not words:
        return []
    out: dict[str, None] = {}
    for node in _holding(root, words):
        line = _WS.sub(" ", text_of(node)).strip()
        if 2 < len(line) < PAGE_LINE_MAX:
            out.setdefault(line, None)
    return list(out)


def _holding(root: Any, words: tuple[str, ...]) -> list[Any]:
    """Elements whose own text holds one of `words`, in document order (for a tail that holds
    it, the element the tail stands in). A stack, not recursion: pages nest elements a thousand
    deep."""
    found = []
    stack: list[tuple[Any, bool]] = [(root, False)]  # (element, its tail's turn)
    while stack:
        el, tail = stack.pop()
        if tail:
            if el.tail and any(w in el.tail for w in words) and (parent := el.getparent()) is not None:
                found.append(parent)  # the line the tail stands in: `<p><a>Terms</a> © 2024 ...</p>`
            continue
        if el.text and any(w in el.text for w in words):
            found.append(el)
        for child in reversed(el):
            stack.append((child, True))
            if any(w in text_of(child) for w in words):
                stack.append((child, False))
    return found


def _blocks_from(body: Any, by_name: bool) -> list[Block]:
    clean_tree(body, by_name=by_name)
    mark_breaks(body)
    top, scores = best_container(body)
    if top is None:
        return []
    parts = _component_run(top) or _siblings(top, scores) + _twins(top, scores)
    if len(parts) > 1:
        order = {el: i for i, el in enumerate(body.iter())}
        parts.sort(key=order.__getitem__)
        parts = _first_story(parts)
    return [b for part in parts for b in iter_blocks(part) if not _is_menu(b)]


TWIN_CLASS_SHARE = 0.6


def _same_build(a: str | None, b: str) -> bool:
    """Class lists of one component, modifiers aside (`RichText` and `RichText RichText--last`)."""
    if a is None:
        return False
    if a == b:
        return True
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) >= TWIN_CLASS_SHARE * len(ta | tb)


COMPONENT_LINKS_MAX = 0.3


def _component_run(top: Any) -> list[Any]:
    """A story cut into chunks of one component, repeated (`<div class=text-width><div><div><p>`
    between banners): when `top` is such a chunk, every chunk built alike beside it that holds
    paragraph text, however short. [] when `top` is no chunk of a component."""
    unit, depth = top, 0
    while (parent := unit.getparent()) is not None and len(parent) == 1 and parent.tag not in ("body", "html"):
        unit, depth = parent, depth + 1
    if depth < WRAPPER_DEPTH_MIN or unit.getparent() is None or not _repeated(unit):
        return []  # one plain wrapper (a grid `row`) is layout, not a component
    build = (unit.tag, unit.get("class"))
    run = [sib for sib in unit.getparent() if (sib.tag, sib.get("class")) == build and _p_text(sib)]
    # teaser cards are components too, but mostly links
    return [sib for sib in run if sib is unit or _link_density(sib, len(_text(sib))) < COMPONENT_LINKS_MAX]


def _twins(top: Any, scores: Scores) -> list[Any]:
    """Containers elsewhere in the page built like the top one (same tag, most of its classes)
    that also carry article text: a story cut into sections by full-width figures or pull quotes."""
    classes = top.get("class")
    if not classes:
        return []
    threshold = max(10.0, 0.2 * scores.get(top))
    parent = top.getparent()
    twins = []
    for el, raw in scores.raw.items():
        if el is top or raw < threshold or el.tag != top.tag or not _same_build(el.get("class"), classes):
            continue
        if scores.get(el) < threshold:
            continue
        if el.getparent() is parent or any(a is top for a in el.iterancestors()):
            continue  # siblings are already judged; nested copies are inside
        if any(a is el for a in top.iterancestors()):
            continue
        twins.append(el)
    chosen = set(twins)  # a section inside a twin is read with it
    return [el for el in twins if not any(a in chosen for a in el.iterancestors())]


def _story(el: Any) -> Any | None:
    """The `<article>` element holding `el`, if any."""
    return next(el.iterancestors("article"), None)


def _first_story(parts: list[Any]) -> list[Any]:
    """Parts in document order that lie in several `<article>` elements are several stories (an
    endless-scroll page appends the next ones, built alike): the page's own comes first."""
    stories = {_story(p) for p in parts}
    if len(stories) < 2 or None in stories:
        return parts
    first = _story(parts[0])
    return [p for p in parts if _story(p) is first]


def page_blocks(root: Any) -> list[Block]:
    """Every visible text block of the page (for site templates that read the whole page)."""
    title = root.find(".//title")
    head = [Block(_WS.sub(" ", text_of(title)).strip(), "title", "title")] if title is not None else []
    body = root.find("body")
    if body is None:
        return head
    copy = deepcopy(body)
    strip_junk(copy)
    mark_breaks(copy)
    return head + [b for b in iter_blocks(copy) if b.text]
