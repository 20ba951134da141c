"""The run report: what a run read, wrote and rejected, and per-source extraction health.

One object, rendered three ways: lines for the terminal, markdown for the Prefect artifact, and
a row of the `runs/` table. The CLI and the flows render it; nobody re-parses its text.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from wirenorm.model import Article, Reject
from wirenorm.normalizer.prefilter import Searcher

# Text that should never survive into a clean body; its presence means a template broke.
# searched in the lower-cased body: a case-sensitive search is several times faster than re.I
BOILERPLATE_TELLS = re.compile(
    r"text size:|all rights reserved|share this article|sign up for|subscribe to our|advertisement|"
    r"accept cookies|read more:|follow us on|copyright \d{4}"
)
_TELLS = Searcher(BOILERPLATE_TELLS)  # one Aho-Corasick pass; the regex only where a tell's words are


@dataclass(frozen=True)
class SourceHealth:
    """Shares that show a broken template the day it breaks: pages with no article text, articles
    with boilerplate left in the body, articles that fell back to the generic extractor."""

    pages: int
    articles: int
    empty_body: float
    boilerplate_left: float
    generic: float

    def line(self, source_id: str) -> str:
        return (
            f"  {source_id}: {self.pages} pages, {self.articles} articles, empty-body {self.empty_body:.0%}, "
            f"boilerplate left {self.boilerplate_left:.0%}, generic extractor {self.generic:.0%}"
        )


@dataclass
class HealthCounts:
    """Running per-source counts behind `SourceHealth`, added to batch by batch."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, articles: Sequence[Article], rejects: Sequence[Reject]) -> None:
        for a in articles:
            c = self.counts.setdefault(a.source_id, Counter())
            c["pages"] += 1
            c["articles"] += 1
            c["boilerplate_left"] += bool(_TELLS.search(a.body.lower()))
            c["generic"] += a.extractor.startswith("generic")
        for r in rejects:
            c = self.counts.setdefault(r.source_id, Counter())
            c["pages"] += 1
            c["empty_body"] += r.error_type == "NotAnArticle"

    def merge(self, other: HealthCounts) -> HealthCounts:
        for sid, c in other.counts.items():
            self.counts.setdefault(sid, Counter()).update(c)
        return self

    def shares(self) -> dict[str, SourceHealth]:
        out = {}
        for sid, c in sorted(self.counts.items()):
            n = c["articles"] or 1
            out[sid] = SourceHealth(
                pages=c["pages"],
                articles=c["articles"],
                empty_body=c["empty_body"] / c["pages"] if c["pages"] else 0.0,
                boilerplate_left=c["boilerplate_left"] / n,
                generic=c["generic"] / n,
            )
        return out


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


@dataclass
class RunReport:
    run_id: str
    kind: str  # "ingest" | "backfill"
    started_at: datetime
    finished_at: datetime | None = None
    sources: list[str] = field(default_factory=list)
    pages: int = 0
    listed: int = 0  # URLs the web sources list
    fetched: int = 0  # pages fetched with a body
    not_modified: int = 0  # skipped as unchanged: listed as old, or answered 304
    articles: int = 0
    rejects: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    partitions: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    health: dict[str, SourceHealth] = field(default_factory=dict)
    report_path: str | None = None  # the dataset's HTML report, refreshed at the end of the run

    @classmethod
    def start(cls, kind: str, sources: Sequence[str] = ()) -> RunReport:
        return cls(run_id=new_run_id(), kind=kind, started_at=datetime.now(UTC), sources=sorted(sources))

    @property
    def seconds(self) -> float:
        end = self.finished_at or datetime.now(UTC)
        return (end - self.started_at).total_seconds()

    def headline(self) -> str:
        return (
            f"run {self.run_id}: {self.pages} pages read, {self.articles} articles, {self.rejects} rejects "
            f"in {self.seconds:.1f}s"
        )

    def detail_lines(self) -> list[str]:
        """Rejects by reason and per-source health."""
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(self.rejects_by_reason.items())) or "none"
        return [
            f"rejects by reason: {reasons}",
            "per source:",
            *(h.line(sid) for sid, h in sorted(self.health.items())),
        ]

    def lines(self) -> list[str]:
        report = [f"report: {self.report_path}"] if self.report_path else []
        return [
            self.headline(),
            f"web: {self.listed} listed, {self.fetched} fetched, {self.not_modified} unchanged (not fetched or 304)",
            f"dataset: {self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.stale} stale, {self.partitions} partitions touched",
            *self.detail_lines(),
            *report,
        ]

    def table(self) -> list[str]:
        """Key/value lines for a backfill's closing summary, then the details."""
        rows = [("run", self.run_id), ("seconds", f"{self.seconds:.1f}")]
        names = (
            "pages",
            "listed",
            "fetched",
            "not_modified",
            "articles",
            "rejects",
            "inserted",
            "updated",
            "unchanged",
        )
        rows += [(k, getattr(self, k)) for k in names]
        width = max(len(k) for k, _ in rows)
        report = [f"report: {self.report_path}"] if self.report_path else []
        return [f"{k:<{width}}  {v}" for k, v in rows] + self.detail_lines() + report

    def markdown(self) -> str:
        rows = [
            ("pages read", self.pages),
            ("articles", self.articles),
            ("rejects", self.rejects),
            ("inserted", self.inserted),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("seconds", f"{self.seconds:.1f}"),
        ]
        table = "\n".join(f"| {k} | {v} |" for k, v in rows)
        reasons = "\n".join(f"| {k} | {v} |" for k, v in sorted(self.rejects_by_reason.items()))
        health = "\n".join(
            f"| {sid} | {h.pages} | {h.articles} | {h.empty_body:.0%} | {h.boilerplate_left:.0%} | {h.generic:.0%} |"
            for sid, h in sorted(self.health.items())
        )
        link = f"Dataset report: [{self.report_path}](file://{self.report_path})\n\n" if self.report_path else ""
        return (
            f"# wirenorm run {self.run_id} ({self.kind})\n\n{link}| metric | value |\n|---|---|\n{table}\n\n"
            f"## Rejects by reason\n\n| reason | count |\n|---|---|\n{reasons or '| none | 0 |'}\n\n"
            "## Extraction health per source\n\n| source | pages | articles | empty body | boilerplate left "
            f"| generic extractor |\n|---|---:|---:|---:|---:|---:|\n{health}\n"
        )

    def to_row(self) -> dict[str, object]:
        """One row of the `runs/` table (flat columns, as before this object existed)."""
        row = asdict(self)
        del row["kind"], row["report_path"]
        row["sources"] = ",".join(self.sources)
        row["rejects_by_reason"] = ";".join(f"{k}={v}" for k, v in sorted(self.rejects_by_reason.items()))
        row["health"] = ";".join(
            f"{sid}:" + ",".join(f"{k}={v:.3f}" for k, v in sorted(asdict(h).items()))
            for sid, h in sorted(self.health.items())
        )
        row["seconds"] = self.seconds
        return row
