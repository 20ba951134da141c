"""Backfills: a source's pages in a date range, or a replay of the raw archive, resumable.

Finished items are checkpointed after every batch, so a backfill stopped by Ctrl-C or a crash
picks up where it stopped; the same batches, tasks and writer as the ingest flow do the work.
"""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import flow, get_run_logger
from wirenorm.flows.ingest import discover_all, publish, run_batches

from wirenorm import config
from wirenorm.crawl.state import State
from wirenorm.runs import batch
from wirenorm.runs.checkpoint import Checkpoint
from wirenorm.runs.progress import Progress


@flow(name="wirenorm-backfill", log_prints=False)
def backfill(
    config_path: str | None,
    source: str,
    since: datetime | None = None,
    until: datetime | None = None,
    from_raw: bool = False,
    progress: bool = True,
) -> dict:
    """Process `source` for pages dated in [since, until) (fetch time for archives and files)."""
    cfg = config.load(config_path)
    cfg.source(source)  # a clear error for an unknown id before any work
    summary = batch.RunSummary(run_id=batch.new_run_id(), started_at=datetime.now(UTC), sources=[source])
    ctx = batch.context(cfg, summary.run_id, since, until)
    checkpoint = Checkpoint.for_backfill(cfg.state_dir, source, since, until, from_raw)
    State(cfg.state_dir / "crawl.sqlite").close()
    with batch.RunWriter(cfg, summary) as writer:
        if from_raw:
            items = batch.raw_items(cfg, [source])
        else:
            items = batch.list_items(cfg, [source]) + discover_all(cfg, [source], ctx, writer)
        items = batch.within(items, ctx)
        todo = [i for i in items if i.location not in checkpoint.done]
        batches = list(batch.chunks(todo, cfg.batch_size))
        get_run_logger().info(
            "%d items, %d already done by an earlier attempt, %d batches to run",
            len(items),
            len(items) - len(todo),
            len(batches),
        )
        bar = Progress(len(items), len(items) - len(todo)) if progress else None
        finished = 0

        def on_done(done: list[batch.Item], result: batch.BatchResult) -> None:
            nonlocal finished
            finished += 1
            checkpoint.add([i.location for i in done])
            if bar is not None:
                bar.update(len(done), finished, len(batches))

        try:
            run_batches(batches, ctx, writer, on_done, in_flight=2 * cfg.workers)
        finally:
            if bar is not None:
                bar.close()
    checkpoint.clear()  # complete: a later backfill of the same range starts afresh
    return publish(summary, "backfill")
