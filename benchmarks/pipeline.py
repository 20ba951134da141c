"""End-to-end throughput: the library alone vs the Prefect flow on threads and on Dask, plus peak RSS.

Usage: python benchmarks/pipeline.py [--sizes 1000 10000] [--rounds 3] [--no-dask]

Input: the fixture pages replicated to N files (headers stripped, so each copy is its own article).
- library: parse + extract + normalize + stories + Parquet, batch by batch, no Prefect (reference);
- threads / dask: `wirenorm run` in a child process, flow time as the run report gives it (the
  Prefect server's start-up is reported apart).
Peak RSS (getrusage) of the run's own process, and of its largest child process: the temporary
Prefect server (which records every task run) or a Dask worker.
Prefect overhead share = (flow seconds - library seconds) / flow seconds, with the flow on one
worker thread so that both do the same work one batch at a time; the two-worker rows show what
the parallel runners buy on this machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from wirenorm import config
from wirenorm.crawl.sources.files import split_annotation

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "wire"

LIBRARY = """
import json, resource, sys, time
from wirenorm import config
from wirenorm.crawl.worklist import local_items
from wirenorm.runs.batch import chunks, process_items
from wirenorm.runs.report import RunReport
from wirenorm.runs.writer import RunWriter
cfg = config.load(sys.argv[1])
start = time.perf_counter()
with RunWriter(cfg, RunReport.start("ingest")) as writer:
    for chunk in chunks(local_items(cfg), cfg.batch_size):
        writer.add(process_items(chunk))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD = """
import json, resource, sys, time
from wirenorm import config
from wirenorm.flows.ingest import run_ingest
from wirenorm.runs.runners import prefect_api
cfg = config.load(sys.argv[1])
t0 = time.perf_counter()
with prefect_api():
    t1 = time.perf_counter()
    report = run_ingest(cfg, runner=sys.argv[2])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"flow_s": report.seconds, "startup_s": t1 - t0, "rss_mb": own, "child_rss_mb": child}))
"""


def make_pages(folder: Path, n: int) -> None:
    pages = [split_annotation(p.read_bytes())[1] for p in sorted(FIXTURES.glob("*.html"))]
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"{i:06d}.html").write_bytes(pages[i % len(pages)])


def project(root: Path, workers: int) -> Path:
    """A config over the pages in `root`; one per worker count, sharing pages and output folders."""
    toml = root / f"wirenorm-{workers}.toml"
    toml.write_text(
        f'[paths]\nraw = "raw"\nclean = "clean"\n[run]\nbatch_size = 200\nworkers = {workers}\n'
        '[[sources]]\nid = "pages"\nkind = "files"\npath = "pages"\n'
    )
    return toml


def library_run(toml: Path) -> tuple[float, float]:
    """The reference, in a child process of its own so that its peak RSS is its own."""
    cfg = config.load(toml)
    shutil.rmtree(cfg.clean_dir, ignore_errors=True)
    shutil.rmtree(cfg.paths.state, ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", LIBRARY, str(toml)], capture_output=True, text=True, check=True)
    row = json.loads(out.stdout.strip().splitlines()[-1])
    return row["seconds"], row["rss_mb"]


def flow_run(toml: Path, runner: str) -> dict:
    cfg = config.load(toml)
    shutil.rmtree(cfg.clean_dir, ignore_errors=True)
    shutil.rmtree(cfg.paths.state, ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", CHILD, str(toml), runner], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    paths = [("threads", 1), ("threads", 2)] + ([] if args.no_dask else [("dask", 2)])
    print("| pages | path | workers | s (median) | pages/s | vs library | server start s | peak RSS MB run / child |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        rounds = args.rounds if n <= 2000 else 1
        with tempfile.TemporaryDirectory() as tmp:
            make_pages(Path(tmp) / "pages", n)
            lib = [library_run(project(Path(tmp), 1)) for _ in range(rounds)]
            lib_s = statistics.median(t for t, _ in lib)
            lib_rss = max(r for _, r in lib)
            print(f"| {n} | library | 1 | {lib_s:.1f} | {n / lib_s:.0f} | reference | - | {lib_rss:.0f} / - |")
            overhead = None
            for runner, workers in paths:
                toml = project(Path(tmp), workers)
                runs = [flow_run(toml, runner) for _ in range(rounds)]
                flow_s = statistics.median(r["flow_s"] for r in runs)
                start_s = statistics.median(r["startup_s"] for r in runs)
                rss = max(r["rss_mb"] for r in runs)
                child = max(r["child_rss_mb"] for r in runs)
                if workers == 1:
                    overhead = (flow_s - lib_s) / flow_s
                print(
                    f"| {n} | {runner} | {workers} | {flow_s:.1f} | {n / flow_s:.0f} | {flow_s / lib_s:.2f}x"
                    f" | {start_s:.1f} | {rss:.0f} / {child:.0f} |"
                )
                sys.stdout.flush()
            print(f"(n={n}: {rounds} round(s); Prefect overhead share, one worker vs library: {overhead:+.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
