"""The Prefect shell around the run body (`wirenorm.runs.execute`) that ingest and backfill share.

Inside a flow run, discovery and batches are Prefect tasks: Prefect decides where they run
(threads or Dask), retries them and records them; the run report becomes the flow run's Markdown
artifact. What differs between the flows is data (`RunPlan`): the sources, the window, whether
the raw archive is replayed, and a checkpoint for resumable backfills.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from wirenorm.config import Config
from wirenorm.crawl.items import Item
from wirenorm.runs import execute
from wirenorm.runs.batch import BatchContext
from wirenorm.runs.execute import RunPlan
from wirenorm.runs.report import RunReport

__all__ = ["PrefectTasks", "RunPlan", "discover_source", "normalize_batch", "run"]

discover_source = task(name="discover-source", retries=1, retry_delay_seconds=10)(execute.discover_source)
normalize_batch = task(name="normalize-batch", retries=1, retry_delay_seconds=5)(execute.normalize_batch)


class PrefectTasks:
    """The run's units of work as Prefect tasks of the current flow run. On Prefect's thread
    runner the batches run in the flow's process and leave their signing to the writer, as
    `ThreadTasks` does; on Dask each worker signs its own batches, in parallel."""

    def __init__(self) -> None:
        self.logger = get_run_logger()
        flow_run = FlowRunContext.get()
        self.in_process = flow_run is not None and isinstance(flow_run.task_runner, ThreadPoolTaskRunner)

    def discover(self, *args: Any) -> Any:
        return discover_source.submit(*args)

    def normalize(self, items: list[Item], ctx: BatchContext) -> Any:
        return normalize_batch.submit(items, ctx, not self.in_process)

    def as_completed(self, running: Iterable[Any]) -> Iterator[Any]:
        return as_completed(list(running))

    def publish(self, report: RunReport) -> None:
        for line in report.lines():
            self.logger.info(line)
        create_markdown_artifact(
            key=f"wirenorm-{report.kind}",
            markdown=report.markdown(),
            description=f"wirenorm {report.kind} run {report.run_id}",
        )


def run(cfg: Config, plan: RunPlan) -> RunReport:
    """The run body with Prefect tasks; call from inside a flow."""
    return execute.run(cfg, plan, PrefectTasks())
