"""The `wirenorm` command: normalize pages, run the ingest flow, inspect sources."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from wirenorm import __version__, config
from wirenorm.crawl.sources import files
from wirenorm.model import Article
from wirenorm.normalizer.pipeline import process

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Wire-copy pages in, clean records out.")

ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="wirenorm.toml to use.")]
LockOpt = Annotated[
    float | None,
    typer.Option("--lock-timeout", help="Seconds to wait for another run's dataset lock ([run] lock_timeout)."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"wirenorm: error: {message}", err=True)
    return typer.Exit(code)


def _load(path: Path | None) -> config.Config:
    try:
        return config.load(path)
    except config.ConfigError as exc:
        raise _fail(str(exc)) from None


def _table(record: dict) -> str:
    width = max(len(k) for k in record)
    lines = []
    for key, value in record.items():
        if key == "body":
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = "; ".join(f"{v['kind']}: {v['text'][:60]}" for v in value)
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)
        lines.append(f"{key:<{width}}  {text if len(text) <= 100 else text[:97] + '...'}")
    return "\n".join(lines)


@app.command()
def normalize(
    paths: Annotated[list[Path], typer.Argument(help="HTML (.html, .htm, .html.gz) or text (.txt) pages, or folders.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or table.")] = "jsonl",
    source_id: Annotated[str, typer.Option(help="source_id written to the records.")] = "adhoc",
    content_type: Annotated[
        str | None, typer.Option(help="text/plain or text/html: what the files are, whatever their names.")
    ] = None,
) -> None:
    """Print one schema v1 record per input page; exits 1 if any page was rejected."""
    if fmt not in ("jsonl", "table"):
        raise _fail(f"--format must be jsonl or table, not {fmt!r}")
    failed = 0
    for path in files.discover(paths):
        try:
            raw = files.read_page(path, source_id, content_type=content_type)
        except OSError as exc:
            typer.echo(f"wirenorm: error: {path}: read: {exc.strerror or exc}", err=True)
            failed += 1
            continue
        result = process(raw)
        if not isinstance(result, Article):
            typer.echo(f"wirenorm: error: {path}: {result.stage}: {result.message}", err=True)
            failed += 1
            continue
        record = result.to_json_dict()
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            typer.echo(_table(record) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def run(
    config_path: ConfigOpt = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Only these source ids.")] = None,
    runner: Annotated[str | None, typer.Option(help="threads (default) or dask.")] = None,
    dask_address: Annotated[str | None, typer.Option(help="Address of an existing Dask scheduler.")] = None,
    from_raw: Annotated[bool, typer.Option("--from-raw", help="Replay the raw archive; no network.")] = False,
    lock_timeout: LockOpt = None,
) -> None:
    """Run the ingest flow over the configured sources (see README: where runs are recorded)."""
    cfg = _load(config_path)
    from wirenorm.dataset.store import DatasetLocked
    from wirenorm.runs.runners import prefect_api

    runner = runner or cfg.runner
    try:
        with prefect_api(runner == "threads", _loading("wirenorm.flows.ingest", runner)) as api:
            if api is None:
                from wirenorm.runs.execute import RunPlan

                plan = RunPlan("ingest", sources=source or None, from_raw=from_raw)
                report = _in_process(cfg, plan, lock_timeout)
            else:
                from wirenorm.flows.ingest import run_ingest

                report = run_ingest(
                    cfg, source or None, runner, dask_address or cfg.dask_address, from_raw, lock_timeout
                )
    except (config.ConfigError, DatasetLocked) as exc:
        raise _fail(str(exc)) from None
    for line in report.lines():
        typer.echo(line)
    typer.echo(f"output: {cfg.clean_dir}")


def _loading(flow_module: str, runner: str) -> Callable[[], None]:
    """Imports for a flow run, done while a temporary Prefect server starts rather than after."""

    def load() -> None:
        modules = [flow_module, "prefect_dask"] if runner == "dask" else [flow_module]
        for name in modules:
            with suppress(ImportError):  # a missing prefect-dask is reported where it is needed
                importlib.import_module(name)

    return load


def _in_process(cfg: config.Config, plan: Any, lock_timeout: float | None) -> Any:
    """The run body in this process, without Prefect (no server is configured or running): its log
    lines go to stderr the way a flow run's would."""
    import logging

    from wirenorm.runs.execute import run_in_process

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-7s | %(message)s", "%H:%M:%S"))
    logger = logging.getLogger("wirenorm.run")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    if lock_timeout is not None:
        cfg = dataclasses.replace(cfg, lock_timeout=lock_timeout)
    try:
        return run_in_process(cfg, plan)
    finally:
        logger.removeHandler(handler)


