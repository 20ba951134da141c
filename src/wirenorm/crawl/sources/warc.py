"""WARC files (our raw archive, Common Crawl CC-NEWS) as a source of pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from wirenorm.crawl.archive import read_warc
from wirenorm.model import RawPage

WARC_SUFFIXES = (".warc", ".warc.gz")


def discover(root: Path, pattern: str = "**/*.warc*") -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.glob(pattern) if p.name.endswith(WARC_SUFFIXES) and not p.name.startswith("."))


def pages(path: Path, source_id: str | None = None) -> Iterator[RawPage]:
    yield from read_warc(path, source_id)
