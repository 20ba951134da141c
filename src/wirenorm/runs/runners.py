"""Run the flows on the chosen Prefect task runner: local threads, or Dask for scale-out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
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


def run_backfill(
    cfg: Config,
    source: str,
    since: datetime | None,
    until: datetime | None,
    from_raw: bool = False,
    runner: str = "threads",
    dask_address: str | None = None,
) -> dict[str, Any]:
    from wirenorm.flows.backfill import backfill

    flow = backfill.with_options(task_runner=task_runner(runner, dask_address, cfg.workers))
    return flow(str(cfg.file) if cfg.file else None, source, since, until, from_raw)


def deployments(cfg: Config) -> list[Any]:
    """One Prefect deployment of the ingest flow per source that carries a cron or an interval."""
    from datetime import timedelta

    from prefect.deployments.runner import EntrypointType

    from wirenorm.flows.ingest import ingest

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


def serve_schedules(cfg: Config, port: int = 4200, startup_timeout: float = 180) -> None:
    """Run the sources' schedules until stopped (Ctrl-C), with Prefect's runner in this process.

    Schedules need Prefect's scheduler service, which the ephemeral mode does not run: with no
    PREFECT_API_URL set, a local Prefect server (API, scheduler and UI on 127.0.0.1:`port`) is
    started for the lifetime of this command; with one set, that server is used.
    """
    import os

    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = None
    url = os.environ.get("PREFECT_API_URL")
    if not url:
        server, url = start_local_server(port, startup_timeout)
        os.environ["PREFECT_API_URL"] = url  # for the flow-run processes the runner starts
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            serve(*deployments(cfg), print_starting_message=True)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except Exception:
                server.kill()


def start_local_server(port: int, timeout: float) -> tuple[Any, str]:
    """`prefect server start` on 127.0.0.1 in a child process; returns it once it answers."""
    import subprocess
    import sys
    import time

    import httpx

    url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ConfigError(f"the local Prefect server exited with code {proc.returncode} (is port {port} in use?)")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                print(f"Prefect server and UI: http://127.0.0.1:{port}", flush=True)
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.terminate()
    raise ConfigError(f"the local Prefect server did not answer on port {port} within {timeout:.0f}s")


@contextmanager
def local_prefect() -> Iterator[None]:
    """Prefect's local mode for a CLI command, robust to Ctrl-C.

    With no PREFECT_API_URL, Prefect would start its temporary server as a child in the terminal's
    process group, so Ctrl-C would kill it too and the interrupted flow would hang reporting its
    state. The same temporary server is started here in a session of its own instead, and stopped
    when the command ends.
    """
    import os
    import subprocess
    from unittest import mock

    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    real_popen = subprocess.Popen

    def detached(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("start_new_session", True)
        return real_popen(*args, **kwargs)

    server = SubprocessASGIServer()
    with mock.patch("prefect.server.api.server.subprocess.Popen", detached):
        server.start()
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        _drain_prefect_workers()
        server.stop()


def _drain_prefect_workers() -> None:
    """Send queued run logs and events while the temporary server still listens.

    Left queued, they are flushed at interpreter exit against a stopped server, and the
    retries keep the command alive for about a minute after its work is done.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=10, at_exit=False)
