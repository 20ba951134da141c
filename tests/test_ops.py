"""Operations: schedules served by Prefect, resumable backfills, run artifacts, Dask scale-out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SAMPLES
from wirenorm import config
from wirenorm.dataset.store import read_articles, read_events


def make_project(root: Path, copies: int = 1, extra: str = "", workers: int = 4) -> Path:
    """Sample pages, `copies` times; copies lose their URL header, so each is an article of its own."""
    from wirenorm.crawl.sources.files import split_annotation

    pages = root / "pages"
    pages.mkdir(parents=True)
    for n in range(copies):
        for page in SAMPLES.iterdir():
            data = page.read_bytes() if n == 0 else split_annotation(page.read_bytes())[1]
            (pages / f"{n:02d}-{page.name}").write_bytes(data)
    (root / "wirenorm.toml").write_text(
        f'[paths]\nraw = "raw"\nclean = "clean"\n[run]\nbatch_size = 1\nworkers = {workers}\n'
        f'[[sources]]\nid = "pages"\nkind = "files"\npath = "pages"\n{extra}'
    )
    return root


def cli(*args: str, cwd: Path, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "wirenorm.cli", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def test_serve_runs_the_schedule_repeatedly(tmp_path: Path) -> None:
    root = make_project(tmp_path, extra="interval_minutes = 0.1\n")
    env = {
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "3",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_API_URL": "",
        # a database of its own: runs scheduled by earlier sessions must not queue before this one's
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
    }
    env.pop("PREFECT_API_URL")
    proc = cli("serve", "--port", "4319", cwd=root, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        runs = 0
        while time.monotonic() < deadline and runs < 2:
            time.sleep(2)
            if (root / "clean" / "runs").exists():
                runs = len(read_events(root / "clean" / "runs"))
        assert runs >= 2, proc.stdout.read() if proc.poll() is not None else "serve still running, too few runs"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    table = read_events(root / "clean" / "runs").to_pandas()
    assert set(table.sources) == {"pages"} and (table.articles >= 0).all()
    assert len(read_articles(root / "clean" / "articles")) == 7


def test_backfill_window_progress_and_summary(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    old = time.mktime((2026, 1, 5, 12, 0, 0, 0, 0, 0))
    for page in list((root / "pages").iterdir())[:4]:
        os.utime(page, (old, old))
    proc = cli("backfill", "--source", "pages", "--since", "2026-01-01", "--until", "2026-02-01", cwd=root)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    lines = [line for line in err.splitlines() if line.startswith("backfill: batch")]
    assert len(lines) == 4 and lines[-1].startswith("backfill: batch 4/4, 4/4 items")  # plain lines: not a TTY
    assert "items/s, ETA" in lines[0]
    table = dict(line.split(None, 1) for line in out.splitlines() if line and not line.startswith((" ", "per", "rej")))
    assert table["pages"] == "4" and table["articles"] == "4" and table["inserted"] == "4"
    assert len(read_articles(root / "clean" / "articles")) == 4


def test_backfill_resumes_after_ctrl_c_without_redoing_batches(tmp_path: Path) -> None:
    root = make_project(tmp_path, copies=30, workers=1)  # 210 pages, one per batch, one at a time
    checkpoints = root / "state" / "backfills"
    proc = cli("backfill", "--source", "pages", cwd=root, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list(checkpoints.glob("*.json")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err
    import json

    done = len(json.loads(next(checkpoints.glob("*.json")).read_text())["done"])
    assert 0 < done < 210
    written = len(read_articles(root / "clean" / "articles"))
    assert written >= done
    again = cli("backfill", "--source", "pages", cwd=root)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    pages = int(next(line.split()[1] for line in out.splitlines() if line.startswith("pages ")))
    assert pages == 210 - done  # finished batches were not redone
    assert len(read_articles(root / "clean" / "articles")) == 210
    assert not list(checkpoints.glob("*.json"))  # a finished backfill clears its checkpoint


def test_each_run_publishes_a_markdown_artifact(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    from wirenorm.flows.ingest import run_ingest
    from wirenorm.runs import execute

    signing = []  # where each batch's articles are signed: in the batch's task, or by the writer
    real = execute.process_items
    monkeypatch.setattr(
        execute, "process_items", lambda items, ctx, sign: signing.append(sign) or real(items, ctx, sign)
    )
    monkeypatch.chdir(project)
    summary = run_ingest(config.load(project / "wirenorm.toml"))
    assert signing and not any(signing)  # Prefect's thread runner: in the flow's process, by the writer

    async def latest() -> str:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["wirenorm-ingest"])),
                sort=ArtifactSort.CREATED_DESC,  # the Prefect home is shared by every test session
                limit=50,
            )
            return next(a.data for a in found if summary.run_id in (a.description or ""))

    markdown = asyncio.run(latest())
    assert f"# wirenorm run {summary.run_id}" in markdown
    assert f"Dataset report: [{project / 'data' / 'clean' / 'report.html'}]" in markdown
    assert "| articles | 7 |" in markdown and "| rejects | 2 |" in markdown
    assert "| parse/ParseError | 2 |" in markdown
    assert "## Extraction health per source" in markdown and "| samples | 9 | 7 | 0% |" in markdown


def test_dask_runner_gives_the_same_output_as_threads(tmp_path: Path) -> None:
    pytest.importorskip("prefect_dask")
    frames = {}
    for runner in ("threads", "dask"):
        root = make_project(tmp_path / runner, copies=2)
        proc = cli("run", "--runner", runner, cwd=root)
        _, err = proc.communicate(timeout=400)
        assert proc.returncode == 0, err
        df = read_articles(root / "clean" / "articles").drop(columns=["fetched_at", "raw_ref", "url"])
        frames[runner] = df.sort_values("article_id").reset_index(drop=True)
    # the same stories too, whether the writer signed the articles (threads) or the workers (Dask)
    pd.testing.assert_frame_equal(frames["threads"], frames["dask"])
    assert len(frames["dask"]) == 14 and frames["dask"]["story_id"].nunique() == 7


def _worker_settings() -> tuple[str | None, bool, str]:
    import dask

    return (
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        dask.config.get("distributed.worker.profile.enabled"),
        dask.config.get("distributed.admin.tick.interval"),
    )


def test_the_local_dask_cluster_keeps_glibc_malloc_adaptive_its_profiler_off_and_its_watchdogs_slow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("prefect_dask")
    import dask
    from distributed import Client

    from wirenorm.runs.runners import local_cluster

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with local_cluster(n_workers=1, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        (settings,) = client.run(_worker_settings).values()
        scheduler_tick = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler._tick_interval)
    assert settings == (None, False, "500ms")
    assert scheduler_tick == 0.5  # seconds; Dask's default watches the scheduler's loop every 20 ms
    # this process's own Dask settings are left as they were
    assert dask.config.get("distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_") == 65536
    assert dask.config.get("distributed.worker.profile.enabled") is True
    assert dask.config.get("distributed.admin.tick.interval") == "20ms"
