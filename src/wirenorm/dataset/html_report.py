"""The dataset at a glance: one self-contained HTML file built from data/clean/ alone.

Built from the small tables (runs, stories) and a two-column projection of the articles (agency
and the partition date), never from article text, so it is cheap enough to refresh after every
run. Styles and charts (inline SVG) are in the file: it opens anywhere, offline.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from wirenorm._version import __version__
from wirenorm.config import Paths
from wirenorm.dataset import charts
from wirenorm.dataset.store import UNDATED, partition_files, read_events

HEALTH_MEASURES = (
    ("empty_body", "Pages with no article text", "share of pages"),
    ("boilerplate_left", "Articles with boilerplate left in the body", "share of articles"),
    ("generic", "Articles from the generic extractor (no site template)", "share of articles"),
)
TOP_STORIES = 15
LAST_RUNS = 20


@dataclass(frozen=True)
class RunRow:
    run_id: str
    started_at: datetime
    seconds: float
    pages: int
    articles: int
    rejects: int
    inserted: int
    updated: int
    status: str
    sources: str
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    health: dict[str, dict[str, float]] = field(default_factory=dict)


def _pairs(text: str | None) -> dict[str, str]:
    return dict(p.split("=", 1) for p in (text or "").split(";") if "=" in p)


def _health(text: str | None) -> dict[str, dict[str, float]]:
    """`source:key=value,key=value;source2:...`, as the runs table stores it."""
    out = {}
    for part in (text or "").split(";"):
        source, _, values = part.rpartition(":")
        if source:
            out[source] = {k: float(v) for k, v in (kv.split("=", 1) for kv in values.split(",") if "=" in kv)}
    return out


def load_runs(paths: Paths, since: date | None = None) -> list[RunRow]:
    table = read_events(paths.runs)
    if table.num_rows == 0:
        return []
    rows = []
    for r in table.to_pylist():
        started = r["started_at"]
        if since is not None and started.date() < since:
            continue
        rows.append(
            RunRow(
                run_id=r["run_id"],
                started_at=started,
                seconds=float(r.get("seconds") or 0),
                pages=int(r.get("pages") or 0),
                articles=int(r.get("articles") or 0),
                rejects=int(r.get("rejects") or 0),
                inserted=int(r.get("inserted") or 0),
                updated=int(r.get("updated") or 0),
                status=r.get("status") or "",
                sources=r.get("sources") or "",
                rejects_by_reason={k: int(v) for k, v in _pairs(r.get("rejects_by_reason")).items()},
                health=_health(r.get("health")),
            )
        )
    return sorted(rows, key=lambda r: r.started_at)


def articles_per_day(paths: Paths, since: date | None = None) -> tuple[list[date], dict[str, list[int]], int]:
    """(days, articles per day per agency, undated articles).

    The day is in each file's path; only the agency column is read, a file at a time: a dataset
    scan over every file at once held ~70 MB more at 5,000 articles, and more as files add up."""
    undated = date.fromisoformat(UNDATED)
    counts: Counter[tuple[date, str]] = Counter()
    skipped = 0
    for key, files in partition_files(paths.articles).items():
        day = date.fromisoformat(key)
        if day != undated and since is not None and day < since:
            continue
        for path in files:
            with pq.ParquetFile(path) as f:
                if "agency" in f.schema_arrow.names:
                    agencies = f.read(columns=["agency"], use_threads=False).column(0).to_pylist()
                else:
                    agencies = [None] * f.metadata.num_rows
            if day == undated:
                skipped += len(agencies)
                continue
            for agency in agencies:
                counts[day, agency or "none credited"] += 1
    days = sorted({d for d, _ in counts})
    per_agency: Counter[str] = Counter()
    for (_, agency), n in counts.items():
        per_agency[agency] += n
    by_agency = {agency: [counts[d, agency] for d in days] for agency, _ in per_agency.most_common()}
    return days, by_agency, skipped


def largest_stories(paths: Paths, since: date | None = None, n: int = TOP_STORIES) -> list[dict]:
    if not paths.stories.exists():
        return []
    table = pq.read_table(paths.stories, columns=["story_id", "first_seen_at", "agency", "headline", "copy_count"])
    if since is not None:
        table = table.filter(
            pc.greater_equal(table["first_seen_at"], datetime.combine(since, datetime.min.time(), UTC))
        )
    table = table.filter(pc.greater(table["copy_count"], 1))
    top = table.sort_by([("copy_count", "descending"), ("first_seen_at", "ascending")]).slice(0, n)
    return top.to_pylist()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(headers: list[str], rows: list[list[object]], numeric: set[int]) -> str:
    head = "".join(f"<th{' class=num' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{' class=num' if i in numeric else ''}>{_e(v)}</td>" for i, v in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _chart(chart_id: str, svg: str, caption: str) -> str:
    return f'<figure class="chart" id="{chart_id}">{svg}<figcaption>{_e(caption)}</figcaption></figure>'


def _note(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


def build(paths: Paths, since: date | None = None, now: datetime | None = None) -> str:
    """The report as one HTML document."""
    now = now or datetime.now(UTC)
    runs = load_runs(paths, since)
    sections: list[str] = []
    if not runs:
        sections.append(
            _note(
                "No runs yet: the dataset is empty. Run `wirenorm run` (or `make run`) and the report fills in."
                if since is None
                else f"No runs since {since.isoformat()}."
            )
        )
    else:
        if len(runs) == 1:
            sections.append(_note("One run so far: the charts over runs show a single point until the next run."))
        sections.append(_articles_section(paths, since))
        sections.append(_health_section(runs))
        sections.append(_rejects_section(runs))
        sections.append(_stories_section(paths, since))
        sections.append(_runs_section(runs))
    window = f"since {since.isoformat()}" if since else "all time"
    return PAGE.format(
        title="wirenorm dataset report",
        subtitle=_e(f"{paths.clean} · {window} · built {now:%Y-%m-%d %H:%M} UTC · wirenorm {__version__}"),
        body="\n".join(sections),
    )


def _articles_section(paths: Paths, since: date | None) -> str:
    days, by_agency, undated = articles_per_day(paths, since)
    parts = ["<h2>Articles per day</h2>"]
    if not days:
        parts.append(_note("No dated articles in this window."))
    else:
        svg = charts.stacked_bars(days, by_agency, "Articles per day, by agency", "published date (UTC)", "articles")
        parts.append(
            _chart("articles-per-day", svg, f"{sum(map(sum, by_agency.values()))} articles on {len(days)} days")
        )
    if undated:
        parts.append(_note(f"{undated} articles have neither a published nor a fetch time and are not shown."))
    return "\n".join(parts)


def _health_section(runs: list[RunRow]) -> str:
    parts = [
        "<h2>Extraction health per source, over runs</h2>",
        _note(
            "A broken site template shows as a step: more empty pages, boilerplate left, or a fall back "
            "to the generic extractor."
        ),
    ]
    sources = sorted({s for r in runs for s in r.health})
    x = [r.started_at for r in runs]
    for key, title, ylabel in HEALTH_MEASURES:
        series = {s: [r.health.get(s, {}).get(key) for r in runs] for s in sources}
        svg = charts.lines(x, series, title, "run start (UTC)", ylabel, percent=True)
        caption = f"{_plural(len(sources), 'source')}, {_plural(len(runs), 'run')}"
        parts.append(_chart(f"health-{key.replace('_', '-')}", svg, caption))
    return "\n".join(parts)


def _rejects_section(runs: list[RunRow]) -> str:
    reasons = Counter()
    for r in runs:
        reasons.update(r.rejects_by_reason)
    parts = ["<h2>Rejects by stage and reason, over runs</h2>"]
    if not reasons:
        parts.append(_note("No rejects in this window."))
        return "\n".join(parts)
    series = {reason: [r.rejects_by_reason.get(reason, 0) for r in runs] for reason, _ in reasons.most_common()}
    x = [r.started_at.strftime("%m-%d %H:%M") for r in runs]
    svg = charts.stacked_bars(x, series, "Rejects per run, by stage/error type", "run start (UTC)", "rejected pages")
    caption = f"{_plural(sum(reasons.values()), 'reject')} in {_plural(len(runs), 'run')}"
    parts.append(_chart("rejects-over-runs", svg, caption))
    return "\n".join(parts)


def _stories_section(paths: Paths, since: date | None) -> str:
    stories = largest_stories(paths, since)
    parts = ["<h2>Largest stories</h2>"]
    if not stories:
        parts.append(_note("No story has copies on more than one page yet."))
        return "\n".join(parts)
    svg = charts.horizontal_bars(
        [s["headline"] or s["story_id"] for s in stories],
        [s["copy_count"] for s in stories],
        "Copies per story (largest first)",
        "article pages carrying the story",
    )
    parts.append(_chart("largest-stories", svg, f"top {len(stories)} stories by copies"))
    rows = [
        [s["copy_count"], f"{s['first_seen_at']:%Y-%m-%d %H:%M}", s["agency"] or "", s["headline"] or "", s["story_id"]]
        for s in stories
    ]
    parts.append(_table(["copies", "first seen (UTC)", "agency", "headline", "story id"], rows, {0}))
    return "\n".join(parts)


def _runs_section(runs: list[RunRow]) -> str:
    rows = [
        [
            f"{r.started_at:%Y-%m-%d %H:%M:%S}",
            r.run_id,
            r.sources,
            f"{r.seconds:.1f}",
            r.pages,
            r.articles,
            r.rejects,
            r.inserted,
            r.updated,
            f"{r.pages / r.seconds:.0f}" if r.seconds > 0 else "",
            r.status,
        ]
        for r in reversed(runs[-LAST_RUNS:])
    ]
    headers = [
        "started (UTC)",
        "run",
        "sources",
        "seconds",
        "pages",
        "articles",
        "rejects",
        "inserted",
        "updated",
        "pages/s",
        "status",
    ]
    return "<h2>Last runs</h2>\n" + _table(headers, rows, {3, 4, 5, 6, 7, 8, 9})


def write(paths: Paths, out: Path | None = None, since: date | None = None) -> Path:
    """Build and write the report atomically (temp file, then rename); returns its path."""
    out = out or paths.report
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(build(paths, since), encoding="utf-8")
    os.replace(tmp, out)
    return out


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1040px;
       padding: 1.5rem; color: #1d1f23; background: #fff; }}
h1 {{ margin: 0 0 .2rem; font-size: 1.6rem; }}
h2 {{ margin: 2.2rem 0 .6rem; font-size: 1.2rem; border-bottom: 1px solid #e3e5e8; padding-bottom: .3rem; }}
.subtitle {{ color: #5f6670; margin: 0 0 1rem; font-size: .9rem; }}
.note {{ color: #5f6670; font-style: italic; }}
figure.chart {{ margin: .6rem 0 1.2rem; }}
figure.chart svg {{ width: 100%; height: auto; display: block; }}
figcaption {{ color: #5f6670; font-size: .85rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .88rem; }}
th, td {{ text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eceef0; vertical-align: top; }}
th {{ background: #f5f6f8; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style></head>
<body>
<h1>{title}</h1>
<p class="subtitle">{subtitle}</p>
{body}
</body></html>
"""
