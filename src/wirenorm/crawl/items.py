"""The unit of crawl work handed to the run layer."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Item:
    """One unit of input: a page file, a WARC file, or a URL to fetch (with its validators).

    `replay_of` marks a file of our own raw archive: its records keep the source id they were
    fetched for, and when not empty only records of those sources are read.
    """

    source_id: str
    kind: str  # "file" | "warc" | "url"
    location: str
    root: str = ""
    etag: str | None = None
    last_modified: str | None = None
    replay_of: tuple[str, ...] | None = None
    content_type: str | None = None  # a page file's type when its name does not tell (a dump saved as .html)
    span: tuple[int, int] | None = None  # a WARC file's part: the byte range its records start in

    @property
    def host(self) -> str:
        return urlsplit(self.location).netloc if self.kind == "url" else ""

    @property
    def key(self) -> str:
        """What identifies the item's work (checkpoints): its location, and its part of a WARC file."""
        return f"{self.location}#{self.span[0]}" if self.span else self.location

    @property
    def replay(self) -> bool:
        return self.replay_of is not None
