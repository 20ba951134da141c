"""Find the pages a web source lists (feed, sitemap, listing), fetching its documents politely.

The source documents themselves are fetched with conditional GET and archived like any page, so
an unchanged feed costs one 304 and a replay sees exactly what the crawler saw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from wirenorm.config import SourceConfig
from wirenorm.crawl.fetch import Fetcher, FetchResult
from wirenorm.crawl.sources import feed, listing, sitemap
from wirenorm.crawl.sources.xmlsafe import Listed
from wirenorm.crawl.state import State

MAX_CHILD_SITEMAPS = 50


@dataclass
class Discovery:
    listed: list[Listed] = field(default_factory=list)
    documents: list[FetchResult] = field(default_factory=list)  # feeds, sitemaps, index pages fetched
    errors: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    unchanged_documents: int = 0


def discover(
    source: SourceConfig,
    fetcher: Fetcher,
    state: State,
    now: datetime | None = None,
    window: tuple[datetime | None, datetime | None] = (None, None),
) -> Discovery:
    """List a source's pages. `window` (since, until) is a backfill's date range; without it a
    sitemap is read back `lookback_days`. Entries without a date are always kept."""
    now = now or datetime.now(UTC)
    found = Discovery()
    urls = list(source.settings.get("urls", []))
    since, until = window
    if source.kind == "sitemap":
        since = since or now - timedelta(days=float(source.settings.get("lookback_days", 2)))
        _sitemaps(urls, fetcher, state, found, since, depth=0)
    elif source.kind == "feed":
        for url in urls:
            if (doc := _document(url, fetcher, state, found)) is not None:
                _parse_into(found, url, lambda d=doc: feed.parse(d.content, d.final_url))
    elif source.kind == "listing":
        pattern = source.settings.get("link_pattern", ".")
        for url in urls:
            if (doc := _document(url, fetcher, state, found)) is not None:
                _parse_into(found, url, lambda d=doc: listing.parse(d.content, d.final_url, pattern))
    unique: dict[str, Listed] = {}
    for item in found.listed:
        if item.modified is None or (
            (since is None or item.modified >= since) and (until is None or item.modified < until)
        ):
            unique.setdefault(item.url, item)
    found.listed = list(unique.values())
    return found


def _document(url: str, fetcher: Fetcher, state: State, found: Discovery) -> FetchResult | None:
    seen = state.seen([url]).get(url)
    result = fetcher.fetch(url, seen.etag if seen else None, seen.last_modified if seen else None)
    found.documents.append(result)
    if result.unchanged:
        found.unchanged_documents += 1
        return None
    if not result.ok:
        found.errors.append((url, result.error or f"HTTP {result.status}"))
        return None
    return result


def _parse_into(found: Discovery, url: str, parse: Callable[[], list[Listed]]) -> None:
    try:
        found.listed.extend(parse())
    except ValueError as exc:
        found.errors.append((url, str(exc)))


def _sitemaps(urls: list[str], fetcher: Fetcher, state: State, found: Discovery, since: datetime, depth: int) -> None:
    for url in urls[:MAX_CHILD_SITEMAPS]:
        doc = _document(url, fetcher, state, found)
        if doc is None:
            continue
        try:
            parsed = sitemap.parse(doc.content, doc.final_url)
        except ValueError as exc:
            found.errors.append((url, str(exc)))
            continue
        found.listed.extend(p for p in parsed.pages if p.modified is None or p.modified >= since)
        children = [c.url for c in parsed.children if c.modified is None or c.modified >= since]
        if children and depth < 2:
            _sitemaps(children, fetcher, state, found, since, depth + 1)
