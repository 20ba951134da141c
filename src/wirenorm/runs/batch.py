"""Batches of work, the unit Prefect tasks run: list items, normalize a batch, write a run.

These are plain functions so that the CLI, the flows and the tests share one code path; the
flows only decide where each function runs.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa

from wirenorm.config import Config, ConfigError, SourceConfig
from wirenorm.crawl.archive import WarcArchive
from wirenorm.crawl.fetch import RETRY_STATUSES, FetchError, Politeness, shared_fetcher
from wirenorm.crawl.sources import files, warc
from wirenorm.crawl.sources.discover import discover
from wirenorm.crawl.sources.xmlsafe import Listed
from wirenorm.crawl.state import FetchRecord, State
from wirenorm.dataset import store
from wirenorm.dataset.stories import StoryIndex, assign_stories
from wirenorm.model import Article, RawPage, Reject
from wirenorm.normalizer.pipeline import process, reject


@dataclass(frozen=True)
class Item:
    """One unit of input: a file, a URL to fetch (with its validators), or a WARC file."""

    source_id: str
    kind: str  # "file" | "url" | "warc"
    location: str
    root: str = ""
    etag: str | None = None
    last_modified: str | None = None
    replay: bool = False  # a file of our own archive: records keep the source id they were fetched for

    @property
    def host(self) -> str:
        return urlsplit(self.location).netloc if self.kind == "url" else ""


@dataclass(frozen=True)
class BatchContext:
    """Where a batch writes its raw archive, and how it fetches; plain data, so Dask can ship it."""

    raw_dir: str
    run_id: str
    politeness: Politeness = field(default_factory=Politeness)
    allow: dict[str, tuple[bool, tuple[str, ...]]] = field(default_factory=dict)  # source -> private policy
    since: datetime | None = None  # backfill window: pages outside it are left alone
    until: datetime | None = None

    def in_window(self, when: datetime | None) -> bool:
        if when is None:
            return True
        return (self.since is None or when >= self.since) and (self.until is None or when < self.until)


@dataclass
class BatchResult:
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    pages: int = 0
    fetched: int = 0
    unchanged: int = 0
    fetches: list[FetchRecord] = field(default_factory=list)
    not_modified_documents: int = 0


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    sources: list[str] = field(default_factory=list)
    pages: int = 0
    listed: int = 0  # URLs the web sources list
    fetched: int = 0  # pages fetched with a body
    not_modified: int = 0  # skipped as unchanged: listed as old, or answered 304
    articles: int = 0
    rejects: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    partitions: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    health: dict[str, dict[str, float]] = field(default_factory=dict)  # per source, see source_health

    @property
    def seconds(self) -> float:
        end = self.finished_at or datetime.now(UTC)
        return (end - self.started_at).total_seconds()

    def health_lines(self) -> list[str]:
        out = []
        for sid, h in sorted(self.health.items()):
            out.append(
                f"  {sid}: {h['pages']:.0f} pages, {h['articles']:.0f} articles, empty-body {h['empty_body']:.0%}, "
                f"boilerplate left {h['boilerplate_left']:.0%}, generic extractor {h['generic']:.0%}"
            )
        return out

    def lines(self) -> list[str]:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.rejects_by_reason.items())) or "none"
        return [
            f"run {self.run_id}: {self.pages} pages read, {self.articles} articles, {self.rejects} rejects "
            f"in {self.seconds:.1f}s",
            f"web: {self.listed} listed, {self.fetched} fetched, {self.not_modified} unchanged (not fetched or 304)",
            f"dataset: {self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.stale} stale, {self.partitions} partitions touched",
            f"rejects by reason: {reasons}",
            "per source:",
            *self.health_lines(),
        ]

    def markdown(self) -> str:
        rows = [
            ("pages read", self.pages),
            ("articles", self.articles),
            ("rejects", self.rejects),
            ("inserted", self.inserted),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("seconds", f"{self.seconds:.1f}"),
        ]
        table = "\n".join(f"| {k} | {v} |" for k, v in rows)
        reasons = "\n".join(f"| {k} | {v} |" for k, v in sorted(self.rejects_by_reason.items()))
        health = "\n".join(
            f"| {sid} | {h['pages']:.0f} | {h['articles']:.0f} | {h['empty_body']:.0%} | {h['boilerplate_left']:.0%} "
            f"| {h['generic']:.0%} |"
            for sid, h in sorted(self.health.items())
        )
        return (
            f"# wirenorm run {self.run_id}\n\n| metric | value |\n|---|---|\n{table}\n\n"
            f"## Rejects by reason\n\n| reason | count |\n|---|---|\n{reasons or '| none | 0 |'}\n\n"
            "## Extraction health per source\n\n| source | pages | articles | empty body | boilerplate left "
            f"| generic extractor |\n|---|---:|---:|---:|---:|---:|\n{health}\n"
        )

    def to_row(self) -> dict[str, object]:
        row = asdict(self)
        row["sources"] = ",".join(self.sources)
        row["rejects_by_reason"] = ";".join(f"{k}={v}" for k, v in sorted(self.rejects_by_reason.items()))
        row["health"] = ";".join(
            f"{sid}:" + ",".join(f"{k}={v:.3f}" for k, v in sorted(h.items())) for sid, h in sorted(self.health.items())
        )
        row["seconds"] = self.seconds
        return row


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def chosen_sources(config: Config, source_ids: Sequence[str] | None) -> list[SourceConfig]:
    if source_ids:
        return [config.source(s) for s in source_ids]
    return [s for s in config.sources if s.enabled]


def list_items(config: Config, source_ids: Sequence[str] | None = None) -> list[Item]:
    """Local input items (files, WARC files) of the chosen sources, in a stable order."""
    items: list[Item] = []
    for source in chosen_sources(config, source_ids):
        if source.is_web:
            continue
        root = source.path(config.base)
        if not root.exists():
            raise ConfigError(f"{config.where}: source {source.id!r}: key 'path': {root} does not exist")
        if source.kind == "warc":
            items.extend(Item(source.id, "warc", str(p), str(root)) for p in warc.discover(root))
            continue
        pattern = source.settings.get("glob", "**/*")
        for p in files.discover([root], pattern):
            kind = "warc" if p.name.endswith(warc.WARC_SUFFIXES) else "file"
            items.append(Item(source.id, kind, str(p), str(root)))
    return items


def within(items: list[Item], ctx: BatchContext) -> list[Item]:
    """Drop local files outside a backfill window by their modification time (no read needed)."""
    if ctx.since is None and ctx.until is None:
        return items
    out = []
    for item in items:
        if item.kind == "file":
            try:
                mtime = datetime.fromtimestamp(Path(item.location).stat().st_mtime, UTC)
            except OSError:
                mtime = None  # unreadable: kept, to end as a read reject
            if not ctx.in_window(mtime):
                continue
        out.append(item)
    return out


def raw_items(config: Config, source_ids: Sequence[str] | None = None) -> list[Item]:
    """Replay: every WARC file of the raw archive (optionally only the chosen sources' records)."""
    wanted = ",".join(source_ids or [])
    return [Item(wanted, "warc", str(p), replay=True) for p in warc.discover(config.raw_dir / "warc")]


def politeness(config: Config) -> Politeness:
    known = {f.name for f in dataclasses.fields(Politeness)}
    return Politeness(**{k: v for k, v in config.extra.get("fetch", {}).items() if k in known})


def context(config: Config, run_id: str, since: datetime | None = None, until: datetime | None = None) -> BatchContext:
    allow = {s.id: (s.allow_private, s.allow_hosts) for s in config.sources}
    return BatchContext(str(config.raw_dir), run_id, politeness(config), allow, since, until)


def web_items(
    listed: Iterable[tuple[str, Listed]], state: State, source_ids: Iterable[str] = ()
) -> tuple[list[Item], int]:
    """New URLs, seen ones the source says changed since our fetch (conditional GET), and earlier
    transient failures (retried); the rest are skipped as unchanged without a request.
    Returns (items, skipped)."""
    listed = list(dict((item.url, (sid, item)) for sid, item in listed).values())
    seen = state.seen(item.url for _, item in listed)
    items, skipped = [], 0
    for source_id, entry in listed:
        known = seen.get(entry.url)
        if known is None or known.status in RETRY_STATUSES or not known.last_fetched:
            items.append(Item(source_id, "url", entry.url))
        elif entry.modified and entry.modified > datetime.fromisoformat(known.last_fetched):
            items.append(Item(source_id, "url", entry.url, etag=known.etag, last_modified=known.last_modified))
        else:
            skipped += 1
    queued = {i.location for i in items} | {entry.url for _, entry in listed}
    items += [Item(sid, "url", url) for sid, url in state.pending(source_ids) if url not in queued]
    return items, skipped


def discover_web(
    source: SourceConfig, ctx: BatchContext, state_path: str
) -> tuple[list[tuple[str, Listed]], BatchResult]:
    """List a web source's pages; its documents are archived and failures become rejects."""
    allow_private, allow_hosts = ctx.allow.get(source.id, (False, ()))
    policy = dataclasses.replace(ctx.politeness, allow_private=allow_private, allow_hosts=allow_hosts)
    state = State(Path(state_path), readonly=True)
    archive = WarcArchive(_warc_dir(ctx), f"{ctx.run_id}-discover-{source.id}")
    result = BatchResult()
    try:
        found = discover(source, shared_fetcher(policy), state, window=(ctx.since, ctx.until))
        for doc in found.documents:
            doc.started_at = doc.started_at.replace(microsecond=0)
            ref = archive.put(doc, source.id)
            result.fetches.append(
                FetchRecord(
                    doc.url,
                    source.id,
                    doc.status,
                    doc.headers.get("etag"),
                    doc.headers.get("last-modified"),
                    None,
                    ref,
                    doc.started_at,
                )
            )
        for url, reason in found.errors:
            placeholder = RawPage(url=url, content=b"", source_id=source.id, raw_ref="")
            result.rejects.append(reject(placeholder, "discover", ValueError(reason), error_type="source"))
        result.not_modified_documents = found.unchanged_documents
    finally:
        archive.close()
        state.close()
    return [(source.id, item) for item in found.listed], result


def chunks(items: Sequence[Item], size: int) -> Iterator[list[Item]]:
    """Batches of about `size` items; all URLs of one host stay in one batch, so one task (and one
    process, on Dask too) owns a host and its politeness delays."""
    by_host: dict[str, list[Item]] = {}
    local: list[Item] = []
    for item in items:
        (by_host.setdefault(item.host, []) if item.kind == "url" else local).append(item)
    for start in range(0, len(local), size):
        yield local[start : start + size]
    batch: list[Item] = []
    for host_items in by_host.values():
        if batch and len(batch) + len(host_items) > size:
            yield batch
            batch = []
        batch.extend(host_items)
    if batch:
        yield batch


MAX_PARALLEL_HOSTS = 16


def process_items(items: Iterable[Item], ctx: BatchContext | None = None) -> BatchResult:
    """Normalize a batch; any failure of one item becomes a reject, never an exception.

    URLs are fetched one host at a time per thread (each host's delay is honoured) and several
    hosts in parallel, so a batch holding many small hosts is not serialised behind one delay.
    """
    result = BatchResult()
    by_host: dict[str, list[Item]] = {}
    for item in items:
        if item.kind == "file":
            _process_file(item, result, ctx)
        elif item.kind == "warc":
            _process_warc(item, result, ctx)
        else:
            by_host.setdefault(item.host, []).append(item)
    if not by_host:
        return result
    if ctx is None:
        raise ValueError("URL items need a BatchContext")
    archive = WarcArchive(_warc_dir(ctx), f"{ctx.run_id}-{uuid.uuid4().hex[:6]}")
    try:
        with ThreadPoolExecutor(max_workers=min(len(by_host), MAX_PARALLEL_HOSTS)) as pool:
            parts = list(pool.map(lambda host_items: _fetch_host(host_items, ctx, archive), by_host.values()))
    finally:
        archive.close()  # raw_refs already name the final file
    for part in parts:
        result.articles += part.articles
        result.rejects += part.rejects
        result.fetches += part.fetches
        result.pages += part.pages
        result.fetched += part.fetched
        result.unchanged += part.unchanged
    return result


def _fetch_host(items: list[Item], ctx: BatchContext, archive: WarcArchive) -> BatchResult:
    part = BatchResult()
    for item in items:
        part.pages += 1
        _process_url(item, ctx, archive, part)
    return part


def _warc_dir(ctx: BatchContext) -> Path:
    return Path(ctx.raw_dir) / "warc" / datetime.now(UTC).strftime("%Y-%m-%d")


def _process_file(item: Item, result: BatchResult, ctx: BatchContext | None = None) -> None:
    path = Path(item.location)
    try:
        raw = files.read_page(path, item.source_id, Path(item.root))
        if ctx is not None and not ctx.in_window(raw.fetched_at):
            return
        result.pages += 1
    except OSError as exc:
        placeholder = RawPage(url=path.resolve().as_uri(), content=b"", source_id=item.source_id, raw_ref=item.location)
        result.pages += 1
        result.rejects.append(reject(placeholder, "read", exc))
        return
    _add(process(raw), result)


def _process_warc(item: Item, result: BatchResult, ctx: BatchContext | None = None) -> None:
    wanted = set(item.source_id.split(",")) - {""} if item.replay else set()
    try:
        for raw in warc.pages(Path(item.location), None if item.replay else item.source_id):
            if (wanted and raw.source_id not in wanted) or (ctx is not None and not ctx.in_window(raw.fetched_at)):
                continue
            result.pages += 1
            _add(process(raw), result)
    except Exception as exc:  # a corrupt archive is a reject, not a crashed run
        placeholder = RawPage(
            url=Path(item.location).resolve().as_uri(), content=b"", source_id=item.source_id, raw_ref=item.location
        )
        result.rejects.append(reject(placeholder, "read", exc))


def _process_url(item: Item, ctx: BatchContext, archive: WarcArchive, result: BatchResult) -> None:
    allow_private, allow_hosts = ctx.allow.get(item.source_id, (False, ()))
    policy = dataclasses.replace(ctx.politeness, allow_private=allow_private, allow_hosts=allow_hosts)
    fetched = shared_fetcher(policy).fetch(item.location, item.etag, item.last_modified)
    fetched.started_at = fetched.started_at.replace(microsecond=0)  # WARC dates have seconds
    raw_ref = archive.put(fetched, item.source_id)
    record = FetchRecord(
        item.location,
        item.source_id,
        fetched.status,
        fetched.headers.get("etag"),
        fetched.headers.get("last-modified"),
        None,
        raw_ref,
        fetched.started_at,
        fetched.error_type,
    )
    if fetched.unchanged:
        result.unchanged += 1
        result.fetches.append(record)
        return
    if not fetched.ok:
        placeholder = RawPage(
            url=item.location, content=b"", source_id=item.source_id, raw_ref=raw_ref, fetched_at=fetched.started_at
        )
        failure = FetchError(fetched.error or f"HTTP {fetched.status}")
        result.rejects.append(reject(placeholder, "fetch", failure, error_type=fetched.error_type or "http"))
        result.fetches.append(record)
        return
    result.fetched += 1
    raw = RawPage(
        url=fetched.final_url,
        content=fetched.content,
        source_id=item.source_id,
        headers=fetched.headers,
        fetched_at=fetched.started_at,
        raw_ref=raw_ref,
        content_type=fetched.headers.get("content-type"),
    )
    out = process(raw)
    _add(out, result)
    chash = out.content_hash if isinstance(out, Article) else None
    result.fetches.append(dataclasses.replace(record, content_hash=chash))


def _add(out: Article | Reject, result: BatchResult) -> None:
    (result.articles if isinstance(out, Article) else result.rejects).append(out)


class RunWriter:
    """Writes one run's batches as they finish, so memory stays flat however long the run is.

    It holds the dataset lock for the whole run (a second run stops at once with a clear message),
    opens the article and story indexes (SQLite under data/state/) once, and writes the run's row
    and the stories table when the run ends.
    """

    def __init__(self, config: Config, summary: RunSummary) -> None:
        self.config = config
        self.summary = summary
        self.clean = config.clean_dir
        self.day = summary.started_at.date().isoformat()
        self._lock = store.locked(self.clean, timeout=config.lock_timeout)
        self._partitions: set[str] = set()
        self._health: dict[str, Counter[str]] = {}

    def __enter__(self) -> RunWriter:
        self._lock.__enter__()
        try:
            self.articles_index = store.open_index(self.clean / "articles", self.config.state_dir / "articles.sqlite")
            self.stories = StoryIndex(self.config.state_dir / "stories.sqlite")
            self.state = State(self.config.state_dir / "crawl.sqlite")
        except BaseException:
            self._close_indexes()
            self._lock.__exit__(None, None, None)
            raise
        return self

    def add(self, r: BatchResult) -> None:
        s = self.summary
        s.pages += r.pages
        s.fetched += r.fetched
        s.not_modified += r.unchanged + r.not_modified_documents
        s.articles += len(r.articles)
        s.rejects += len(r.rejects)
        for rej in r.rejects:
            key = f"{rej.stage}/{rej.error_type}"
            s.rejects_by_reason[key] = s.rejects_by_reason.get(key, 0) + 1
        count_health(self._health, r.articles, r.rejects)
        s.health = health_shares(self._health)
        assign_stories(r.articles, self.clean / "stories", index=self.stories)
        stats = store.write_articles(r.articles, self.clean / "articles", self.articles_index)
        s.inserted += stats.inserted
        s.updated += stats.updated
        s.unchanged += stats.unchanged
        s.stale += stats.stale
        self._partitions |= stats.partitions
        s.partitions = len(self._partitions)
        store.append_table(store.rejects_table(r.rejects, s.run_id), self.clean / "rejects", f"run_date={self.day}")
        self.state.record_fetches(r.fetches)

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            s = self.summary
            s.finished_at = datetime.now(UTC)
            status = "ok" if exc_type is None else "failed"
            row = {**s.to_row(), "status": status}
            store.append_table(pa.Table.from_pylist([row]), self.clean / "runs", f"run_date={self.day}")
            self.stories.write_stories(self.clean / "stories" / "stories.parquet")
            for sid, h in s.health.items():
                outcome = status if h["articles"] or status != "ok" else "no articles"
                self.state.record_run(
                    sid, outcome, int(h["pages"]), int(h["articles"]), int(h["pages"] - h["articles"])
                )
        finally:
            self._close_indexes()
            self._lock.__exit__(None, None, None)

    def _close_indexes(self) -> None:
        for name in ("articles_index", "stories", "state"):
            if hasattr(self, name):
                getattr(self, name).close()


def write_run(config: Config, results: Iterable[BatchResult], summary: RunSummary) -> RunSummary:
    """Write every batch result and the run row; fills the summary."""
    with RunWriter(config, summary) as writer:
        for r in results:
            writer.add(r)
    return summary


# Text that should never survive into a clean body; its presence means a template broke.
BOILERPLATE_TELLS = re.compile(
    r"text size:|all rights reserved|share this article|sign up for|subscribe to our|advertisement|"
    r"accept cookies|read more:|follow us on|copyright \d{4}",
    re.I,
)


def count_health(counts: dict[str, Counter[str]], articles: Sequence[Article], rejects: Sequence[Reject]) -> None:
    for a in articles:
        c = counts.setdefault(a.source_id, Counter())
        c["pages"] += 1
        c["articles"] += 1
        c["boilerplate_left"] += bool(BOILERPLATE_TELLS.search(a.body))
        c["generic"] += a.extractor.startswith("generic")
    for r in rejects:
        c = counts.setdefault(r.source_id, Counter())
        c["pages"] += 1
        c["empty_body"] += r.error_type == "NotAnArticle"


def health_shares(counts: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    """Per source: pages, articles, and the shares that show a broken template the day it breaks:
    pages with no article text, articles with boilerplate left in the body, articles that fell
    back to the generic extractor."""
    out = {}
    for sid, c in sorted(counts.items()):
        n = c["articles"] or 1
        out[sid] = {
            "pages": float(c["pages"]),
            "articles": float(c["articles"]),
            "empty_body": c["empty_body"] / c["pages"] if c["pages"] else 0.0,
            "boilerplate_left": c["boilerplate_left"] / n,
            "generic": c["generic"] / n,
        }
    return out
