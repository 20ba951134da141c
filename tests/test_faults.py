"""Faults operators found from outside, each pinned by a test that failed before its fix:
child sitemaps under an unchanged index, transient failures still listed, story ids that depended
on the runner, processes left behind by a killed run, `serve` hanging on Ctrl-C, and a lock
message whose hint did not work."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests import fakenet
from tests.test_ops import cli, make_project
from wirenorm import config
from wirenorm.dataset import store
from wirenorm.dataset.store import read_articles, read_events
from wirenorm.flows.ingest import run_ingest
from wirenorm.model import Article
from wirenorm.normalizer.pipeline import content_hash
from wirenorm.runs.batch import BatchResult
from wirenorm.runs.report import RunReport
from wirenorm.runs.writer import RunWriter

# --- 1 and 5: sources that changed between two runs -------------------------------------------


@pytest.fixture(scope="module")
def changed_sources(tmp_path_factory: pytest.TempPathFactory):
    net = fakenet.build()
    root = tmp_path_factory.mktemp("changed")
    (root / "wirenorm.toml").write_text(net.config(root))
    cfg = config.load(root / "wirenorm.toml")
    run_ingest(cfg)
    before = {s.name: len(s.log) for s in net.sites}
    recent = net.now - timedelta(hours=1)
    # the index stays byte for byte the same (it answers 304); its news child gains a story
    net.wire.page("/a/late.html", fakenet.fixture_page("130"))
    news = [(net.wire.url(p), recent) for p in ("/a/yonhap.html", "/a/hosted-ap.html", "/a/late.html")]
    net.wire.page("/sitemap-news.xml", fakenet.sitemap(news, news=True), **{"Content-Type": "application/xml"})
    # the faults feed changes (one entry more) and still lists the pages that failed transiently
    entries = [(net.faults.url(p), net.now - timedelta(hours=2)) for p in fakenet.FAULTS]
    net.faults.page("/archive.html", fakenet.fixture_page("118"))
    entries.append((net.faults.url("/archive.html"), recent))
    net.faults.page("/feed.xml", fakenet.rss(entries), **{"Content-Type": "application/rss+xml"})
    second = run_ingest(cfg)
    requests = {s.name: [p for _, p, _ in s.log[before[s.name] :]] for s in net.sites}
    yield net, root, second, requests
    net.stop()


def test_a_story_added_to_a_child_sitemap_of_an_unchanged_index_is_found(changed_sources) -> None:
    net, root, _second, requests = changed_sources
    assert requests["wire"][:2] == ["/sitemap_index.xml", "/sitemap-news.xml"]
    assert requests["wire"].count("/a/late.html") == 1
    assert "/sitemap-2019.xml" not in requests["wire"]  # its lastmod is older than the lookback
    urls = set(read_articles(root / "data" / "clean" / "articles").url)
    assert net.wire.url("/a/late.html") in urls


def test_transient_failures_are_retried_while_their_url_is_still_listed(changed_sources) -> None:
    _, _, second, requests = changed_sources
    retried = sorted({p for p in requests["faults"] if p in ("/500", "/reset", "/slow", "/truncated")})
    assert retried == ["/500", "/reset", "/slow", "/truncated"]
    assert "/archive.html" in requests["faults"]
    # pages that failed for good (policy, robots, 404) are not asked again
    assert not {"/big", "/binary", "/missing", "/private/page.html"} & set(requests["faults"])
    assert second.rejects_by_reason.get("fetch/transient") == 4


# --- 2: story ids are a function of the data ----------------------------------------------------


def _copies(tmp_path: Path) -> list[Article]:
    """Three copies of one story, published an hour apart, each on its own site."""
    from tests.conftest import FIXTURES
    from wirenorm.crawl.sources.files import read_page
    from wirenorm.normalizer.pipeline import process

    original = process(read_page(FIXTURES / "wire" / "116_aeb_sciencealert_reuters_titan.html"))
    assert isinstance(original, Article)
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    out = []
    for n, keep in enumerate((len(original.paragraphs), len(original.paragraphs) - 1, len(original.paragraphs) - 2)):
        body = "\n\n".join(original.paragraphs[:keep])
        out.append(
            dataclasses.replace(
                original,
                article_id=f"{n}{original.article_id[1:]}",
                body=body,
                paragraphs=original.paragraphs[:keep],
                content_hash=content_hash(body),
                published_at=start + timedelta(hours=n),
                published_date=(start + timedelta(hours=n)).date(),
            )
        )
    return out


def _story_ids(root: Path, batches: list[list[Article]]) -> dict[str, str]:
    cfg = config.from_dict({"paths": {"raw": "raw", "clean": "clean"}}, base=root)
    with RunWriter(cfg, RunReport.start("ingest")) as writer:
        for batch in batches:
            writer.add(BatchResult(articles=[dataclasses.replace(a) for a in batch], pages=len(batch)))
    df = read_articles(cfg.paths.articles)
    return dict(zip(df.article_id, df.story_id, strict=True))


def test_story_ids_do_not_depend_on_the_order_batches_finish_in(tmp_path: Path) -> None:
    first, second, third = _copies(tmp_path)
    in_order = _story_ids(tmp_path / "a", [[first], [second], [third]])
    reversed_ = _story_ids(tmp_path / "b", [[third], [second], [first]])
    assert in_order == reversed_
    assert set(in_order.values()) == {"s" + first.article_id[:31]}  # named after the earliest copy
    stories = read_events(tmp_path / "b" / "clean" / "stories").to_pylist()
    assert [(s["story_id"], s["copy_count"]) for s in stories] == [("s" + first.article_id[:31], 3)]


def test_a_known_story_keeps_its_id_when_an_earlier_copy_arrives_later(tmp_path: Path) -> None:
    first, second, third = _copies(tmp_path)
    root = tmp_path / "p"
    ids = _story_ids(root, [[second], [third]])
    assert set(ids.values()) == {"s" + second.article_id[:31]}
    ids = _story_ids(root, [[first]])  # a later run finds an earlier copy
    assert set(ids.values()) == {"s" + second.article_id[:31]}


def test_dask_and_threads_give_the_same_story_ids(tmp_path: Path) -> None:
    pytest.importorskip("prefect_dask")
    ids = {}
    for runner in ("threads", "dask"):
        root = make_project(tmp_path / runner, copies=3, workers=2)  # 21 pages, 7 stories of 3 copies
        for page in (root / "pages").iterdir():
            os.utime(page, (1_767_225_600, 1_767_225_600))  # the same fetch time in both projects
        proc = cli("run", "--runner", runner, cwd=root)
        _, err = proc.communicate(timeout=400)
        assert proc.returncode == 0, err
        df = read_articles(root / "clean" / "articles")
        ids[runner] = dict(zip(df.article_id, df.story_id, strict=True))
    assert len(ids["threads"]) == 21 and len(set(ids["threads"].values())) == 7
    assert ids["threads"] == ids["dask"]


# --- 3 and 4: no process outlives its command; Ctrl-C stops serve in seconds -------------------


def descendants(pid: int) -> list[int]:
    """Every live process whose ancestry leads to `pid` (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        out += children
        todo += children
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_a_killed_run_leaves_no_process_behind(tmp_path: Path) -> None:
    """A Dask run without a configured Prefect API starts helpers: a temporary Prefect server and
    the Dask workers. `kill -9` of the command must take them all down."""
    pytest.importorskip("prefect_dask")
    root = make_project(tmp_path, copies=30, workers=1)  # 210 pages: the run is busy for a while
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = cli("run", "--runner", "dask", cwd=root, env=env, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not (root / "clean" / "articles").exists():
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be killed"
    children = descendants(proc.pid)
    commands = " ".join(_cmdline(p) for p in children)
    assert "prefect server start" in commands, commands
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(alive(p) for p in children):
        time.sleep(0.2)
    assert not [p for p in children if alive(p)]
    group = [p for p in descendants(1) if alive(p) and _pgid(p) == proc.pid]
    assert not group


def _flow_run_states(port: int) -> list[tuple[str, str]]:
    import httpx

    try:
        runs = httpx.post(f"http://127.0.0.1:{port}/api/flow_runs/filter", json={"limit": 8}, timeout=2).json()
    except (httpx.HTTPError, ValueError):
        return []
    return [(r["state_type"], r["state_name"]) for r in runs]


def _running_flow_runs(port: int) -> int:
    """Flow runs the local Prefect server of a `serve` on `port` has in state RUNNING."""
    import httpx

    query = {"flow_runs": {"state": {"type": {"any_": ["RUNNING"]}}}}
    try:
        return len(httpx.post(f"http://127.0.0.1:{port}/api/flow_runs/filter", json=query, timeout=2).json())
    except (httpx.HTTPError, ValueError):
        return 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_a_one_off_run_without_a_prefect_server_starts_no_process(tmp_path: Path) -> None:
    """No API configured and none listening: the CLI runs the flow body in its own process."""
    root = make_project(tmp_path, copies=30, workers=1)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = cli("run", cwd=root, env=env, start_new_session=True)
    seen: set[int] = set()
    while proc.poll() is None:
        seen.update(descendants(proc.pid))
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert not seen, [_cmdline(p) for p in seen]
    assert len(read_articles(root / "clean" / "articles")) == 210


def test_a_temporary_server_boots_while_the_command_loads_its_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dask run's flow imports happen while its temporary Prefect server starts, not after."""
    from wirenorm.runs import runners, server

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(runners, "configured_api", lambda: None)
    monkeypatch.setattr(runners, "DEFAULT_LOCAL_API", f"http://127.0.0.1:{server.free_port()}/api")  # none there
    seen: list[bool] = []

    def load() -> None:
        seen.append(server.answers(server.shared_server(wait=False).api_url, timeout=0.2))

    try:
        with runners.prefect_api(False, load) as url:
            assert seen == [False]  # ran while the server was still starting
            assert url == server.shared_server().api_url and server.answers(url)
    finally:
        server.shared_server(wait=False).stop()


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_serve_stops_cleanly_on_ctrl_c_every_time(tmp_path: Path) -> None:
    root = make_project(tmp_path, extra="interval_minutes = 0.1\n")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
    }
    for trial in range(2):
        proc = subprocess.Popen(
            [sys.executable, "-m", "wirenorm.cli", "serve", "--port", str(4330 + trial)],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        runs_before = len(read_events(root / "clean" / "runs")) if (root / "clean" / "runs").exists() else 0
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            if trial == 0 and _running_flow_runs(4330 + trial):
                break  # the first Ctrl-C lands while a scheduled run is running
            if (root / "clean" / "runs").exists() and len(read_events(root / "clean" / "runs")) > runs_before:
                break  # the next serve must still run its schedule
        assert proc.poll() is None, proc.stderr.read()
        if trial and len(read_events(root / "clean" / "runs")) <= runs_before:
            states = _flow_run_states(4330 + trial)
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(
                f"trial {trial}: no scheduled run completed; flow runs: {states}; serve: {proc.stderr.read()[-3000:]}"
            )
        children = descendants(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        started = time.monotonic()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"trial {trial}: serve still running 30 s after Ctrl-C")
        assert proc.returncode == 0, f"trial {trial}: exit {proc.returncode}: {err[-2000:]}"
        assert time.monotonic() - started < 30
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(p) for p in children):
            time.sleep(0.2)
        assert not [p for p in children if alive(p)], f"trial {trial}: processes left behind"


# --- 6: every hint a message gives works as printed ---------------------------------------------


def test_the_lock_message_hint_works_as_printed(project: Path) -> None:
    clean = project / "data" / "clean"
    with store.locked(clean):
        out = subprocess.run(
            [sys.executable, "-m", "wirenorm.cli", "run"], cwd=project, capture_output=True, text=True, timeout=300
        )
    assert out.returncode == 2
    hint = re.search(r"with (--[a-z-]+) SECONDS", out.stderr)
    assert hint, out.stderr
    released = threading.Event()

    def hold_then_release() -> None:
        with store.locked(clean):
            released.wait(3)

    holder = threading.Thread(target=hold_then_release)
    holder.start()
    try:
        out = subprocess.run(
            [sys.executable, "-m", "wirenorm.cli", "run", hint.group(1), "120"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        released.set()
        holder.join()
    assert out.returncode == 0, out.stderr
    assert "7 articles" in out.stdout
    compact = subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", "compact", hint.group(1), "5"], cwd=project, capture_output=True
    )
    assert compact.returncode == 0
