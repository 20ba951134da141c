"""Backfills: a source's pages in a date range, or a replay of the raw archive, resumable.

Finished items are checkpointed after every batch, so a backfill stopped by Ctrl-C or a crash
picks up where it stopped; the flow body is the ingest flow's.
"""

from __future__ import annotations

from datetime import datetime

from prefect import flow

from wirenorm import config
from wirenorm.config import Config
from wirenorm.flows import skeleton
from wirenorm.runs import execute
from wirenorm.runs.report import RunReport
from wirenorm.runs.runners import task_runner


@flow(name="wirenorm-backfill", log_prints=False)
def backfill(
    config_path: str | None,
    source: str,
    since: datetime | None = None,
    until: datetime | None = None,
    from_raw: bool = False,
    progress: bool = True,
    lock_timeout: float | None = None,
) -> RunReport:
    """Process `source` for pages dated in [since, until) (fetch time for archives and files)."""
    cfg = config.load(config_path, lock_timeout=lock_timeout)
    return skeleton.run(cfg, execute.backfill_plan(cfg, source, since, until, from_raw, progress))


def run_backfill(
    cfg: Config,
    source: str,
    since: datetime | None,
    until: datetime | None,
    from_raw: bool = False,
    runner: str = "threads",
    dask_address: str | None = None,
    lock_timeout: float | None = None,
) -> RunReport:
    """The backfill flow on the chosen task runner, against whatever Prefect API is in effect."""
    path = str(cfg.file) if cfg.file else None
    chosen = backfill.with_options(task_runner=task_runner(runner, dask_address, cfg.workers))
    return chosen(path, source, since, until, from_raw, lock_timeout=lock_timeout)
