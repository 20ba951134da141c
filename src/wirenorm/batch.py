"""Batches of work, the unit Prefect tasks run: list items, normalize a batch, write a run.

These are plain functions so that the CLI, the flows and the tests share one code path; the
flows only decide where each function runs.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from wirenorm import store
from wirenorm.config import Config, ConfigError
from wirenorm.model import Article, RawPage, Reject
from wirenorm.pipeline import process, reject
from wirenorm.sources import files
from wirenorm.stories import assign_stories


@dataclass(frozen=True)
class Item:
    """One unit of input: a file of a `files` source (more kinds join with their sources)."""

    source_id: str
    path: str
    root: str


@dataclass
class BatchResult:
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    pages: int = 0


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    sources: list[str] = field(default_factory=list)
    pages: int = 0
    articles: int = 0
    rejects: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    partitions: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        end = self.finished_at or datetime.now(UTC)
        return (end - self.started_at).total_seconds()

    def lines(self) -> list[str]:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.rejects_by_reason.items())) or "none"
        return [
            f"run {self.run_id}: {self.pages} pages read, {self.articles} articles, {self.rejects} rejects "
            f"in {self.seconds:.1f}s",
            f"dataset: {self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.stale} stale, {self.partitions} partitions touched",
            f"rejects by reason: {reasons}",
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
        return (
            f"# wirenorm run {self.run_id}\n\n| metric | value |\n|---|---|\n{table}\n\n"
            f"## Rejects by reason\n\n| reason | count |\n|---|---|\n{reasons or '| none | 0 |'}\n"
        )

    def to_row(self) -> dict[str, object]:
        row = asdict(self)
        row["sources"] = ",".join(self.sources)
        row["rejects_by_reason"] = ";".join(f"{k}={v}" for k, v in sorted(self.rejects_by_reason.items()))
        row["seconds"] = self.seconds
        return row


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def list_items(config: Config, source_ids: Sequence[str] | None = None) -> list[Item]:
    """Every input item of the chosen (default: all enabled) sources, in a stable order."""
    chosen = [config.source(s) for s in source_ids] if source_ids else [s for s in config.sources if s.enabled]
    items: list[Item] = []
    for source in chosen:
        if source.kind != "files":
            raise ConfigError(f"{config.where}: source {source.id!r}: kind {source.kind!r} is not runnable yet")
        root = source.path(config.base)
        if not root.exists():
            raise ConfigError(f"{config.where}: source {source.id!r}: key 'path': {root} does not exist")
        pattern = source.settings.get("glob", "**/*")
        items.extend(Item(source.id, str(p), str(root)) for p in files.discover([root], pattern))
    return items


def chunks(items: Sequence[Item], size: int) -> Iterator[list[Item]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def process_items(items: Iterable[Item]) -> BatchResult:
    """Normalize a batch; an unreadable file becomes a `read` reject like any other failure."""
    result = BatchResult()
    for item in items:
        result.pages += 1
        path = Path(item.path)
        try:
            raw = files.read_page(path, item.source_id, Path(item.root))
        except OSError as exc:
            placeholder = RawPage(url=path.resolve().as_uri(), content=b"", source_id=item.source_id, raw_ref=item.path)
            result.rejects.append(reject(placeholder, "read", exc))
            continue
        out = process(raw)
        (result.articles if isinstance(out, Article) else result.rejects).append(out)
    return result


def write_run(config: Config, results: Iterable[BatchResult], summary: RunSummary) -> RunSummary:
    """Write articles, rejects and the run row under the dataset lock; fills the summary."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    for r in results:
        articles.extend(r.articles)
        rejects.extend(r.rejects)
        summary.pages += r.pages
    summary.articles = len(articles)
    summary.rejects = len(rejects)
    summary.rejects_by_reason = dict(Counter(f"{r.stage}/{r.error_type}" for r in rejects))
    clean = config.clean_dir
    with store.locked(clean, timeout=config.lock_timeout):
        assign_stories(articles, clean / "stories")
        stats = store.write_articles(articles, clean / "articles")
        summary.inserted, summary.updated = stats.inserted, stats.updated
        summary.unchanged, summary.stale = stats.unchanged, stats.stale
        summary.partitions = len(stats.partitions)
        day = summary.started_at.date().isoformat()
        store.append_table(store.rejects_table(rejects, summary.run_id), clean / "rejects", f"run_date={day}")
        summary.finished_at = datetime.now(UTC)
        store.append_table(pa.Table.from_pylist([summary.to_row()]), clean / "runs", f"run_date={day}")
    return summary
