"""The scheduled job: all (or some) configured sources -> data/clean."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from prefect import flow

from wirenorm import config
from wirenorm.config import Config, ConfigError
from wirenorm.flows import skeleton
from wirenorm.runs.report import RunReport
from wirenorm.runs.runners import task_runner


@flow(name="wirenorm-ingest", log_prints=False)
def ingest(
    config_path: str | None = None,
    sources: list[str] | None = None,
    from_raw: bool = False,
    lock_timeout: float | None = None,
) -> RunReport:
    """Discover, fetch and normalize the chosen sources (or replay the raw archive) into the dataset.
    `lock_timeout` (seconds) overrides [run] lock_timeout: how long to wait for another run's lock."""
    plan = skeleton.RunPlan("ingest", sources=sources, from_raw=from_raw)
    return skeleton.run(config.load(config_path, lock_timeout=lock_timeout), plan)


def run_ingest(
    cfg: Config,
    sources: list[str] | None = None,
    runner: str = "threads",
    dask_address: str | None = None,
    from_raw: bool = False,
    lock_timeout: float | None = None,
) -> RunReport:
    """The ingest flow on the chosen task runner, against whatever Prefect API is in effect."""
    path = str(cfg.file) if cfg.file else None
    chosen = ingest.with_options(task_runner=task_runner(runner, dask_address, cfg.workers))
    return chosen(config_path=path, sources=sources, from_raw=from_raw, lock_timeout=lock_timeout)


def deployments(cfg: Config) -> list[Any]:
    """One Prefect deployment of the ingest flow per source that carries a cron or an interval."""
    from prefect.deployments.runner import EntrypointType

    out = []
    for source in cfg.sources:
        if not source.enabled or not (source.cron or source.interval_minutes):
            continue
        out.append(
            ingest.to_deployment(
                name=f"ingest-{source.id}",
                cron=source.cron,
                interval=timedelta(minutes=source.interval_minutes) if source.interval_minutes else None,
                parameters={"config_path": str(cfg.file) if cfg.file else None, "sources": [source.id]},
                tags=["wirenorm", f"source:{source.id}"],
                description=f"wirenorm ingest of source {source.id!r} ({source.kind})",
                entrypoint_type=EntrypointType.MODULE_PATH,  # importable from any working directory
                concurrency_limit=1,  # a slow run is never overtaken by the next one
            )
        )
    if not out:
        raise ConfigError(f"{cfg.where}: no enabled source has a 'cron' or 'interval_minutes' to serve")
    return out
