"""Plain data passed between stages, and the public Arrow schema of the records.

Every stage takes and returns these dataclasses so that no stage reaches into another's
internals and every stage can be tested on its own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pyarrow as pa

from wirenorm._version import __version__

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RawPage:
    """A page as received (or read from disk), before any decoding."""

    url: str
    content: bytes
    source_id: str = "adhoc"
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    raw_ref: str = ""
    content_type: str | None = None
    key: str | None = None  # identity for article_id when the URL is not one (files: source + path)


@dataclass
class Block:
    """One visible text block of a page, in reading order.

    `kind` is `p` (paragraph), `h` (heading), `li`, `caption`, `credit`, `title` or `meta` (a byline or
    time line); rules use it, and `linked`, to tell a subhead from a paragraph or a teaser from
    prose without re-reading the markup.
    """

    text: str
    kind: str = "p"
    tag: str = ""
    linked: float = 0.0  # share of the text that is link text (a teaser is all link)


@dataclass
class Document:
    """A decoded page: either an lxml tree (HTML) or plain-text lines (dumps)."""

    url: str
    text: str
    is_html: bool
    encoding: str
    tree: Any = None  # lxml.html.HtmlElement for HTML documents


@dataclass
class Removed:
    kind: str
    text: str


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself (JSON-LD, OpenGraph, meta tags, `<time>`) and what a site
    template reads off its lines: a template's named groups must be names of these fields."""

    page_title: str | None = None
    site_name: str | None = None
    site_region: str | None = None
    site_code: str | None = None
    section: str | None = None
    headline: str | None = None
    standfirst: str | None = None
    description: str | None = None
    signature: str | None = None
    photo_credit: str | None = None
    canonical_url: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, for pages whose visible text is thin
    language: str | None = None
    byline: tuple[str, ...] = ()
    # further author lists in the page's order of trust, read when `byline` names no person
    byline_fallbacks: tuple[tuple[str, ...], ...] = ()
    published_at: datetime | None = None
    modified_at: datetime | None = None


# Fields a site template may fill from its named groups (text fields of PageMeta).
_NOT_TEMPLATE = {"byline", "byline_fallbacks", "published_at", "modified_at"}
TEMPLATE_FIELDS = frozenset(f.name for f in dataclasses.fields(PageMeta) if f.name not in _NOT_TEMPLATE)


@dataclass
class Draft:
    """What extraction found, before agency conventions are applied.

    `blocks` holds the article's text blocks in order; `meta` what the page says about itself;
    `page_lines` the page's other text lines, where sign-offs and copyright lines printed outside
    the article are found. Whatever extraction already cut away lands in `removed`. `markup`: the
    HTML, kept for a date read off the page (htmldate parses it again) when neither the metadata
    nor the copy's own time lines give one; most pages never need it.
    """

    url: str
    headline: str | None
    blocks: list[Block]
    meta: PageMeta = field(default_factory=PageMeta)
    page_lines: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    extractor: str = "generic"
    is_article: bool = True
    not_article_reason: str | None = None
    markup: str | None = None


@dataclass
class Article:
    """One normalized record: the columns of schema v1, in order."""

    article_id: str
    story_id: str | None
    url: str
    canonical_url: str | None
    source_id: str
    site_name: str | None
    site_region: str | None
    site_code: str | None
    section: str | None
    headline: str | None
    standfirst: str | None
    body: str
    paragraphs: list[str]
    subheads: list[str]
    byline: list[str]
    signature: str | None
    agency: str | None
    agencies: list[str]
    dateline: str | None
    dateline_place: str | None
    desk_slug: str | None
    photo_caption: str | None
    photo_credit: str | None
    published_at: datetime | None
    modified_at: datetime | None
    fetched_at: datetime | None
    published_date: date | None
    language: str | None
    word_count: int
    content_hash: str
    removed: list[Removed]
    extractor: str
    raw_ref: str
    schema_version: int = SCHEMA_VERSION
    wirenorm_version: str = __version__

    def to_dict(self) -> dict[str, Any]:
        """Column name -> value, with `removed` as plain dicts (what Arrow and JSON expect).
        Shallow: lists are the record's own (dataclasses.asdict deep-copies every value, which
        cost a run more than writing its Parquet)."""
        out = {f.name: getattr(self, f.name) for f in _ARTICLE_FIELDS}
        out["removed"] = [{"kind": r.kind, "text": r.text} for r in self.removed]
        return out

    def to_json_dict(self) -> dict[str, Any]:
        """Like `to_dict`, with dates and times as ISO 8601 strings."""
        out = self.to_dict()
        for key, value in out.items():
            if isinstance(value, (datetime, date)):
                out[key] = value.isoformat()
        return out


