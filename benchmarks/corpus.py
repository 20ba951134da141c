"""Field quality on many publishers: wirenorm and trafilatura on the same news pages, same run.

Usage: python benchmarks/corpus.py [DIR] [--rounds 3] [--text inscriptis w3m] [--misses TOOL]
       DIR: pages/<name>.html.gz and truth.json (default ../shared/fixtures/corpus beside the project)
       --text: also score wirenorm's text path on dumps of the same pages by these renderers
       (inscriptis, w3m, lynx, or trafilatura's text export; see benchmarks/dumps.py), next to
       the HTML path

Scores (see wirenorm.normalizer.scores): title exact, author set F1, date on the same day, body
P/R/F1 (the better of the body with and without its standfirst), language (ISO 639-1); each over the
pages whose truth is known. Overall and per language, with pages/s (median of R rounds, tools
alternating within a round, each round with empty input caches: benchmarks/caches.py), then a speed
table: pages/s and ms/page per tool next to a bare `lxml.html` parse of the same pages (the floor
any extractor pays). Needs trafilatura: `pip install -e ".[bench]"`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from caches import clear_input_caches  # benchmarks/ is the script's directory
from dumps import RENDERERS, available
from wirenorm import NormalizeError, normalize
from wirenorm.normalizer.scores import author_f1, best_body_pr, mean_pr, same_day, title_exact

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "corpus"


@dataclass
class Found:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: object = None
    body: str = ""
    language: str | None = None
    rejected: str | None = None


def run_wirenorm(html: bytes, url: str, content_type: str | None = None) -> Found:
    try:
        r = normalize(html, url, content_type=content_type)
    except NormalizeError as exc:
        return Found(rejected=str(exc))
    body = "\n".join(([r.standfirst] if r.standfirst else []) + [r.body])
    return Found(r.headline, list(r.byline), r.published_at, body, r.language)


def run_trafilatura(html: bytes, url: str) -> Found:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return Found(rejected="nothing extracted")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Found(doc.title, authors, _day(doc.date), doc.text or "", None)


def _day(value: str | None):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


TOOLS: dict[str, Callable[[bytes, str], Found]] = {"wirenorm": run_wirenorm, "trafilatura": run_trafilatura}


def load(folder: Path) -> list[tuple[str, dict, bytes]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return [
        (name, t, gzip.decompress((folder / "pages" / f"{name}.html.gz").read_bytes())) for name, t in truth.items()
    ]


def score(pages: list[tuple[str, dict, bytes]], results: dict[str, Found]) -> dict[str, float]:
    titles, authors, dates, bodies, langs, rejects = [], [], [], [], [], 0
    for name, truth, _ in pages:
        got = results[name]
        rejects += got.rejected is not None
        if truth.get("title"):
            titles.append(title_exact(got.title, truth["title"]))
        if truth.get("authors") is not None:
            authors.append(author_f1(got.authors, truth["authors"]))
        if truth.get("published"):
            dates.append(same_day(got.date, truth["published"]))
        bodies.append(best_body_pr(got.body, [truth.get("body"), truth.get("body_min")]))
        if truth.get("language"):
            langs.append(got.language == truth["language"])
    p, r, f = mean_pr(bodies)

    def avg(xs: list) -> float:
        return sum(xs) / len(xs) if xs else float("nan")

    return {
        "pages": len(pages),
        "title": avg(titles),
        "authors": avg(authors),
        "date": avg(dates),
        "body_p": p,
        "body_r": r,
        "body_f1": f,
        "language": avg(langs),
        "rejects": rejects,
    }


def misses(pages: list[tuple[str, dict, bytes]], results: dict[str, Found]) -> None:
    for name, truth, _ in pages:
        got = results[name]
        out = []
        if got.rejected:
            out.append(f"REJECT {got.rejected}")
        if truth.get("title") and not title_exact(got.title, truth["title"]):
            out.append(f"title {got.title!r} != {truth['title']!r}")
        if truth.get("authors") is not None and author_f1(got.authors, truth["authors"]) < 1:
            out.append(f"authors {got.authors} != {truth['authors']}")
        if truth.get("published") and not same_day(got.date, truth["published"]):
            out.append(f"date {got.date} != {truth['published']}")
        if truth.get("language") and got.language != truth["language"]:
            out.append(f"language {got.language} != {truth['language']}")
        p, r = best_body_pr(got.body, [truth.get("body"), truth.get("body_min")])
        if (p or 0) < 0.8 or (r or 0) < 0.8:
            out.append(f"body P {p or 0:.2f} R {r or 0:.2f}")
        if out:
            print(f"{name}: " + " | ".join(out))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=list(TOOLS))
    parser.add_argument("--text", nargs="*", default=[], metavar="RENDERER", help="inscriptis, w3m, lynx, trafilatura")
    parser.add_argument("--misses", metavar="TOOL", help="list a tool's misses page by page (e.g. wirenorm, text/w3m)")
    args = parser.parse_args()
    pages = load(args.data)
    times: dict[str, list[float]] = defaultdict(list)
    results: dict[str, dict[str, Found]] = {}
    dumps = {r: {name: RENDERERS[r](html) for name, _, html in pages} for r in available(args.text)}
    tools = list(args.tools) + [f"text/{r}" for r in dumps]
    for round_ in range(args.rounds):
        for tool in args.tools if round_ % 2 == 0 else reversed(args.tools):
            clear_input_caches()  # each round as a fresh run: see benchmarks/caches.py
            start = time.perf_counter()
            results[tool] = {name: TOOLS[tool](html, t["url"]) for name, t, html in pages}
            times[tool].append(time.perf_counter() - start)
        start = time.perf_counter()
        for _, _, html in pages:
            lxml.html.document_fromstring(html)
        times[PARSE].append(time.perf_counter() - start)
        for renderer, texts in dumps.items():
            clear_input_caches()
            start = time.perf_counter()
            results[f"text/{renderer}"] = {
                name: run_wirenorm(texts[name].encode(), t["url"], "text/plain") for name, t, _ in pages
            }
            times[f"text/{renderer}"].append(time.perf_counter() - start)
    print(f"{len(pages)} pages from {args.data}, median of {args.rounds} rounds")
    print("| tool | language | pages | title exact | author F1 | date | body F1 (P/R) | language | rejects | pages/s |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|")
    langs = sorted(
        {t.get("language") or "?" for _, t, _ in pages},
        key=lambda lang: -sum((t.get("language") or "?") == lang for _, t, _ in pages),
    )
    for tool in tools:
        speed = len(pages) / statistics.median(times[tool])
        groups = [("all", pages)] + [
            (lang, [p for p in pages if (p[1].get("language") or "?") == lang]) for lang in langs
        ]
        for lang, group in groups:
            s = score(group, results[tool])
            language = f"{s['language']:.2f}" if tool != "trafilatura" else "–"
            print(
                f"| {tool} | {lang} | {s['pages']} | {s['title']:.2f} | {s['authors']:.2f} | {s['date']:.2f} "
                f"| {s['body_f1']:.3f} ({s['body_p']:.3f}/{s['body_r']:.3f}) | {language} | {s['rejects']} "
                f"| {speed if lang == 'all' else float('nan'):.0f} |".replace("| nan |", "| |")
            )
    speed_table(len(pages), times)
    if args.misses:
        misses(pages, results[args.misses])
    return 0


PARSE = "lxml.html parse (floor)"


def speed_table(count: int, times: dict[str, list[float]]) -> None:
    """Per-page cost next to a bare parse of the same pages: how far each tool is from the floor."""
    print("\n| tool | pages/s | ms/page | vs trafilatura |")
    print("|---|---:|---:|---:|")
    reference = statistics.median(times["trafilatura"]) if "trafilatura" in times else None
    for tool, spent in times.items():
        median = statistics.median(spent)
        ratio = f"{reference / median:.2f}x" if reference else "–"
        print(f"| {tool} | {count / median:.0f} | {1000 * median / count:.1f} | {ratio} |")


if __name__ == "__main__":
    sys.exit(main())
