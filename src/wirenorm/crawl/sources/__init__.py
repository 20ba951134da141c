"""Source kinds, one module each, behind one small protocol; found by registry like the agencies.

A kind declares the configuration keys it accepts (checked by `wirenorm.config`) and lists a
source's items for a window: local kinds return `Item`s, web kinds return the pages they list
(with the time the source says each changed) plus the documents they fetched to learn it.
Adding a kind is one module here that defines `SOURCE` and one test.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from wirenorm.crawl.fetch import Fetcher, FetchResult
from wirenorm.crawl.items import Item
from wirenorm.crawl.state import State
from wirenorm.times import Window

if TYPE_CHECKING:
    from wirenorm.config import SourceConfig

TypeSpec = type | tuple[type, ...]


@dataclass(frozen=True)
class Listed:
    """A page a source lists, with the time the source says it last changed (if it says)."""

    url: str
    modified: datetime | None = None


@dataclass(frozen=True)
class ListingError:
    url: str
    reason: str


@dataclass
class Listing:
    """What one source lists for a window."""

    items: list[Item] = field(default_factory=list)  # local kinds: files and WARC files to read
    pages: list[Listed] = field(default_factory=list)  # web kinds: pages worth considering
    documents: list[FetchResult] = field(default_factory=list)  # feeds, sitemaps, index pages fetched
    errors: list[ListingError] = field(default_factory=list)
    unchanged_documents: int = 0


@dataclass
class ListContext:
    """What a kind may use to list: the config's folder, the window, and (web kinds) a polite
    fetcher, the crawl state (validators of earlier fetches) and the raw archive folder."""

    base: Path
    window: Window = field(default_factory=Window)
    fetcher: Fetcher | None = None
    state: State | None = None
    raw_dir: Path | None = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


class Source(Protocol):
    """A kind of source: its config keys, and how it lists a source of that kind."""

    kind: str
    keys: Mapping[str, TypeSpec]  # keys this kind accepts besides the common ones (id, kind, cron...)
    required: tuple[str, ...]
    web: bool  # lists URLs to fetch (feed, sitemap, listing) rather than local files

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing: ...


@cache
def registry() -> dict[str, Source]:
    """Every source kind, by name; a module without `SOURCE` is a helper, not a kind."""
    kinds: dict[str, Source] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "SOURCE", None)
        if kind is None:
            continue
        if kind.kind in kinds:
            raise TypeError(f"source kind {kind.kind!r} is defined twice")
        kinds[kind.kind] = kind
    return kinds


def kind_of(source: SourceConfig) -> Source:
    return registry()[source.kind]


def fetch_document(url: str, ctx: ListContext, out: Listing) -> FetchResult | None:
    """Fetch a feed, sitemap or index page with the validators of its last fetch; None when it is
    unchanged (304) or failed (the failure becomes a listing error)."""
    if ctx.fetcher is None or ctx.state is None:
        raise ValueError("web sources need a fetcher and the crawl state")
    seen = ctx.state.seen([url]).get(url)
    result = ctx.fetcher.fetch(url, seen.etag if seen else None, seen.last_modified if seen else None)
    out.documents.append(result)
    if result.unchanged:
        out.unchanged_documents += 1
        return None
    if not result.ok:
        out.errors.append(ListingError(url, result.error or f"HTTP {result.status}"))
        return None
    return result


def parse_into(out: Listing, url: str, parse: Callable[[], list[Listed]]) -> None:
    """Parse a fetched document into listed pages; a document that does not parse is an error."""
    try:
        out.pages.extend(parse())
    except ValueError as exc:
        out.errors.append(ListingError(url, str(exc)))
