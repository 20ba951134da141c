"""WARC files (our raw archive, Common Crawl CC-NEWS, WET text) as a source of pages.

A large file is cut into parts of about `records_per_item` page records (default 400), each its
own item: a gzipped file by byte ranges, sized from its first records, so listing it reads almost
nothing; each part seeks to its range and starts at the first record inside it. One 1 GB CC-NEWS
file becomes many batches that run in parallel and hold only their own records in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wirenorm.crawl.archive import read_warc, record_spans
from wirenorm.crawl.items import Item
from wirenorm.crawl.sources import ListContext, Listing, TypeSpec
from wirenorm.crawl.sources.files import WARC_SUFFIXES, local_root
from wirenorm.model import RawPage

if TYPE_CHECKING:
    from wirenorm.config import SourceConfig


def discover(root: Path, pattern: str = "**/*.warc*") -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.glob(pattern) if p.name.endswith(WARC_SUFFIXES) and not p.name.startswith("."))


RECORDS_PER_ITEM = 400


def pages(path: Path, source_id: str | None = None, span: tuple[int, int] | None = None) -> Iterator[RawPage]:
    yield from read_warc(path, source_id, span)


class WarcFiles:
    kind = "warc"
    keys: Mapping[str, TypeSpec] = {"path": str, "glob": str, "records_per_item": int}
    required = ("path",)
    web = False

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing:
        root = local_root(source, ctx)
        found = discover(root, source.settings.get("glob", "**/*.warc*"))
        per_item = int(source.settings.get("records_per_item", RECORDS_PER_ITEM))
        return Listing(items=[i for path in found for i in file_items(source.id, path, root, per_item)])


def file_items(source_id: str, path: Path, root: Path, per_item: int = RECORDS_PER_ITEM) -> list[Item]:
    """One item per part of about `per_item` page records (one for a small file)."""
    try:
        spans = record_spans(path, max(1, per_item))
    except Exception:  # unreadable here: the whole file is one item, and its batch writes the reject
        spans = []
    if len(spans) <= 1:
        return [Item(source_id, "warc", str(path), str(root))]
    return [Item(source_id, "warc", str(path), str(root), span=span) for span in spans]


SOURCE = WarcFiles()
