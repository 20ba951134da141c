"""Large inputs: `wirenorm run` on a CC-NEWS-like WARC file, memory and scale-out.

Usage: python benchmarks/warc.py [--records 20000] [--sizes 5000 20000] [--rounds 3] [--repeats 1]
                                [--corpus DIR] [--keep DIR]

1. Builds a gzipped WARC of `--records` response records (one gzip member each, as CC-NEWS) from
   the corpus pages: distinct URLs on 50 hosts, each record its own article (its own canonical
   address: copies of a page that keep the page's canonical link are one article updated, not
   many) and its own text (a sentence with its number added to the first paragraph, paragraphs of
   every other copy reversed). Copies of one corpus page stay copies of one story.
2. Reads it with warcio and with fastwarc (if installed): records/s of each reader alone.
3. The run layer: `wirenorm.normalize` on the first 1,000 records already in memory, the same
   records read from the file by wirenorm's reader and normalized, and a whole in-process run
   (listing, batches, story ids, article index, Parquet, report) over them; then the same pages
   as local HTML files: normalized in memory, read and normalized (what `wirenorm normalize` does
   with a folder, without printing), and a whole run over the folder. All six in every round of
   `--rounds`, in one process; the run layer's cost is the median of each round's own
   ratio, so that the machine's drift between rounds cancels.
4. `wirenorm run` (a `warc` source) on the first N records for each N of `--sizes`, with Dask and
   1, then 2 workers: wall time, pages/s, peak RSS of the command's process and of its whole
   process tree. Each run starts from an empty dataset in a fresh folder (minutes each);
   `--repeats` alternates 1 and 2 workers that many times and gives the ratio of the median walls.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "corpus"
HOSTS = 50
_FIRST_P_END = re.compile(rb"</p>", re.I)
_HEAD = re.compile(rb"<head[^>]*>", re.I)


def corpus_pages(folder: Path) -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted((folder / "pages").glob("*.html.gz"))]


def vary(page: bytes, n: int, url: str) -> bytes:
    """Record n's own copy: its own canonical address (the first canonical link is the one read),
    a sentence with its number in the first paragraph; every other copy has its paragraphs in
    reverse order (so copies differ in more than one line)."""
    page = _HEAD.sub(lambda m: m.group(0) + f'<link rel="canonical" href="{url}">'.encode(), page, count=1)
    page = _FIRST_P_END.sub(f" This is record {n} of the benchmark archive.</p>".encode(), page, count=1)
    if n % 2:
        parts = re.split(rb"(?i)(?=<p[\s>])", page)
        if len(parts) > 3:
            page = parts[0] + b"".join(reversed(parts[1:-1])) + parts[-1]
    return page


def build(path: Path, records: int, pages: list[bytes]) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(records):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            url = f"https://news{n % HOSTS}.example/world/{n}-story.html"
            body = vary(pages[n % len(pages)], n, url)
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def read_warcio(path: Path) -> int:
    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
    return n


def read_fastwarc(path: Path) -> int | None:
    try:
        from fastwarc import ArchiveIterator as FastIterator
        from fastwarc import WarcRecordType
    except ImportError:
        return None
    n = 0
    for record in FastIterator(str(path), record_types=WarcRecordType.response, fsspec_args=False):
        record.reader.read()
        n += 1
    return n


def first_records(src: Path, dst: Path, records: int) -> None:
    """The first `records` records of src, byte for byte (gzip members are copied whole)."""
    with open(src, "rb") as fh:
        iterator = ArchiveIterator(fh)
        end = None
        for count, _ in enumerate(iterator):
            if count == records:
                end = iterator.get_record_offset()
                break
    with open(src, "rb") as fh, open(dst, "wb") as out:
        out.write(fh.read() if end is None else fh.read(end))


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(warc: Path, runner: str, workers: int) -> dict[str, float]:
    """`wirenorm run` on a fresh project with one warc source; wall time and peak RSS."""
    root = Path(tempfile.mkdtemp(prefix="wirenorm-warc-"))
    (root / "in").mkdir()
    os.link(warc, root / "in" / warc.name) if warc.stat().st_dev == root.stat().st_dev else shutil.copy(
        warc, root / "in"
    )
    (root / "wirenorm.toml").write_text(
        f'[paths]\nraw = "raw"\nclean = "clean"\n[run]\nrunner = "{runner}"\nworkers = {workers}\n'
        f'[[sources]]\nid = "ccnews"\nkind = "warc"\npath = "in"\n'
    )
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirenorm.cli", "run"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    peak_main = peak_tree = 0.0
    while proc.poll() is None:
        peak_main = max(peak_main, rss_mb(proc.pid))
        peak_tree = max(peak_tree, sum(rss_mb(p) for p in tree(proc.pid)))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    output = proc.stdout.read().decode() if proc.stdout else ""
    shutil.rmtree(root, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"wirenorm run failed ({runner}, {workers}):\n{output[-3000:]}")
    articles = int(m.group(1)) if (m := re.search(r"(\d+) articles", output)) else 0
    return {"wall": wall, "articles": articles, "peak_main": peak_main, "peak_tree": peak_tree}


def _in_process(root: Path, source: str) -> int:
    """One whole in-process run (threads, 1 worker) of a fresh dataset in `root` over `source` (a
    TOML source table); returns how many articles it inserted."""
    from wirenorm import config
    from wirenorm.runs.execute import RunPlan, run_in_process

    (root / "wirenorm.toml").write_text(
        f'[paths]\nraw = "raw"\nclean = "clean"\n[run]\nworkers = 1\n[[sources]]\n{source}\n'
    )
    return run_in_process(config.load(root / "wirenorm.toml"), RunPlan("ingest")).inserted


def _normalize_all(pages: list[tuple[str, bytes]]) -> None:
    from wirenorm import NormalizeError, normalize

    for url, body in pages:
        with contextlib.suppress(NormalizeError):
            normalize(body, url)


def run_layer(sample: Path, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """Pages/s by the wall clock and by this process's CPU time (which other tenants of a shared
    machine disturb less), one pair per round, measured in this process (imports warm for all):
    - `normalize`: `wirenorm.normalize` on the records already in memory;
    - `read`: the records read from the file by wirenorm's own reader and normalized (what any run
      over this file must do);
    - `warc_run`: a whole in-process run over the file (a `warc` source);
    - `files_normalize`, `files_read` and `files_run`: the same pages as local HTML files,
      normalized in memory as wirenorm reads them; read from the folder and normalized (what
      `wirenorm normalize FOLDER` does, without printing); a whole run over the folder (a `files`
      source).
    Every round measures all six, in reverse order every other round, so that the machine's drift
    during a round weighs on both sides of a comparison. Also `articles`: how many distinct articles
    a run wrote."""
    from wirenorm.crawl.archive import read_warc
    from wirenorm.crawl.sources.files import discover, read_page
    from wirenorm.normalizer.pipeline import process

    with open(sample, "rb") as fh:
        bodies = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read()) for r in ArchiveIterator(fh)]
    folder = Path(tempfile.mkdtemp(prefix="wirenorm-pages-"))
    for i, (_, body) in enumerate(bodies):
        (folder / f"{i:05d}.html").write_bytes(body)
    local = [(raw.url, raw.content) for raw in map(read_page, sorted(folder.glob("*.html")))]
    rates: dict[str, list[tuple[float, float]]] = {}
    articles: list[int] = []

    def timed(name: str, work: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        out = work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rates.setdefault(name, []).append((len(bodies) / wall, len(bodies) / cpu))
        return out

    def runs(name: str, source: str) -> None:
        root = Path(tempfile.mkdtemp(prefix="wirenorm-layer-"))
        (root / "in").mkdir()
        shutil.copy(sample, root / "in")
        try:
            articles.append(int(timed(name, lambda: _in_process(root, source))))
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def read_and_normalize() -> None:
        for raw in read_warc(sample, "ccnews"):
            process(raw)

    def read_files_and_normalize() -> None:
        for path in discover([folder]):
            process(read_page(path, "pages", folder))

    steps: list[Callable[[], object]] = [
        lambda: timed("normalize", lambda: _normalize_all(bodies)),
        lambda: runs("warc_run", 'id = "ccnews"\nkind = "warc"\npath = "in"'),
        lambda: timed("read", read_and_normalize),
        lambda: timed("files_normalize", lambda: _normalize_all(local)),
        lambda: timed("files_read", read_files_and_normalize),
        lambda: runs("files_run", f'id = "pages"\nkind = "files"\npath = "{folder.as_posix()}"'),
    ]
    for n in range(rounds):
        for step in steps if n % 2 == 0 else reversed(steps):
            step()
    shutil.rmtree(folder, ignore_errors=True)
    return {**rates, "articles": [(a, a) for a in articles]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--sizes", type=int, nargs="*", default=[5_000, 20_000])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the archive here")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the run-layer measurement (0: skip it)")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each size with 1 and with 2 workers")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="wirenorm-ccnews-"))
    folder.mkdir(parents=True, exist_ok=True)
    full = folder / f"ccnews-{args.records}.warc.gz"
    if not full.exists():
        start = time.perf_counter()
        build(full, args.records, corpus_pages(args.corpus))
        took = time.perf_counter() - start
        print(f"built {full} ({full.stat().st_size / 1e6:.0f} MB, {args.records} records) in {took:.0f} s")
    for name, reader in (("warcio", read_warcio), ("fastwarc", read_fastwarc)):
        start = time.perf_counter()
        n = reader(full)
        took = time.perf_counter() - start
        print(f"read with {name}: " + (f"{n / took:,.0f} records/s" if n else "not installed"))

    sample = folder / "first-1000.warc.gz"
    first_records(full, sample, 1000)
    if args.rounds:
        m = run_layer(sample, args.rounds)

        def cost(reference: str, run: str) -> str:
            """The run layer's cost per round (the reference's rate over the run's, minus one),
            median and range over the rounds, by the clock and in CPU time."""
            out = []
            for k, unit in ((0, "by the clock"), (1, "in CPU time")):
                each = sorted(100 * (ref[k] / got[k] - 1) for ref, got in zip(m[reference], m[run], strict=True))
                out.append(f"{statistics.median(each):.0f}% {unit} ({each[0]:.0f} to {each[-1]:.0f}%)")
            return ", ".join(out)

        def pages(name: str) -> str:
            wall, cpu = (statistics.median(r[k] for r in m[name]) for k in (0, 1))
            return f"{wall:.1f} ({cpu:.1f} per CPU s)"

        print(
            f"1,000 records, one process, {args.rounds} rounds (pages/s, medians; whole runs in-process: listing, "
            f"batches, story ids, article index, Parquet, report; threads, 1 worker; {m['articles'][0][0]:.0f} "
            f"distinct articles written; the run layer's cost: median of the rounds' own ratios, and their range):\n"
            f"  WARC file:   normalize on records in memory {pages('normalize')}; reading and normalizing "
            f"{pages('read')}; whole run {pages('warc_run')}\n"
            f"               the run layer costs {cost('read', 'warc_run')} over reading and normalizing;\n"
            f"               {cost('normalize', 'warc_run')} over normalizing records in memory\n"
            f"  local files: normalize on the pages in memory {pages('files_normalize')}; reading and "
            f"normalizing {pages('files_read')}; whole run {pages('files_run')}\n"
            f"               the run layer costs {cost('files_read', 'files_run')} over reading and normalizing;\n"
            f"               {cost('files_normalize', 'files_run')} over normalizing pages in memory"
        )
    print("| records | runner | workers | wall s | pages/s | articles | peak RSS (command) MB | peak RSS (tree) MB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        part = full if size >= args.records else folder / f"first-{size}.warc.gz"
        if not part.exists():
            first_records(full, part, size)
        walls: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.repeats):  # 1 and 2 workers alternate: the machine's drift hits both
            for workers in (1, 2):
                got = run(part, "dask", workers)
                walls[workers].append(got["wall"])
                print(
                    f"| {size} | dask | {workers} | {got['wall']:.0f} | {size / got['wall']:.1f} | {got['articles']} "
                    f"| {got['peak_main']:.0f} | {got['peak_tree']:.0f} |",
                    flush=True,
                )
        one, two = statistics.median(walls[1]), statistics.median(walls[2])
        pairs = ", ".join(f"{a / b:.2f}x" for a, b in zip(walls[1], walls[2], strict=True))
        print(f"|  | dask 2 vs 1 | | | {one / two:.2f}x (median walls {one:.0f} / {two:.0f} s; pairs {pairs}) | | | |")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
