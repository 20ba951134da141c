"""The run writer: finished batches go to the dataset and the crawl state.

Results are written once `flush_articles` articles have gathered (and at the end), so memory stays
flat however long the run is while each date partition is rewritten once per flush rather than
once per batch. Articles arrive and wait as Arrow rows, packed by the batch that made them
(`BatchResult.packed`), and get their story ids as rows (`StoryIndex.assign_table`). A resumable
run (a backfill's checkpoint) flushes after every batch, so that what its checkpoint calls done is
on disk. The writer holds the dataset lock for the whole run (a second run stops at once with a
clear message), opens the article and story indexes once, and at the end settles the run's story
ids (independent of the order batches finished in), writes the run's row and the stories table.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from wirenorm.config import Config
from wirenorm.crawl.state import State
from wirenorm.dataset import store
from wirenorm.dataset.stories import StoryIndex, signed_rows
from wirenorm.runs.batch import BatchResult
from wirenorm.runs.report import HealthCounts, RunReport
from wirenorm.times import utc_day

FLUSH_ARTICLES = 2000  # articles gathered before a write: ~25 MB of Arrow rows held in memory


class RunWriter:
    """One run's writes, from its first batch to its run row (see the module docstring)."""

    def __init__(self, config: Config, report: RunReport, flush_articles: int = FLUSH_ARTICLES) -> None:
        self.paths = config.paths
        self.report = report
        self.flush_articles = flush_articles
        self._pending = BatchResult()
        self.day = utc_day(report.started_at)
        self._lock = store.locked(self.paths.clean, timeout=config.lock_timeout)
        self._partitions: set[str] = set()
        self._health = HealthCounts()

    def __enter__(self) -> RunWriter:
        self._lock.__enter__()
        try:
            self.articles_index = store.open_index(self.paths.articles, self.paths.article_index)
            self.stories = StoryIndex(self.paths.story_index, self.paths.articles)
            self.state = State(self.paths.crawl_state)
        except BaseException:
            self._close_indexes()
            self._lock.__exit__(None, None, None)
            raise
        return self

    def add(self, r: BatchResult) -> None:
        s = self.report
        s.pages += r.pages
        s.listed += r.listed
        s.fetched += r.fetched
        s.not_modified += r.unchanged + r.not_modified_documents
        s.articles += r.article_count
        s.rejects += len(r.rejects)
        for rej in r.rejects:
            key = f"{rej.stage}/{rej.error_type}"
            s.rejects_by_reason[key] = s.rejects_by_reason.get(key, 0) + 1
        self._health.merge(r.counted())
        s.health = self._health.shares()
        if r.table is not None and len(r.signatures) < r.table.num_rows:
            # a batch run in this process left its signing to here (see `ThreadTasks`)
            r.signatures = [*r.signatures, *signed_rows(r.table, {aid for aid, _, _ in r.signatures})]
        p = self._pending
        # a batch's worker packs its articles into Arrow rows (`BatchResult.packed`); one made
        # here may still hold Article objects
        rows = [t for t in (p.table, r.table) if t is not None]
        if r.articles:
            rows.append(store.articles_table(r.articles))
        p.table = pa.concat_tables(rows) if len(rows) > 1 else rows[0] if rows else None  # no copy
        p.signatures += r.signatures
        p.rejects += r.rejects
        p.fetches += r.fetches
        if p.article_count >= self.flush_articles or len(p.rejects) >= self.flush_articles:
            self.flush()

    def flush(self) -> None:
        """Write what has gathered: story ids, articles, rejects, fetch records."""
        r, self._pending = self._pending, BatchResult()
        s = self.report
        stats = store.WriteStats()
        if r.table is not None:
            r.table = self.stories.assign_table(r.table, r.signatures)
            stats = store.write_articles(r.table, self.paths.articles, self.articles_index)
        s.inserted += stats.inserted
        s.updated += stats.updated
        s.unchanged += stats.unchanged
        s.stale += stats.stale
        self._partitions |= stats.partitions
        s.partitions = len(self._partitions)
        store.append_table(store.rejects_table(r.rejects, s.run_id), self.paths.rejects, f"run_date={self.day}")
        self.state.record_fetches(r.fetches)
        del r
        store.release_memory()

    def __exit__(self, exc_type: object, *rest: object) -> None:
        try:
            self.flush()  # a failed run keeps what its finished batches produced
            s = self.report
            s.finished_at = s.finished_at or datetime.now(UTC)
            status = "ok" if exc_type is None else "failed"
            store.set_story_ids(self.stories.finalize(), self.paths.articles, self.articles_index)
            row = {**s.to_row(), "status": status}
            store.append_table(pa.Table.from_pylist([row]), self.paths.runs, f"run_date={self.day}")
            self.stories.write_stories(self.paths.stories)
            for sid, h in s.health.items():
                outcome = status if h.articles or status != "ok" else "no articles"
                self.state.record_run(sid, outcome, h.pages, h.articles, h.pages - h.articles)
        finally:
            self._close_indexes()
            self._lock.__exit__(None, None, None)

    def _close_indexes(self) -> None:
        for name in ("articles_index", "stories", "state"):
            if hasattr(self, name):
                getattr(self, name).close()
