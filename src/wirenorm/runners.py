"""Run the flows on the chosen Prefect task runner: local threads, or Dask for scale-out."""

from __future__ import annotations

from typing import Any

from wirenorm.config import Config, ConfigError


def task_runner(kind: str, dask_address: str | None = None, workers: int = 4) -> Any:
    """A Prefect task runner; Dask comes from prefect-dask, never a home-made pool."""
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:
            raise ConfigError("runner 'dask' needs prefect-dask: pip install 'wirenorm[dask]'") from exc
        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    raise ConfigError(f"unknown runner {kind!r}: use 'threads' or 'dask'")


def run_ingest(
    cfg: Config,
    sources: list[str] | None = None,
    runner: str = "threads",
    dask_address: str | None = None,
    from_raw: bool = False,
) -> dict[str, Any]:
    from wirenorm.flows.ingest import ingest

    flow = ingest.with_options(task_runner=task_runner(runner, dask_address, cfg.workers))
    return flow(config_path=str(cfg.file) if cfg.file else None, sources=sources, from_raw=from_raw)
