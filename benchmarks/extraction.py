"""Main-content extraction quality and speed: wirenorm vs trafilatura on the same pages, same process.

Usage: python benchmarks/extraction.py [--data DIR] [--rounds 3]
       (DIR holds html/<id>.html.gz, or <id>.html.gz, and ground-truth.json as the public
       article-extraction benchmark ships them; default: the three pages of tests/fixtures/generic)

Metric (the benchmark's own): tokens are `\\w+`; 4-token shingles with counts; per page TP/FP/FN
between predicted and true shingle multisets; precision and recall are means over pages (pages
where one is undefined are skipped); F1 is the harmonic mean of the two means.
Speed: pages per second per tool, median of R rounds, tools alternating within each round, with a
bare `lxml.html` parse rate as reference. Needs trafilatura: `pip install -e ".[bench]"`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from caches import clear_input_caches  # benchmarks/ is the script's directory
from wirenorm import NormalizeError, normalize
from wirenorm.normalizer.scores import body_pr

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "generic"


def wirenorm_text(html: bytes, url: str) -> str:
    try:
        record = normalize(html, url)
    except NormalizeError:
        return ""
    parts = record.body.split("\n\n")
    if record.dateline and parts:  # the benchmark's truth keeps the dateline in the text
        parts[0] = f"{record.dateline} — {parts[0]}"
    return "\n".join(parts)


def trafilatura_text(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=False) or ""


def lxml_parse(html: bytes, url: str) -> str:
    lxml.html.document_fromstring(html)
    return ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text())
    pages = []
    for key, item in sorted(truth.items()):
        path = args.data / "html" / f"{key}.html.gz"
        if not path.exists():
            path = args.data / f"{key}.html.gz"
        if path.exists():
            pages.append((key, gzip.decompress(path.read_bytes()), item.get("url", ""), item["articleBody"]))
    tools: dict[str, Callable[[bytes, str], str]] = {
        "wirenorm": wirenorm_text,
        "trafilatura": trafilatura_text,
        "lxml.html parse": lxml_parse,
    }
    outputs: dict[str, dict[str, str]] = {name: {} for name in tools}
    rates: dict[str, list[float]] = {name: [] for name in tools}
    for r in range(args.rounds):
        order = list(tools) if r % 2 == 0 else list(reversed(tools))
        for name in order:
            clear_input_caches()  # a round times the work, not what the last round remembered
            start = time.perf_counter()
            for key, html, url, _ in pages:
                outputs[name][key] = tools[name](html, url)
            rates[name].append(len(pages) / (time.perf_counter() - start))
    print(f"{len(pages)} pages, {args.rounds} rounds (tools alternate)\n")
    print("| tool | precision | recall | F1 | pages/s (median) | ms/page | vs trafilatura |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    traf_rate = statistics.median(rates["trafilatura"])
    for name in tools:
        rate = statistics.median(rates[name])
        speed = f"{rate:.1f} | {1000 / rate:.2f} | {rate / traf_rate:.2f}x"
        if name == "lxml.html parse":
            print(f"| {name} (floor) | - | - | - | {speed} |")
            continue
        ps, rs = [], []
        for key, _, _, body in pages:
            p, rc = body_pr(outputs[name][key], body)
            if p is not None:
                ps.append(p)
            if rc is not None:
                rs.append(rc)
        precision, recall = statistics.mean(ps), statistics.mean(rs)
        f1 = 2 * precision * recall / (precision + recall)
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {speed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
