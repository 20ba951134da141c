"""WARC files (our raw archive, Common Crawl CC-NEWS) as a source of pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wirenorm.crawl.archive import read_warc
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


def pages(path: Path, source_id: str | None = None) -> Iterator[RawPage]:
    yield from read_warc(path, source_id)


class WarcFiles:
    kind = "warc"
    keys: Mapping[str, TypeSpec] = {"path": str, "glob": str}
    required = ("path",)
    web = False

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing:
        root = local_root(source, ctx)
        found = discover(root, source.settings.get("glob", "**/*.warc*"))
        return Listing(items=[Item(source.id, "warc", str(p), str(root)) for p in found])


SOURCE = WarcFiles()