def _date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} must be a date (YYYY-MM-DD) or an ISO 8601 time, not {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command()
def backfill(
    source: Annotated[str, typer.Option("--source", "-s", help="The source id to backfill.")],
    since: Annotated[str | None, typer.Option(help="First day (inclusive), YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day (exclusive), YYYY-MM-DD.")] = None,
    from_raw: Annotated[bool, typer.Option("--from-raw", help="Replay the raw archive; no network.")] = False,
    config_path: ConfigOpt = None,
    runner: Annotated[str | None, typer.Option(help="threads (default) or dask.")] = None,
    dask_address: Annotated[str | None, typer.Option(help="Address of an existing Dask scheduler.")] = None,
    lock_timeout: LockOpt = None,
) -> None:
    """Process a source's pages in a date range (or replay the archive); resumable after Ctrl-C."""
    cfg = _load(config_path)
    start, end = _date(since, "--since"), _date(until, "--until")
    if start and end and end <= start:
        raise _fail("--until must be after --since")
    from wirenorm.dataset.store import DatasetLocked
    from wirenorm.runs.runners import prefect_api

    runner = runner or cfg.runner
    try:
        with prefect_api(runner == "threads", _loading("wirenorm.flows.backfill", runner)) as api:
            if api is None:
                from wirenorm.runs.execute import backfill_plan

                report = _in_process(cfg, backfill_plan(cfg, source, start, end, from_raw, True), lock_timeout)
            else:
                from wirenorm.flows.backfill import run_backfill

                report = run_backfill(
                    cfg, source, start, end, from_raw, runner, dask_address or cfg.dask_address, lock_timeout
                )
    except (config.ConfigError, DatasetLocked) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        typer.echo("\ninterrupted: finished batches are saved; run the same command again to resume", err=True)
        raise typer.Exit(130) from None
    typer.echo("\n".join(report.table()))


@app.command()
def sources(config_path: ConfigOpt = None) -> None:
    """List the configured sources."""
    from wirenorm.crawl.state import State

    cfg = _load(config_path)
    typer.echo(f"config: {cfg.where}")
    path = cfg.paths.crawl_state
    runs = {}
    if path.exists():
        state = State(path, readonly=True)
        runs = state.sources()
        state.close()
    typer.echo(f"{'id':<20} {'kind':<8} {'enabled':<8} {'schedule':<16} {'last run':<26} {'last state':<40} where")
    for s in cfg.sources:
        where = s.settings.get("path") or ", ".join(s.settings.get("urls", []))
        schedule = s.cron or (f"every {s.interval_minutes:g} min" if s.interval_minutes else "-")
        last_run, status, pages, articles, rejects = runs.get(s.id, ("never", "", 0, 0, 0))
        last = f"{status}: {pages} pages, {articles} articles, {rejects} rejects" if status else "-"
        typer.echo(
            f"{s.id:<20} {s.kind:<8} {'yes' if s.enabled else 'no':<8} {schedule:<16} {last_run[:25]:<26} "
            f"{last:<40} {where}"
        )


@app.command()
def serve(
    config_path: ConfigOpt = None,
    port: Annotated[
        int, typer.Option(help="Port of the local Prefect server and UI (when none is configured).")
    ] = 4200,
) -> None:
    """Serve every source's schedule (cron or interval) as a Prefect deployment until stopped."""
    cfg = _load(config_path)
    from wirenorm.flows.ingest import deployments
    from wirenorm.runs.runners import serve_schedules

    try:
        serve_schedules(deployments(cfg), port)
    except config.ConfigError as exc:
        raise _fail(str(exc)) from None


@app.command()
def compact(config_path: ConfigOpt = None, lock_timeout: LockOpt = None) -> None:
    """Merge each partition's small files into one; query results stay the same."""
    from wirenorm.dataset import store

    cfg = _load(config_path)
    try:
        with store.locked(cfg.paths.clean, timeout=cfg.lock_timeout if lock_timeout is None else lock_timeout):
            stats = store.compact(cfg.paths.articles)
    except store.DatasetLocked as exc:
        raise _fail(str(exc)) from None
    typer.echo(
        f"compacted {stats['partitions_compacted']} partitions: {stats['files_before']} files -> {stats['files_after']}"
    )


@app.command()
def report(
    config_path: ConfigOpt = None,
    since: Annotated[
        str | None, typer.Option(help="Only runs, articles and stories from this day, YYYY-MM-DD.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write it (default data/clean/report.html).")] = None,
) -> None:
    """Write the dataset report: one self-contained HTML file with charts, from data/clean alone."""
    from wirenorm.dataset import html_report

    cfg = _load(config_path)
    day = _date(since, "--since")
    path = html_report.write(cfg.paths, out, day.date() if day else None)
    typer.echo(f"report: {path}")


@app.command()
def version() -> None:
    """Print the wirenorm version."""
    typer.echo(__version__)


def main() -> None:
    # Quiet local defaults: no telemetry from the ephemeral server, warnings only on the terminal.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    app()


if __name__ == "__main__":
    main()
