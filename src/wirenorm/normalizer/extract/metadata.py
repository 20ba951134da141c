"""Page metadata from JSON-LD, OpenGraph, meta tags and `<time>`, most trusted source first.

Publishers fill structured metadata for search engines far more reliably than they mark up the
visible page, so it is read first and the visible page is the fallback.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as dateparser
from lxml import etree

from wirenorm.model import PageMeta
from wirenorm.normalizer.names import is_organisation
from wirenorm.normalizer.parse import text_of
from wirenorm.normalizer.spaces import space_runs
from wirenorm.times import parse_time

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "backgroundnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "techarticle",
    "scholarlyarticle",
}
_WS = space_runs()


def clean(text: str | None) -> str:
    """Whitespace folded; entities left escaped by the page's own templates (`&#8220;`) undone."""
    text = text or ""
    if "&" in text and ";" in text:
        text = html.unescape(text)
    return _WS.sub(" ", text).strip()


def _ld_url(ld: dict[str, Any]) -> str | None:
    page = ld.get("mainEntityOfPage")
    for value in (page.get("@id") if isinstance(page, dict) else page, ld.get("url")):
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


# Zone names printed on pages, which dateutil does not know by itself.
_ZONES = {
    name: offset * 3600
    for name, offset in {
        "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3,
        "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    }.items()
}  # fmt: skip


def parse_visible_time(text: str) -> datetime | None:
    """A time as pages print it (`Updated 1:39 am EST, Wednesday, November 20, 2019`), in UTC;
    None unless it names a day of a month and a year."""
    if not re.search(r"\b(?:1[89]|20)\d\d\b", text):
        return None
    try:
        # dotted numeric dates (19.11.2021) are day-first wherever they are printed
        dayfirst = bool(re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text))
        parsed = dateparser.parse(text, fuzzy=True, tzinfos=_ZONES, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not 1900 < parsed.year < 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _walk_jsonld(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            out.extend(_walk_jsonld(item))
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                out.extend(_walk_jsonld(node[key]))
    return out


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [clean(value)] if clean(value) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def jsonld_article(scripts: list[Any]) -> dict[str, Any]:
    """The first Article-like JSON-LD object in the page's `ld+json` scripts, or {}."""
    for script in scripts:
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # pages often carry trailing commas or control characters
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        for node in _walk_jsonld(data):
            if _types(node) & _ARTICLE_TYPES:
                return node
    return {}


def _overlap(a: str, b: str) -> float:
    ta, tb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return len(ta & tb) / len(ta) if ta else 0.0


_SEGMENT_START = re.compile(r"\s*(?:\||-|–|—|·|::)\s+")


_KICKER_END = re.compile(r"\s*[:|]\s+$")
# "...커졌다-정치ㅣ한국일보", "...逮捕：東京新聞": a short tail glued on without spaces
_TIGHT_SEGMENT_START = re.compile(r"[|\-–—·:：｜ㅣ*]")
SHORT_TAIL = 40


def _trimmed_by(candidate: str, other: str) -> bool:
    """`other` is `candidate` without a kicker (`Kicker: other`) or without a tail (`other | Site`)."""
    if other == candidate:
        return False
    if candidate.endswith(other) and _KICKER_END.search(candidate[: -len(other)]):
        return len(other) >= 0.4 * len(candidate)  # a headline, not a quote lifted from it
    if not candidate.startswith(other):
        return False
    tail = candidate[len(other) :]
    return bool(_SEGMENT_START.match(tail) or (len(tail) <= SHORT_TAIL and _TIGHT_SEGMENT_START.match(tail)))


def choose_headline(declared: list[str], h1s: list[str], title: str, site: str) -> str | None:
    """Declared titles first, unless they only name the site; then the h1 most like `<title>`.

    A declared title that is another declared title or the page's h1 plus a kicker (`Olympia:
    ...`) or a tail (`| Sport`, `| DW | 28.04.2023`, `- Site`) gives way to it: the kicker is
    the section's, the tail the site's, not the story's."""
    site_l = site.lower()
    h1s = [h for h in h1s if 3 < len(h) < 300 and h.lower() != site_l]
    named = [c for c in declared if c and not (site and _overlap(c, site) > 0.6)]
    if named:
        # "Yahoo News - Latest News & Headlines" as og:title names the site, not the story
        candidate = named[0]
        return next((o for o in [*named[1:], *h1s] if _trimmed_by(candidate, o)), candidate)
    if h1s:
        best = max(h1s, key=lambda h: _overlap(h, title))
        if _overlap(best, title) >= 0.5 or not title:
            return best
    return title or (h1s[0] if h1s else None)


PAGE_DATE_CHARS = 1_000_000  # dates stand near the top; a 20 MB page is not read twice


def page_date(html_text: str, url: str) -> datetime | None:
    """The publication date as the page shows it (URL, visible dates in the page's language and
    format, `<time>` without attributes...), by htmldate: for pages that declare none."""
    from htmldate import find_date

    try:
        found = find_date(
            html_text[:PAGE_DATE_CHARS],
            url=url if url.startswith("http") else None,
            original_date=True,
            extensive_search=True,
        )
    except (ValueError, TypeError):
        return None
    return datetime.fromisoformat(found).replace(tzinfo=UTC) if found else None


_AUTHOR_KEYS = ("author", "byl", "dc.creator", "parsely-author", "sailthru.author", "article:author")
_AUTHOR_BOXES = ("author", "byline")  # class names a template gives the author's box
# "Autorin/Autor Roman Goncharenko": a label element, the name after it
_AUTHOR_LABEL = re.compile(
    r"(?:autor(?:in)?(?:/autor(?:in)?)?|autoren|author|authors|auteur|autore|forfatter|författare|yazar|"
    r"text|tekst|redaktion|reporter)\s*:?",
    re.I,
)
_LABEL_TAGS = frozenset(("strong", "b", "dt", "span", "th"))
AUTHOR_TEXT_MAX = 80
# two to four capitalised words, or a CJK name: what a person's name looks like in an author box
_NAME_SHAPE = re.compile(
    r"(?:[A-ZÀ-Þ][\w'’.-]*\s+){1,3}[A-ZÀ-Þ][\w'’.-]*|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,6}"
)


def _meta_authors(metas: list[Any]) -> list[list[str]]:
    """Every author meta tag, each its own source: pages print the site in one (`author`) and the
    person in another (a second `author`, `cXenseParse:author`)."""
    found: list[tuple[int, str]] = []
    for el in metas:
        if el.get("content") is None:
            continue
        key = (el.get("name") or el.get("property") or "").strip().lower()
        if key in _AUTHOR_KEYS or key.endswith(":author"):
            value = clean(el.get("content"))
            if value and not value.startswith("http"):
                found.append((_AUTHOR_KEYS.index(key) if key in _AUTHOR_KEYS else len(_AUTHOR_KEYS), value))
    found.sort(key=lambda kv: kv[0])  # stable: document order within one key
    return [[value] for value in dict.fromkeys(value for _, value in found)]


@dataclass
class _AuthorNodes:
    """The elements the fallback author sources read, found in one walk of the tree: an XPath
    per source walked the tree once each (four walks on a page with no declared author)."""

    marked: list[Any] = field(default_factory=list)  # rel="author" or itemprop="author"
    boxes: dict[str, list[Any]] = field(default_factory=dict)  # innermost elements classed as each box
    labels: list[Any] = field(default_factory=list)  # elements an author label may be (`<strong>Autor</strong>`)

    @classmethod
    def of(cls, tree: Any) -> _AuthorNodes:
        nodes = cls()
        classed: dict[str, list[Any]] = {box: [] for box in _AUTHOR_BOXES}
        for el in tree.iter(etree.Element):
            if el.tag in _LABEL_TAGS:
                nodes.labels.append(el)
            keys = el.keys()  # attribute names first: most elements have no `rel` or `itemprop`
            if not keys:
                continue
            if ("rel" in keys and el.get("rel") == "author") or ("itemprop" in keys and el.get("itemprop") == "author"):
                nodes.marked.append(el)
            if "class" in keys:
                classes = el.get("class")
                for box in _AUTHOR_BOXES:
                    if box in classes:
                        classed[box].append(el)
        nodes.boxes = {box: _innermost(found) for box, found in classed.items()}
        return nodes


def _innermost(elements: list[Any]) -> list[Any]:
    """Those of `elements` (in document order) with none of the others inside them."""
    members, outer = set(elements), set()
    for el in elements:
        ancestor = el.getparent()
        while ancestor is not None:
            if ancestor in members:  # seen before `el`: its own ancestors are marked already
                outer.add(ancestor)
                break
            ancestor = ancestor.getparent()
    return [el for el in elements if el not in outer]


def _marked_authors(nodes: _AuthorNodes) -> list[str]:
    return [t for n in nodes.marked[:3] if (t := clean(text_of(n))) and len(t) < AUTHOR_TEXT_MAX]


def _named_authors(nodes: _AuthorNodes, box: str) -> list[str]:
    """Names in elements classed as author boxes, a piece of text each (a box often lists several
    names in separate elements, with `von`/`by` and labels in elements of their own)."""
    out: dict[str, None] = {}
    for node in nodes.boxes[box][:20]:
        for piece in node.itertext():
            text = clean(piece)
            if 2 < len(text) < AUTHOR_TEXT_MAX and _NAME_SHAPE.fullmatch(text):
                out.setdefault(text, None)
    return list(out)[:4]


def _labelled_authors(nodes: _AuthorNodes) -> list[str]:
    """A name printed after an author label in a fact box (`<strong>Autor</strong> Name`)."""
    for el in nodes.labels:
        if el.text and _AUTHOR_LABEL.fullmatch(el.text.strip()) and len(el) == 0:
            following = clean(el.tail) or (clean(text_of(el.getnext())) if el.getnext() is not None else "")
            if following and _NAME_SHAPE.fullmatch(following):
                return [following]
    return []


_CREDIT_ATTRS = ("data-copyright", "data-credit")
_COPYRIGHT_HOLDER = etree.XPath(".//*[@itemprop='copyrightHolder']")


@dataclass
class _Nodes:
    """The elements metadata is read from, found in one walk of the tree (a walk per kind of
    element cost more than reading them)."""

    metas: list[Any] = field(default_factory=list)
    scripts: list[Any] = field(default_factory=list)  # JSON-LD
    h1s: list[Any] = field(default_factory=list)
    times: list[Any] = field(default_factory=list)  # with a `datetime`
    title: Any = None
    credit: str | None = None  # the first picture credit: an img's credit attribute, a figure's holder
    canonical: str | None = None  # the first `<link rel=canonical>`'s address

    @classmethod
    def of(cls, tree: Any) -> _Nodes:
        nodes = cls()
        for el in tree.iter("meta", "script", "h1", "time", "title", "img", "figure", "link"):
            tag = el.tag
            if tag == "meta":
                nodes.metas.append(el)
            elif tag == "link":
                if nodes.canonical is None and (el.get("rel") or "").lower() == "canonical":
                    nodes.canonical = el.get("href")
            elif tag == "script":
                if "ld+json" in (el.get("type") or "").lower():
                    nodes.scripts.append(el)
            elif tag == "h1":
                nodes.h1s.append(el)
            elif tag == "time":
                if el.get("datetime") is not None:
                    nodes.times.append(el)
            elif tag == "title":
                if nodes.title is None:
                    nodes.title = el
            elif nodes.credit is None:
                nodes.credit = _picture_credit(el)
        return nodes


def _picture_credit(el: Any) -> str | None:
    if el.tag == "img":  # names first: an img's other values (`srcset`) run long
        names = el.keys()  # (iterating an element gives its children)
        return next((el.get(key) for key in names if key in _CREDIT_ATTRS), None)
    holder = _COPYRIGHT_HOLDER(el)
    return next((text for text in holder[0].itertext() if text), None) if holder else None


def read(tree: Any) -> PageMeta:
    """Collect metadata into plain keys: headline, byline, published_at, ... (absent if unknown)."""
    meta: dict[str, Any] = {}
    props: dict[str, str] = {}
    nodes = _Nodes.of(tree)
    for el in nodes.metas:
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in props:
            props[key] = content.strip()
    ld = jsonld_article(nodes.scripts)

    def first(*values: Any) -> Any:
        return next((v for v in values if v), None)

    page_title = clean(text_of(nodes.title)) if nodes.title is not None else ""
    meta["page_title"] = page_title or None
    og_site = clean(props.get("og:site_name"))
    publisher = (_names(ld.get("publisher")) or [None])[0]
    # an og:site_name such as "nationalpost" is a slug; the publisher's name reads better
    meta["site_name"] = first(
        publisher if og_site and og_site.islower() and " " not in og_site else None,
        og_site,
        publisher,
        clean(props.get("application-name")),
    )
    meta["headline"] = choose_headline(
        [
            clean(ld.get("headline")) if isinstance(ld.get("headline"), str) else "",
            clean(props.get("og:title")),
            clean(props.get("twitter:title")),
            clean(props.get("headline")),
        ],
        [clean(text_of(h)) for h in nodes.h1s[:5]],
        page_title,
        meta["site_name"] or "",
    )
    if nodes.credit and clean(nodes.credit):
        meta["photo_credit"] = clean(nodes.credit)
    sources = [s for s in (_names(ld.get("author")) or _names(ld.get("creator")), *_meta_authors(nodes.metas)) if s]
    if not any(not is_organisation(name, meta["site_name"]) for source in sources for name in source):
        # nobody declared but the site: the page's marked authors, author boxes and labels (read
        # only then: each is a walk of the whole tree). A byline box stands in for a missing
        # declaration; a box merely classed `author` (every teaser card has one) only replaces a
        # declared author that is the site.
        author_nodes = _AuthorNodes.of(tree)
        found = (_marked_authors(author_nodes), _named_authors(author_nodes, "byline"), _labelled_authors(author_nodes))
        sources.extend(s for s in found if s)
        if sources and (named := _named_authors(author_nodes, "author")):
            sources.append(named)
    meta["byline"] = sources[0] if sources else []
    meta["byline_fallbacks"] = tuple(tuple(s) for s in sources[1:])
    meta["published_at"] = next(
        (
            parsed
            for v in (
                ld.get("datePublished"),
                ld.get("dateCreated"),
                props.get("article:published_time"),
                props.get("og:article:published_time"),
                props.get("datepublished"),
                props.get("pubdate"),
                props.get("publishdate"),
                props.get("date"),
                props.get("dc.date"),
                props.get("dc.date.issued"),
                props.get("sailthru.date"),
                props.get("parsely-pub-date"),
                props.get("dcterms.created"),
                *(t.get("datetime") for t in nodes.times[:3]),
            )
            if (parsed := parse_time(v)) is not None
        ),
        None,
    )
    meta["modified_at"] = first(
        parse_time(ld.get("dateModified")),
        parse_time(props.get("article:modified_time")),
        parse_time(props.get("og:updated_time")),
        parse_time(props.get("dcterms.modified")),
    )
    html_lang = tree.getroottree().getroot().get("lang") or ""
    lang = first(
        ld.get("inLanguage") if isinstance(ld.get("inLanguage"), str) else None,
        html_lang,
        props.get("og:locale"),
        props.get("content-language"),
        props.get("dc.language"),
    )
    meta["language"] = lang.strip().lower().replace("_", "-").split("-")[0][:2] if lang else None
    canonical = nodes.canonical
    meta["canonical_url"] = first(
        canonical.strip() if canonical is not None else None, props.get("og:url"), _ld_url(ld)
    )
    meta["description"] = first(clean(props.get("og:description")), clean(props.get("description")))
    meta["section"] = first(
        clean(ld.get("articleSection")) if isinstance(ld.get("articleSection"), str) else None,
        clean(props.get("article:section")),
    )
    body = ld.get("articleBody")
    meta["article_body"] = body.strip() if isinstance(body, str) else None
    meta["byline"] = tuple(meta.get("byline") or ())
    return PageMeta(**{k: v for k, v in meta.items() if v not in (None, "", [])})
