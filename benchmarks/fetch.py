"""Fetch throughput against local servers with the default politeness, and the cost of a second,
no-change run.

Usage: python benchmarks/fetch.py [--pages-per-host N] [--rounds R]

For 1, 5 and 20 hosts (each a real HTTP server on 127.0.0.1 serving fixture pages and a feed), the
library runs what the ingest flow runs: discover the feed, fetch and normalize the pages (one batch
per host, batches in parallel threads), archive everything to WARC. A second run over the same
state shows what an unchanged network costs (one conditional GET per feed, no page requests).
Numbers are medians over R rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakenet import Site, fixture_page, rss
from wirenorm import config
from wirenorm.crawl.fetch import Politeness
from wirenorm.crawl.state import State
from wirenorm.crawl.worklist import discover_web, web_items
from wirenorm.runs.batch import BatchResult, chunks, context, process_items
from wirenorm.runs.report import RunReport
from wirenorm.runs.writer import RunWriter

PAGES = ["101", "102", "106", "113", "116", "118", "124", "127", "129", "122"]


def build_sites(hosts: int, per_host: int) -> list[Site]:
    sites = []
    now = datetime.now(UTC)
    for h in range(hosts):
        site = Site(f"h{h}")
        paths = [f"/story-{i}.html" for i in range(per_host)]
        for i, path in enumerate(paths):
            site.page(path, fixture_page(PAGES[(h + i) % len(PAGES)]))
        site.page("/feed.xml", rss([(site.url(p), now) for p in paths]), **{"Content-Type": "application/rss+xml"})
        sites.append(site.start())
    return sites


def one_run(cfg: config.Config) -> tuple[float, int, int]:
    """Seconds, pages fetched, requests answered 304 -- the flow's steps without Prefect."""
    start = time.perf_counter()
    report = RunReport.start("ingest")
    ctx = context(cfg, report.run_id)
    State(cfg.paths.crawl_state).close()
    web = [s for s in cfg.sources if s.is_web]
    with ThreadPoolExecutor(max_workers=32) as pool:
        found = list(pool.map(lambda s: discover_web(s, ctx.policy(s.id), cfg, report.run_id, ctx.window), web))
        listed = [pair for f in found for pair in f.pages]
        state = State(cfg.paths.crawl_state)
        items, _ = web_items(listed, state, [s.id for s in web])
        state.close()
        results = list(pool.map(lambda b: process_items(b, ctx), chunks(items, cfg.batch_size)))
    with RunWriter(cfg, report) as writer:
        for f in found:
            writer.add(BatchResult(rejects=f.rejects, fetches=f.fetches))
        for r in results:
            writer.add(r)
    return time.perf_counter() - start, report.fetched, sum(f.unchanged_documents for f in found)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages-per-host", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"default politeness: {Politeness().min_delay:.1f}s between requests to one host, 1 at a time")
    print("| hosts | pages | first run s | pages/s | ideal pages/s | second run s | 304s | requests/page 2nd run |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for hosts in (1, 5, 20):
        firsts, seconds, fetched, not_modified = [], [], 0, 0
        for _ in range(args.rounds):
            sites = build_sites(hosts, args.pages_per_host)
            with tempfile.TemporaryDirectory() as tmp:
                sources = "".join(
                    f'[[sources]]\nid = "h{i}"\nkind = "feed"\nurls = ["{s.url("/feed.xml")}"]\n'
                    f'allow_hosts = ["127.0.0.1"]\n'
                    for i, s in enumerate(sites)
                )
                toml = Path(tmp) / "wirenorm.toml"
                toml.write_text(f'[paths]\nraw = "{tmp}/raw"\nclean = "{tmp}/clean"\n[run]\nbatch_size = 50\n{sources}')
                cfg = config.load(toml)
                t1, fetched, _ = one_run(cfg)
                before = sum(len(s.log) for s in sites)
                t2, _, not_modified = one_run(cfg)
                second_requests = sum(len(s.log) for s in sites) - before
            for s in sites:
                s.stop()
            firsts.append(t1)
            seconds.append(t2)
        pages = hosts * args.pages_per_host
        t1, t2 = statistics.median(firsts), statistics.median(seconds)
        # one robots.txt + one feed + the pages, spaced by the delay on each host, hosts in parallel
        ideal = pages / ((args.pages_per_host + 1) * Politeness().min_delay)
        print(
            f"| {hosts} | {fetched} | {t1:.2f} | {fetched / t1:.2f} | {ideal:.2f} | {t2:.3f} | {not_modified} "
            f"| {second_requests / pages:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
