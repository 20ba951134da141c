"""The one run body ingest and backfill share: list work, fan batches out, write each result as
its batch finishes, refresh the dataset report. Plain Python: where the batches run is a `Tasks`
object's business, so the same body runs inside a Prefect flow run (flows/skeleton.py hands it
Prefect's task runner) and in a one-off CLI command without any Prefect server (`ThreadTasks`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent import futures as cf
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, Protocol

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
from wirenorm.runs.writer import FLUSH_ARTICLES, RunWriter
from wirenorm.times import Window


def discover_source(
    source: SourceConfig, policy: Politeness, cfg: Config, run_id: str, window: Window
) -> worklist.Discovered:
    return worklist.discover_web(source, policy, cfg, run_id, window)


def normalize_batch(items: list[Item], ctx: BatchContext, sign: bool = True) -> BatchResult:
    """`sign`: False for a batch run in the writer's process, which signs it on arrival."""
    return process_items(items, ctx, sign).packed()


class Tasks(Protocol):
    """Where a run's units of work go, and where its log lines go."""

    logger: Any

    def discover(self, *args: Any) -> Any: ...  # a future of discover_source(*args)

    def normalize(self, items: list[Item], ctx: BatchContext) -> Any: ...  # a future of normalize_batch

    def as_completed(self, running: Iterable[Any]) -> Iterator[Any]: ...

    def publish(self, report: RunReport) -> None: ...


class ThreadTasks:
    """Threads of this process; the log goes to the `wirenorm.run` logger.

    Batches leave their story signatures to the writer, which signs each as it arrives, on the
    run's own thread: numpy lets go of the GIL for most of that work, so it overlaps the next
    batch's normalizing on another core (1,000 pages, one worker: the run ~3 points closer to
    normalizing alone)."""

    def __init__(self, workers: int) -> None:
        self.pool = cf.ThreadPoolExecutor(max_workers=max(1, workers))
        self.logger = logging.getLogger("wirenorm.run")

    def discover(self, *args: Any) -> cf.Future[worklist.Discovered]:
        return self.pool.submit(discover_source, *args)

    def normalize(self, items: list[Item], ctx: BatchContext) -> cf.Future[BatchResult]:
        return self.pool.submit(normalize_batch, items, ctx, False)

    def as_completed(self, running: Iterable[Any]) -> Iterator[Any]:
        return cf.as_completed(list(running))

    def publish(self, report: RunReport) -> None:
        """Nothing to record: whoever called the run (the CLI) prints its report."""

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class RunPlan:
    """What a run covers."""

    kind: str  # "ingest" | "backfill": names the report and the artifact
    sources: Sequence[str] | None = None  # None: every enabled source
    window: Window = field(default_factory=Window)
    from_raw: bool = False  # replay the raw archive instead of reading and fetching
    checkpoint: Checkpoint | None = None  # resumable: finished items are skipped and recorded
    progress: bool = False  # a progress bar on the terminal


def backfill_plan(
    cfg: Config, source: str, since: datetime | None, until: datetime | None, from_raw: bool, progress: bool
) -> RunPlan:
    """A resumable backfill of one source: its checkpoint is keyed by source, window and mode."""
    cfg.source(source)  # a clear error for an unknown id before any work
    checkpoint = Checkpoint.for_backfill(cfg.paths.backfills, source, since, until, from_raw)
    return RunPlan("backfill", [source], Window(since, until), from_raw, checkpoint, progress)


def run_in_process(cfg: Config, plan: RunPlan) -> RunReport:
    """The run on threads of this process, without Prefect (see `runs.runners`)."""
    tasks = ThreadTasks(cfg.workers)
    try:
        return run(cfg, plan, tasks)
    finally:
        tasks.close()


def run(cfg: Config, plan: RunPlan, tasks: Tasks) -> RunReport:
    chosen = worklist.chosen_sources(cfg, plan.sources)
    report = RunReport.start(plan.kind, [s.id for s in chosen])
    ctx = context(cfg, report.run_id, plan.window)
    State(cfg.paths.crawl_state).close()  # created before discovery tasks open it read-only
    # a resumable run writes every batch before its checkpoint records it as done
    with RunWriter(cfg, report, flush_articles=0 if plan.checkpoint else FLUSH_ARTICLES) as writer:
        if plan.from_raw:
            items = worklist.raw_items(cfg, plan.sources)
        else:
            items = worklist.local_items(cfg, plan.sources, plan.window)
            items += discover_all(cfg, [s for s in chosen if s.is_web], ctx, writer, tasks)
        done = plan.checkpoint.done if plan.checkpoint else set()
        todo = [i for i in items if i.key not in done]
        batches = list(chunks(todo, cfg.batch_size))
        tasks.logger.info(
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
                plan.checkpoint.add([i.key for i in batch_items])
            if bar is not None:
                bar.update(len(batch_items), finished, len(batches))

        try:
            run_batches(batches, ctx, writer, tasks, on_done, in_flight=2 * cfg.workers)
        finally:
            if bar is not None:
                bar.close()
    if plan.checkpoint is not None:
        plan.checkpoint.clear()  # complete: a later run of the same range starts afresh
    report.report_path = refresh_report(cfg, tasks.logger)
    tasks.publish(report)
    return report


def refresh_report(cfg: Config, logger: Any) -> str | None:
    """The dataset's HTML report, rebuilt from the small tables; a failure here is logged, never
    the run's failure (the data is already written)."""
    try:
        return str(html_report.write(cfg.paths))
    except Exception as exc:
        logger.warning("dataset report not refreshed: %s: %s", type(exc).__name__, exc)
        return None


def discover_all(
    cfg: Config, web: list[SourceConfig], ctx: BatchContext, writer: RunWriter, tasks: Tasks
) -> list[Item]:
    """List every web source in parallel tasks; returns the URLs worth fetching."""
    if not web:
        return []
    listed = []
    futures = [tasks.discover(s, ctx.policy(s.id), cfg, ctx.run_id, ctx.window) for s in web]
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
    tasks: Tasks,
    on_done: Callable[[list[Item], BatchResult], None] | None = None,
    in_flight: int = 8,
) -> None:
    """Fan batches out to tasks and write each result the moment its task finishes.

    At most `in_flight` batches are submitted at a time and a finished task's future is dropped
    once written: a future keeps its result, so holding them all would hold the whole run's
    articles in memory.
    """
    todo = iter(batches)
    running: dict[Any, list[Item]] = {}
    for items in islice(todo, max(1, in_flight)):
        running[tasks.normalize(items, ctx)] = items
    while running:
        future = next(tasks.as_completed(running))
        items = running.pop(future)
        result = future.result()
        del future
        # the next batch goes out before this one is written: a write of gathered articles takes
        # seconds, and the workers would otherwise wait it out
        for more in islice(todo, 1):
            running[tasks.normalize(more, ctx)] = more
        writer.add(result)
        if on_done is not None:
            on_done(items, result)
