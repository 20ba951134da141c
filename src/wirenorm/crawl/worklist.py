"""A run's work: the items of the chosen sources for a window, or the raw archive replayed.

Local kinds give items directly. Web kinds list pages, and the crawl state decides which are
worth a request: new ones, ones the source says changed since our fetch (asked with conditional
GET), and earlier transient failures (retried); the rest cost nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from wirenorm.config import Config, ConfigError, SourceConfig
from wirenorm.crawl.archive import WarcArchive
from wirenorm.crawl.fetch import RETRY_STATUSES, Politeness, shared_fetcher
from wirenorm.crawl.items import Item
from wirenorm.crawl.sources import ListContext, Listed, kind_of
from wirenorm.crawl.sources.warc import discover as warc_files
from wirenorm.crawl.state import FetchRecord, State
from wirenorm.model import Reject
from wirenorm.times import Window

__all__ = ["Discovered", "chosen_sources", "discover_web", "local_items", "raw_items", "web_items"]


@dataclass
class Discovered:
    """A web source's listing, with what it cost: the documents fetched (for the crawl state) and
    the documents that failed (as rejects)."""

    pages: list[tuple[str, Listed]] = field(default_factory=list)  # (source id, page)
    fetches: list[FetchRecord] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    unchanged_documents: int = 0


def chosen_sources(config: Config, source_ids: Sequence[str] | None) -> list[SourceConfig]:
    if source_ids:
        return [config.source(s) for s in source_ids]
    return [s for s in config.sources if s.enabled]


def local_items(config: Config, source_ids: Sequence[str] | None = None, window: Window | None = None) -> list[Item]:
    """Files and WARC files of the chosen local sources, in a stable order. With a window, page
    files are chosen by modification time (no read needed); WARC records are chosen when read."""
    window = window or Window()
    ctx = ListContext(base=config.base, window=window)
    items: list[Item] = []
    for source in chosen_sources(config, source_ids):
        if kind_of(source).web:
            continue
        try:
            listing = kind_of(source).list(source, ctx)
        except ConfigError as exc:
            raise ConfigError(f"{config.where}: {exc}") from None
        items += [i for i in listing.items if _file_in(i, window)]
    return items


def _file_in(item: Item, window: Window) -> bool:
    if item.kind != "file" or not window.bounded:
        return True
    try:
        mtime = datetime.fromtimestamp(Path(item.location).stat().st_mtime, UTC)
    except OSError:
        return True  # unreadable: kept, to end as a read reject
    return window.contains(mtime)


def raw_items(config: Config, source_ids: Sequence[str] | None = None) -> list[Item]:
    """Replay: every WARC file of the raw archive (optionally only the chosen sources' records)."""
    wanted = tuple(source_ids or ())
    return [Item("", "warc", str(p), replay_of=wanted) for p in warc_files(config.paths.warc)]


def discover_web(source: SourceConfig, policy: Politeness, config: Config, run_id: str, window: Window) -> Discovered:
    """List one web source; the documents it fetched are archived and its failures become rejects."""
    state = State(config.paths.crawl_state, readonly=True)
    archive = WarcArchive(config.paths.warc_today(), f"{run_id}-discover-{source.id}")
    out = Discovered()
    try:
        ctx = ListContext(config.base, window, shared_fetcher(policy), state, config.raw_dir)
        listing = kind_of(source).list(source, ctx)
        for doc in listing.documents:
            doc.started_at = doc.started_at.replace(microsecond=0)  # WARC dates have seconds
            out.fetches.append(FetchRecord.of(doc, source.id, archive.put(doc, source.id)))
        out.rejects += [
            Reject.of(e.url, source.id, "discover", ValueError(e.reason), error_type="source") for e in listing.errors
        ]
        out.unchanged_documents = listing.unchanged_documents
        unique: dict[str, Listed] = {}
        for page in listing.pages:
            if window.contains(page.modified):
                unique.setdefault(page.url, page)
        out.pages = [(source.id, page) for page in unique.values()]
    finally:
        archive.close()
        state.close()
    return out


def web_items(
    listed: Iterable[tuple[str, Listed]], state: State, source_ids: Iterable[str] = ()
) -> tuple[list[Item], int]:
    """The listed URLs worth a request, plus earlier transient failures of these sources.
    Returns (items, skipped as unchanged)."""
    listed = list(dict((page.url, (sid, page)) for sid, page in listed).values())
    seen = state.seen(page.url for _, page in listed)
    items, skipped = [], 0
    for source_id, page in listed:
        known = seen.get(page.url)
        if known is None or not known.last_fetched or known.status in RETRY_STATUSES or known.transient:
            items.append(Item(source_id, "url", page.url))
        elif page.modified and page.modified > datetime.fromisoformat(known.last_fetched):
            items.append(Item(source_id, "url", page.url, etag=known.etag, last_modified=known.last_modified))
        else:
            skipped += 1
    queued = {i.location for i in items} | {page.url for _, page in listed}
    items += [Item(sid, "url", url) for sid, url in state.pending(source_ids) if url not in queued]
    return items, skipped
