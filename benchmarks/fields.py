"""Field accuracy of `wirenorm normalize` over a folder of annotated pages.

Usage: python benchmarks/fields.py [DIR ...] [--text RENDERER]   (default: tests/fixtures/wire)

Every `# expect: field=value` line (and the `# agency:` line) of every page is one check; the table
gives the share that holds, per field and per agency. Pages go through the real CLI. --text: the
same checks on text dumps of the HTML pages by a renderer users have (inscriptis, w3m, lynx, or
trafilatura's text export; see benchmarks/dumps.py): the wire fields as the text path finds them
(pages that are text already go as they are). --keep DIR also writes the HTML pages' dumps there,
gzipped, header kept (how tests/fixtures/wire-dumps/<renderer> was made).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from dumps import RENDERERS, available  # benchmarks/ is the script's directory
from wirenorm.crawl.sources.files import discover, split_annotation
from wirenorm.normalizer.evaluate import check, parse_expectations


def applicable(header: dict[str, list[str]], field: str) -> bool:
    """Pages marked `partial` hold the article text only: page-level fields are not in the input."""
    return not (header.get("partial") and field in PAGE_LEVEL)


PAGE_LEVEL = frozenset({"headline", "site", "published", "headline_source_suffix"})


def as_text(pages: list[Path], renderer: str, out: Path) -> list[Path]:
    """Each page's header over the renderer's dump of the page, as `.txt` files in `out`."""
    dumped = []
    for page in pages:
        raw = page.read_bytes()
        cut = raw.find(b"# ---\n") + len(b"# ---\n")
        head, body = raw[:cut], raw[cut:]
        text = body if page.suffix == ".txt" else RENDERERS[renderer](body).encode()
        target = out / f"{page.stem}.txt"
        target.write_bytes(head + text)
        dumped.append(target)
    return dumped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[Path("tests/fixtures/wire")])
    parser.add_argument("--text", metavar="RENDERER", choices=sorted(RENDERERS))
    parser.add_argument("--keep", metavar="DIR", type=Path, help="with --text: write the dumps there too")
    args = parser.parse_args(argv)
    pages = list(discover(args.folders))
    if args.text:
        if not available([args.text]):
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            dumped = as_text(pages, args.text, Path(tmp))
            if args.keep:
                keep(dumped, [p.suffix == ".txt" for p in pages], args.keep)
            return score(dumped)
    return score(pages)


def keep(dumped: list[Path], was_text: list[bool], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for dump, text in zip(dumped, was_text, strict=True):
        if not text:  # (a page that is text already is its own dump)
            (out / f"{dump.name}.gz").write_bytes(gzip.compress(dump.read_bytes(), mtime=0))


def score(pages: list[Path]) -> int:
    out = subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", "normalize", *map(str, pages), "--format", "jsonl"],
        capture_output=True,
        text=True,
    )
    records = {r["raw_ref"] or r["url"]: r for r in map(json.loads, out.stdout.splitlines())}
    by_url = {r["url"]: r for r in records.values()}
    by_field: dict[str, list[bool]] = defaultdict(list)
    by_agency: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    skipped = 0
    for page in pages:
        header, _ = split_annotation(page.read_bytes())
        url = header.get("url", [""])[0]
        record = by_url.get(url if url.startswith("http") else page.resolve().as_uri())
        agency = header.get("agency", ["?"])[0].split("(")[0].strip()
        for exp in parse_expectations(header):
            ok = check(record, exp) if record else False
            if ok is None or not applicable(header, exp.field):
                skipped += 1
                continue
            by_field[exp.field].append(ok)
            by_agency[agency].append(ok)
            if not ok:
                got = (
                    record.get(
                        {"site": "site_name", "slug": "desk_slug", "published": "published_at"}.get(
                            exp.field, exp.field
                        )
                    )
                    if record
                    else "REJECTED"
                )
                misses.append(f"{page.name}: {exp.field}: expected {exp.value!r}, got {got!r}")
    total = [ok for oks in by_field.values() for ok in oks]
    print(f"{len(pages)} pages, {len(records)} records, {len(total)} checks ({skipped} not applicable)\n")
    if not total:
        print("no `# expect:` lines in these pages: nothing to score", file=sys.stderr)
        return 1
    for title, table in (("field", by_field), ("agency", by_agency)):
        print(f"| {title} | checks | accuracy |\n|---|---:|---:|")
        for key, oks in sorted(table.items()):
            print(f"| {key} | {len(oks)} | {sum(oks) / len(oks):.2f} |")
        print()
    print(f"overall accuracy: {sum(total) / len(total):.3f} ({sum(total)}/{len(total)})")
    if misses:
        print("\nmisses:\n  " + "\n  ".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
