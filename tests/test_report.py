"""The dataset report: built from data/clean alone after every run, self-contained, every chart
rendered by a real browser."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_ops import make_project
from wirenorm import config
from wirenorm.dataset import html_report

CHARTS = {
    "articles-per-day",
    "health-empty-body",
    "health-boilerplate-left",
    "health-generic",
    "rejects-over-runs",
    "largest-stories",
}
# Installed before anything else on the page: records script errors and console errors, then, once
# the page has loaded and laid out, what each chart drew and how large it is.
CHECKER = """<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message)));
const realError = console.error;
console.error = (...a) => { window.__errors.push(a.join(' ')); realError(...a); };
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const marks = svg ? svg.querySelectorAll('.mark').length : 0;
    const labels = svg ? [...svg.querySelectorAll('text')].map(t => t.textContent) : [];
    return {id: f.id, width: box.width, height: box.height, marks: marks, labels: labels};
  });
  const pre = document.createElement('pre');
  pre.id = 'check';
  pre.textContent = JSON.stringify({charts: charts, errors: window.__errors,
                                    external: document.querySelectorAll('[src],[href]').length});
  document.body.appendChild(pre);
});
</script>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def render(page: Path, tmp_path: Path) -> tuple[dict, str]:
    browser = chromium()
    if browser is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium package where it can)")
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>" + CHECKER, 1), encoding="utf-8")
    out = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,900",
            "--virtual-time-budget=5000",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'<pre id="check">(.*?)</pre>', out.stdout, re.S)
    assert found, out.stderr[-2000:]
    return json.loads(html.unescape(found.group(1))), out.stderr


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real dataset: two runs over sample pages printed on two sites (so stories have copies),
    with two pages that cannot be read (so there are rejects)."""
    root = make_project(tmp_path_factory.mktemp("report"), copies=2)
    (root / "pages" / "empty.html").write_bytes(b"")
    first = cli("run", cwd=root)
    assert first.returncode == 0, first.stderr
    (root / "pages" / "broken.html").write_bytes(bytes(range(256)) * 20)
    second = cli("run", cwd=root)
    assert second.returncode == 0, second.stderr
    assert f"report: {root / 'clean' / 'report.html'}" in second.stdout
    return root


def test_every_run_refreshes_a_self_contained_report(two_runs: Path) -> None:
    page = (two_runs / "clean" / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.count("<svg") == len(CHARTS)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing loaded from a network
    assert "<script" not in page  # charts are inline SVG, styles inline
    runs = html_report.load_runs(config.load(two_runs / "wirenorm.toml").paths)
    assert len(runs) == 2
    for run in runs:
        assert run.run_id in page
    assert "parse/ParseError" in page  # the rejects chart's legend names the reason


def test_every_chart_renders_in_chromium_without_errors(two_runs: Path, tmp_path: Path) -> None:
    result, stderr = render(two_runs / "clean" / "report.html", tmp_path)
    assert result["errors"] == []
    assert not re.search(r"CONSOLE.*(?:Uncaught|Error)", stderr)
    assert result["external"] == 0
    charts = {c["id"]: c for c in result["charts"]}
    assert set(charts) == CHARTS
    for chart in charts.values():
        assert chart["width"] > 600 and chart["height"] > 150, chart["id"]
    # what stands for data: a path per agency; per source a line and a point per run; a bar per story
    paths = config.load(two_runs / "wirenorm.toml").paths
    assert charts["articles-per-day"]["marks"] == len(html_report.articles_per_day(paths)[1]) > 1
    for key in ("empty-body", "boilerplate-left", "generic"):
        assert charts[f"health-{key}"]["marks"] == 1 + 2, key  # one source, two runs
    assert charts["rejects-over-runs"]["marks"] == 1  # one reason: parse/ParseError
    assert charts["largest-stories"]["marks"] == len(html_report.largest_stories(paths)) > 1
    # titles, axis labels and units are drawn as text
    assert "Articles per day, by agency" in charts["articles-per-day"]["labels"]
    assert {"published date (UTC)", "articles"} <= set(charts["articles-per-day"]["labels"])
    assert {"run start (UTC)", "share of pages"} <= set(charts["health-empty-body"]["labels"])
    assert "100%" in charts["health-generic"]["labels"]
    assert "rejected pages" in charts["rejects-over-runs"]["labels"]
    assert "article pages carrying the story" in charts["largest-stories"]["labels"]


def test_report_command_since_and_out(two_runs: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    done = cli("report", "--since", "2999-01-01", "--out", str(out), cwd=two_runs)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"report: {out}"
    assert "No runs since 2999-01-01." in out.read_text(encoding="utf-8")
    bad = cli("report", "--since", "yesterday", cwd=two_runs)
    assert bad.returncode == 2 and "--since must be a date" in bad.stderr


def test_an_empty_dataset_gives_a_report_that_says_so(tmp_path: Path) -> None:
    (tmp_path / "wirenorm.toml").write_text('[paths]\nraw = "raw"\nclean = "clean"\n')
    done = cli("report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "clean" / "report.html").read_text(encoding="utf-8")
    assert "No runs yet: the dataset is empty." in page and "<svg" not in page


def test_one_run_gives_a_report_that_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    done = cli("run", cwd=root)
    assert done.returncode == 0, done.stderr
    page = (root / "clean" / "report.html").read_text(encoding="utf-8")
    assert "One run so far" in page
    assert "No story has copies on more than one page yet." in page
    assert "No rejects in this window." in page


def test_charts_are_well_formed_svg_with_round_ticks_and_escaped_text() -> None:
    import xml.etree.ElementTree as ET
    from datetime import UTC, date, datetime, timedelta

    from wirenorm.dataset import charts

    assert charts.nice_ticks(13, integer=True) == [0, 5, 10, 15]
    assert charts.nice_ticks(0.37) == pytest.approx([0, 0.1, 0.2, 0.3, 0.4])
    assert charts.nice_ticks(0) == [0, 1]
    start = datetime(2026, 11, 26, 12, 56, 32, 400_000, tzinfo=UTC)
    assert [t for _, t in charts.time_ticks(start, start + timedelta(seconds=3))] == [
        "12:56:33",
        "12:56:34",
        "12:56:35",
    ]
    assert [t for _, t in charts.time_ticks(start, start + timedelta(hours=5))][:2] == ["13:00", "14:00"]
    assert charts.time_ticks(start, start + timedelta(days=1))[0][1] == "11-26 18:00"  # 6-hourly; crosses a date: dated
    assert [t for _, t in charts.time_ticks(start, start)] == ["12:56:32"]

    svg = "{http://www.w3.org/2000/svg}"
    days = [date(2026, 9, 1) + timedelta(d) for d in range(81)]
    bars = ET.fromstring(
        charts.stacked_bars(days, {"AFP": [1] * 81, "<b>&": [i % 2 for i in range(81)]}, "A & B", "day", "n")
    )
    assert [p.get("class") for p in bars.iter(f"{svg}path")] == ["mark", "mark"]
    texts = [t.text for t in bars.iter(f"{svg}text")]
    assert "<b>&" in texts and "A & B" in texts  # escaped in the markup, read back as written
    assert sum(t in {d.isoformat() for d in days} for t in texts) <= charts.MAX_X_LABELS
    assert {"0", "1", "2"} <= set(texts)
    runs = [start + timedelta(minutes=i) for i in range(5)]
    lines = ET.fromstring(charts.lines(runs, {"site": [0.1, 0.2, None, 0.3, 0.4]}, "t", "run", "share", percent=True))
    assert len(list(lines.iter(f"{svg}polyline"))) == 2  # a missing run breaks the line
    assert len(list(lines.iter(f"{svg}circle"))) == 4
    assert "100%" in [t.text for t in lines.iter(f"{svg}text")]
