"""The scheduled job: all (or some) configured sources -> data/clean.

The flow only lists work, fans batches out to tasks and hands each result to the run writer as
soon as its task finishes; every step is a wirenorm library function, so the CLI, the tests and
any task runner (threads or Dask) produce the same dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import islice

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture, as_completed

from wirenorm import config
from wirenorm.config import SourceConfig
from wirenorm.crawl.sources.xmlsafe import Listed
from wirenorm.crawl.state import State
from wirenorm.runs import batch


@task(name="discover-source", retries=1, retry_delay_seconds=10)
def discover_source(
    source: SourceConfig, ctx: batch.BatchContext, state_path: str
) -> tuple[list[tuple[str, Listed]], batch.BatchResult]:
    return batch.discover_web(source, ctx, state_path)


@task(name="normalize-batch", retries=1, retry_delay_seconds=5)
def normalize_batch(items: list[batch.Item], ctx: batch.BatchContext) -> batch.BatchResult:
    return batch.process_items(items, ctx)


def discover_all(
    cfg: config.Config, sources: list[str] | None, ctx: batch.BatchContext, writer: batch.RunWriter
) -> list[batch.Item]:
    """List every web source in parallel tasks; returns the URLs worth fetching."""
    web = [s for s in batch.chosen_sources(cfg, sources) if s.is_web]
    if not web:
        return []
    state_path = str(cfg.state_dir / "crawl.sqlite")
    listed: list[tuple[str, Listed]] = []
    for future in [discover_source.submit(s, ctx, state_path) for s in web]:
        found, docs = future.result()
        listed.extend(found)
        writer.add(docs)
    writer.summary.listed += len({item.url for _, item in listed})
    state = State(cfg.state_dir / "crawl.sqlite", readonly=True)
    try:
        items, skipped = batch.web_items(listed, state, [s.id for s in web])
    finally:
        state.close()
    writer.summary.not_modified += skipped
    return items


def run_batches(
    batches: list[list[batch.Item]],
    ctx: batch.BatchContext,
    writer: batch.RunWriter,
    on_done: Callable[[list[batch.Item], batch.BatchResult], None] | None = None,
    in_flight: int = 8,
) -> None:
    """Fan batches out to tasks and write each result the moment its task finishes.

    At most `in_flight` batches are submitted at a time and a finished task's future is dropped
    once written: a future keeps its result, so holding them all would hold the whole run's
    articles in memory.
    """
    todo = iter(batches)
    running: dict[PrefectFuture, list[batch.Item]] = {}
    for items in islice(todo, max(1, in_flight)):
        running[normalize_batch.submit(items, ctx)] = items
    while running:
        future = next(as_completed(list(running)))
        items = running.pop(future)
        result = future.result()
        del future
        writer.add(result)
        if on_done is not None:
            on_done(items, result)
        for more in islice(todo, 1):
            running[normalize_batch.submit(more, ctx)] = more


def publish(summary: batch.RunSummary, kind: str) -> dict:
    logger = get_run_logger()
    for line in summary.lines():
        logger.info(line)
    create_markdown_artifact(
        key=f"wirenorm-{kind}", markdown=summary.markdown(), description=f"wirenorm {kind} run {summary.run_id}"
    )
    return {**summary.to_row(), "lines": summary.lines()}


@flow(name="wirenorm-ingest", log_prints=False)
def ingest(config_path: str | None = None, sources: list[str] | None = None, from_raw: bool = False) -> dict:
    """Discover, fetch and normalize the chosen sources (or replay the raw archive) into the dataset."""
    cfg = config.load(config_path)
    summary = batch.RunSummary(run_id=batch.new_run_id(), started_at=datetime.now(UTC))
    summary.sources = sorted({s.id for s in batch.chosen_sources(cfg, sources)})
    ctx = batch.context(cfg, summary.run_id)
    State(cfg.state_dir / "crawl.sqlite").close()  # created before readers open it read-only
    with batch.RunWriter(cfg, summary) as writer:
        if from_raw:
            items = batch.raw_items(cfg, sources)
        else:
            items = batch.list_items(cfg, sources) + discover_all(cfg, sources, ctx, writer)
        batches = list(batch.chunks(items, cfg.batch_size))
        get_run_logger().info("%d items in %d batches", len(items), len(batches))
        run_batches(batches, ctx, writer, in_flight=2 * cfg.workers)
    return publish(summary, "ingest")
