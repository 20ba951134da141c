"""The one flow body ingest and backfill share: list work, fan batches out to tasks, write each
result as its task finishes, publish the run report.

Every step is a wirenorm library call; Prefect decides where tasks run (threads or Dask) and
retries them. What differs between the flows is data: the sources, the window, whether the raw
archive is replayed, and a checkpoint for resumable backfills.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture, as_completed

from wirenorm.config import Config, SourceConfig
from wirenorm.crawl import worklist
from wirenorm.crawl.fetch import Politeness
from wirenorm.crawl.items import Item
from wirenorm.crawl.state import State
from wirenorm.dataset import html_report
from wirenorm.runs.batch import BatchContext, BatchResult, chunks, context, process_items
from wirenorm.runs.checkpoint import Checkpoint
from wirenorm.runs.progress import Progress
from wirenorm.runs.report import RunReport
from wirenorm.runs.writer import RunWriter
from wirenorm.times import Window


@task(name="discover-source", retries=1, retry_delay_seconds=10)
def discover_source(
    source: SourceConfig, policy: Politeness, cfg: Config, run_id: str, window: Window
) -> worklist.Discovered:
    return worklist.discover_web(source, policy, cfg, run_id, window)


@task(name="normalize-batch", retries=1, retry_delay_seconds=5)
def normalize_batch(items: list[Item], ctx: BatchContext) -> BatchResult:
    return process_items(items, ctx)


@dataclass(frozen=True)
class RunPlan:
    """What a run covers."""

    kind: str  # "ingest" | "backfill": names the report and the artifact
    sources: Sequence[str] | None = None  # None: every enabled source
    window: Window = field(default_factory=Window)
    from_raw: bool = False  # replay the raw archive instead of reading and fetching
    checkpoint: Checkpoint | None = None  # resumable: finished items are skipped and recorded
    progress: bool = False  # a progress bar on the terminal


def run(cfg: Config, plan: RunPlan) -> RunReport:
    chosen = worklist.chosen_sources(cfg, plan.sources)
    report = RunReport.start(plan.kind, [s.id for s in chosen])
    ctx = context(cfg, report.run_id, plan.window)
    State(cfg.paths.crawl_state).close()  # created before discovery tasks open it read-only
    with RunWriter(cfg, report) as writer:
        if plan.from_raw:
            items = worklist.raw_items(cfg, plan.sources)
        else:
            items = worklist.local_items(cfg, plan.sources, plan.window)
            items += discover_all(cfg, [s for s in chosen if s.is_web], ctx, writer)
        done = plan.checkpoint.done if plan.checkpoint else set()
        todo = [i for i in items if i.location not in done]
        batches = list(chunks(todo, cfg.batch_size))
        get_run_logger().info(
            "%d items, %d already done by an earlier attempt, %d batches to run",
            len(items),
            len(items) - len(todo),
            len(batches),
        )
        bar = Progress(len(items), len(items) - len(todo)) if plan.progress else None
        finished = 0

        def on_done(batch_items: list[Item], result: BatchResult) -> None:
            nonlocal finished
            finished += 1
            if plan.checkpoint is not None:
                plan.checkpoint.add([i.location for i in batch_items])
            if bar is not None:
                bar.update(len(batch_items), finished, len(batches))

        try:
            run_batches(batches, ctx, writer, on_done, in_flight=2 * cfg.workers)
        finally:
            if bar is not None:
                bar.close()
    if plan.checkpoint is not None:
        plan.checkpoint.clear()  # complete: a later run of the same range starts afresh
    report.report_path = refresh_report(cfg)
    publish(report)
    return report


def refresh_report(cfg: Config) -> str | None:
    """The dataset's HTML report, rebuilt from the small tables; a failure here is logged, never
    the run's failure (the data is already written)."""
    try:
        return str(html_report.write(cfg.paths))
    except Exception as exc:
        get_run_logger().warning("dataset report not refreshed: %s: %s", type(exc).__name__, exc)
        return None


def discover_all(cfg: Config, web: list[SourceConfig], ctx: BatchContext, writer: RunWriter) -> list[Item]:
    """List every web source in parallel tasks; returns the URLs worth fetching."""
    if not web:
        return []
    listed = []
    futures = [discover_source.submit(s, ctx.policy(s.id), cfg, ctx.run_id, ctx.window) for s in web]
    for future in futures:
        found: worklist.Discovered = future.result()
        listed += found.pages
        writer.add(
            BatchResult(rejects=found.rejects, fetches=found.fetches, not_modified_documents=found.unchanged_documents)
        )
    writer.add(BatchResult(listed=len({page.url for _, page in listed})))
    state = State(cfg.paths.crawl_state, readonly=True)
    try:
        items, skipped = worklist.web_items(listed, state, [s.id for s in web])
    finally:
        state.close()
    writer.add(BatchResult(not_modified_documents=skipped))
    return items


def run_batches(
    batches: list[list[Item]],
    ctx: BatchContext,
    writer: RunWriter,
    on_done: Callable[[list[Item], BatchResult], None] | None = None,
    in_flight: int = 8,
) -> None:
    """Fan batches out to tasks and write each result the moment its task finishes.

    At most `in_flight` batches are submitted at a time and a finished task's future is dropped
    once written: a future keeps its result, so holding them all would hold the whole run's
    articles in memory.
    """
    todo = iter(batches)
    running: dict[PrefectFuture, list[Item]] = {}
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


def publish(report: RunReport) -> None:
    logger = get_run_logger()
    for line in report.lines():
        logger.info(line)
    create_markdown_artifact(
        key=f"wirenorm-{report.kind}",
        markdown=report.markdown(),
        description=f"wirenorm {report.kind} run {report.run_id}",
    )
