"""Pages from disk: HTML (`.html`, `.htm`, `.html.gz`) and plain-text dumps (`.txt`).

A file may start with an annotation header (`# url: ...` lines ended by `# ---`, the format of
the project's test fixtures); the header gives the page its URL (and `# content_type:` its type)
and is not part of the page. A source's `content_type` key says what its files are when their
names do not: a folder of text dumps saved as `.html`, say.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wirenorm.config import ConfigError
from wirenorm.crawl.items import Item
from wirenorm.crawl.sources import ListContext, Listing, TypeSpec
from wirenorm.model import RawPage

if TYPE_CHECKING:
    from wirenorm.config import SourceConfig


WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt", ".txt.gz")
_HEADER_END = re.compile(rb"^# ---[ \t]*\r?\n", re.M)
_HEADER_LINE = re.compile(rb"^# ([a-z_]+):[ \t]?(.*?)\r?$", re.M)


def is_page_file(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and not name.startswith(".") and name.endswith(PAGE_SUFFIXES)


def discover(paths: list[Path], pattern: str = "**/*") -> Iterator[Path]:
    """Page files under the given files or folders, in a stable (sorted) order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.glob(pattern) if is_page_file(p))
        else:
            yield path


def split_annotation(data: bytes) -> tuple[dict[str, list[str]], bytes]:
    """Separate a `# key: value ... # ---` header from the page bytes, if there is one."""
    if not data.startswith(b"# "):
        return {}, data
    end = _HEADER_END.search(data, 0, 64_000)
    if end is None:
        return {}, data
    header: dict[str, list[str]] = {}
    for m in _HEADER_LINE.finditer(data, 0, end.start()):
        key, value = m.group(1).decode(), m.group(2).decode("utf-8", "replace").strip()
        header.setdefault(key, []).append(value)
    return header, data[end.end() :]


def read_page(
    path: Path, source_id: str = "adhoc", root: Path | None = None, content_type: str | None = None
) -> RawPage:
    """Read one file as a RawPage; raises OSError when the file cannot be read. `content_type`
    (else the file's annotation, else its suffix) decides HTML or text."""
    data = path.read_bytes()
    header, content = split_annotation(data)
    st, real = _stat_real(path)
    url = header.get("url", [""])[0]
    if not url.startswith(("http://", "https://")):
        url = real.as_uri()
    rel = real.relative_to(_real_folder(root)).as_posix() if root else real.as_posix()
    name = path.name.lower()
    content_type = content_type or header.get("content_type", [None])[0]
    if content_type is None and name.endswith((".txt", ".txt.gz")):
        content_type = "text/plain"
    elif content_type is None and name.endswith(PAGE_SUFFIXES):
        content_type = "text/html"
    # otherwise (unknown suffix) the parser sniffs the bytes
    return RawPage(
        url=url,
        content=content,
        source_id=source_id,
        fetched_at=datetime.fromtimestamp(st.st_mtime, UTC),
        raw_ref=path.as_posix() if root is None else f"{root.as_posix()}/{rel}",
        content_type=content_type,
        key=None if url.startswith("http") else f"{source_id}:{rel}",
    )


def _stat_real(path: Path) -> tuple[os.stat_result, Path]:
    """The file's stat and real path. A file that is not a symbolic link is its real folder plus
    its name, and the folder's real path is looked up once: `resolve` makes a system call per
    component of every path (~30 us a file)."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return os.stat(path), path.resolve()
    return st, _real_folder(path.parent) / path.name


def _real_folder(folder: Path) -> Path:
    st = os.stat(folder)  # keyed by the folder the path names now: a link re-pointed is a new key
    return _real_folder_of(os.fspath(folder), st.st_dev, st.st_ino)


@functools.lru_cache(maxsize=1024)
def _real_folder_of(folder: str, device: int, inode: int) -> Path:
    return Path(os.path.realpath(folder))


class Files:
    kind = "files"
    keys: Mapping[str, TypeSpec] = {"path": str, "glob": str, "content_type": str}
    required = ("path",)
    web = False

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing:
        """Page files under `path` (WARC files among them are read as archives), sorted."""
        root = local_root(source, ctx)
        content_type = source.settings.get("content_type")
        items = []
        for p in discover([root], source.settings.get("glob", "**/*")):
            if p.name.endswith(WARC_SUFFIXES):
                from wirenorm.crawl.sources.warc import file_items  # warc imports this module

                items += file_items(source.id, p, root)
            else:
                items.append(Item(source.id, "file", str(p), str(root), content_type=content_type))
        return Listing(items=items)


def local_root(source: SourceConfig, ctx: ListContext) -> Path:
    root = source.path(ctx.base)
    if not root.exists():
        raise ConfigError(f"source {source.id!r}: key 'path': {root} does not exist")
    return root


SOURCE = Files()