_ARTICLE_FIELDS = dataclasses.fields(Article)


@dataclass
class Reject:
    """A page that could not become an article, and why; written like an article is."""

    url: str
    source_id: str
    raw_ref: str
    stage: str
    error_type: str
    message: str
    fetched_at: datetime | None

    @classmethod
    def of(
        cls,
        url: str,
        source_id: str,
        stage: str,
        exc: BaseException,
        *,
        raw_ref: str = "",
        error_type: str | None = None,
        fetched_at: datetime | None = None,
    ) -> Reject:
        """The reject for a failure at `stage`; the message is the exception's, capped."""
        message = str(exc) or exc.__class__.__name__
        return cls(
            url=url,
            source_id=source_id,
            raw_ref=raw_ref,
            stage=stage,
            error_type=error_type or type(exc).__name__,
            message=message[:500],
            fetched_at=fetched_at or datetime.now(UTC),
        )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_TS = pa.timestamp("us", tz="UTC")
REMOVED_TYPE = pa.list_(pa.struct([("kind", pa.string()), ("text", pa.string())]))

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("story_id", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("source_id", pa.string()),
        ("site_name", pa.string()),
        ("site_region", pa.string()),
        ("site_code", pa.string()),
        ("section", pa.string()),
        ("headline", pa.string()),
        ("standfirst", pa.string()),
        ("body", pa.string()),
        ("paragraphs", pa.list_(pa.string())),
        ("subheads", pa.list_(pa.string())),
        ("byline", pa.list_(pa.string())),
        ("signature", pa.string()),
        ("agency", pa.string()),
        ("agencies", pa.list_(pa.string())),
        ("dateline", pa.string()),
        ("dateline_place", pa.string()),
        ("desk_slug", pa.string()),
        ("photo_caption", pa.string()),
        ("photo_credit", pa.string()),
        ("published_at", _TS),
        ("modified_at", _TS),
        ("fetched_at", _TS),
        ("published_date", pa.date32()),
        ("language", pa.string()),
        ("word_count", pa.int32()),
        ("content_hash", pa.string()),
        ("removed", REMOVED_TYPE),
        ("extractor", pa.string()),
        ("raw_ref", pa.string()),
        ("schema_version", pa.int16()),
        ("wirenorm_version", pa.string()),
    ],
    metadata={"wirenorm.schema_version": str(SCHEMA_VERSION), "wirenorm.record": "article"},
)

REJECT_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("source_id", pa.string()),
        ("raw_ref", pa.string()),
        ("stage", pa.string()),
        ("error_type", pa.string()),
        ("message", pa.string()),
        ("fetched_at", _TS),
    ],
    metadata={"wirenorm.schema_version": str(SCHEMA_VERSION), "wirenorm.record": "reject"},
)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_micros(when: datetime | None) -> int | None:
    """A time as integer microseconds since the epoch, UTC (naive times are taken as UTC): how the
    SQLite indexes store the schema's `timestamp[us, UTC]` values, exactly and sortably."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int | None) -> datetime | None:
    return None if micros is None else _EPOCH + timedelta(microseconds=micros)
