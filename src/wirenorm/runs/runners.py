"""Where and how flows run: the Prefect task runner (threads, or Dask for scale-out) and the
Prefect API the run reports to.

The API is, in order: `PREFECT_API_URL` (environment or Prefect profile); a Prefect server already
listening on 127.0.0.1:4200 (start one with `prefect server start` and every CLI run shows in its
UI). With neither, a one-off CLI command on the threads runner runs the flow body in this process
(no server start, no Prefect records: a temporary server's records would vanish with it anyway);
one on Dask gets a temporary local server for this command only (`runs.server`), which Prefect's
Dask task runner needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from wirenorm.config import ConfigError
from wirenorm.runs.server import LocalServer, answers, shared_server

DEFAULT_LOCAL_API = "http://127.0.0.1:4200/api"
# Dask settings for the local cluster a run starts (never for a cluster given by its address):
# - Dask's workers get MALLOC_TRIM_THRESHOLD_=65536, which switches off glibc's adaptive mmap
#   threshold, so every large buffer a page's parse needs is mapped and unmapped anew: 15 % of a
#   worker's time went to the kernel, zeroing pages;
# - Dask's profiler samples every worker thread's stack each 10 ms: ~5 % of a worker's time;
# - the watchdogs of a process's event loop (every 20 ms), of its memory (every 100 ms, per worker)
#   and the dashboard's system monitor (every 500 ms) wake the scheduler, nannies and client in the
#   command and the loop of each worker: an idle 2-worker cluster took 2.7 % of a core in the
#   command and 1.5 % in each worker, 0.8 % and 0.3 % with these intervals.
LOCAL_DASK_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "500ms",
}


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
        return DaskTaskRunner(
            cluster_class=local_cluster,
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True},
        )
    raise ConfigError(f"unknown runner {kind!r}: use 'threads' or 'dask'")


def local_cluster(**kwargs: Any) -> Any:
    """A `distributed.LocalCluster` whose workers start with `LOCAL_DASK_CONFIG`."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_DASK_CONFIG):
        return LocalCluster(**kwargs)


def configured_api() -> str | None:
    """`PREFECT_API_URL` as Prefect's own settings give it. Reading those imports most of Prefect
    (about a second), so where no settings source exists at all (no environment variable, no
    profiles file, no prefect.toml, .env or [tool.prefect] here) the answer is known without it."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if not _settings_sources():
        return None
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _settings_sources() -> list[Path]:
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    candidates = [Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()]
    candidates += [Path("prefect.toml"), Path(".env")]
    found = [p for p in candidates if p.is_file()]
    pyproject = Path("pyproject.toml")
    if pyproject.is_file() and "[tool.prefect" in pyproject.read_text(encoding="utf-8", errors="replace"):
        found.append(pyproject)
    return found


@contextmanager
def prefect_api(
    in_process_ok: bool = False, while_server_starts: Callable[[], object] | None = None
) -> Iterator[str | None]:
    """The Prefect API for one CLI command, in the order the module docstring gives; None when
    `in_process_ok` and no server is configured or running: the caller runs the flow in-process.
    `while_server_starts` runs while a temporary server boots (the flow's imports, say: ~1.5 s
    of a Dask run's start that no longer waits for the server's ~3 s)."""
    url = configured_api()
    if url is None and answers(DEFAULT_LOCAL_API, timeout=0.3):
        url = DEFAULT_LOCAL_API
    if url is None and in_process_ok:
        yield None
        return
    server = shared_server(wait=False) if url is None else None
    if server is not None and while_server_starts is not None:
        while_server_starts()
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if server is not None:
        url = server.ready().api_url
    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield url


def serve_schedules(deployments: list[Any], port: int = 4200, startup_timeout: float = 180) -> None:
    """Run the deployments' schedules until stopped (Ctrl-C), with Prefect's runner in this process.

    Schedules need Prefect's scheduler service: with no Prefect API configured, a local Prefect
    server (API, scheduler and UI on 127.0.0.1:`port`) runs for the lifetime of this command.
    """
    from prefect import serve
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = None
    url = configured_api()
    if url is None:
        server = LocalServer(port, services=True, ui=True).start(startup_timeout)
        url = server.api_url
        print(f"Prefect server and UI: http://127.0.0.1:{port}", flush=True)
        os.environ["PREFECT_API_URL"] = url  # for the flow-run processes the runner starts
    names = [d.name for d in deployments]
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            if server is not None:  # our own server: nobody else runs these deployments
                crash_leftover_runs(names, "left running when an earlier `wirenorm serve` stopped")
            with suppress(KeyboardInterrupt):  # Ctrl-C: Prefect's runner has stopped; clean up, then the server
                serve(*deployments, print_starting_message=True)
            if server is not None:
                crash_leftover_runs(names, "stopped by Ctrl-C of `wirenorm serve`")
    finally:
        if server is not None:
            server.stop()


def crash_leftover_runs(deployment_names: list[str], reason: str) -> int:
    """Mark runs of these deployments still RUNNING, PENDING or CANCELLING as Crashed.

    Ctrl-C reaches a flow run's process too; a run that died that way stays RUNNING on the server,
    and with `concurrency_limit=1` every later run of its deployment would wait for it forever.
    Only for deployments this process serves on its own server, where no one else runs them."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=deployment_names)),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING, StateType.CANCELLING])
                )
            ),
        )
        for run in runs:
            client.set_flow_run_state(run.id, Crashed(message=reason), force=True)
    return len(runs)
