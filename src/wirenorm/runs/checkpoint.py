"""Which items a backfill has finished, so a restart after Ctrl-C or a crash skips them."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path


class Checkpoint:
    """A set of finished item locations, saved atomically after every batch."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        if path.exists():
            self.done = set(json.loads(path.read_text(encoding="utf-8"))["done"])

    @classmethod
    def for_backfill(
        cls, folder: Path, source: str, since: datetime | None, until: datetime | None, from_raw: bool
    ) -> Checkpoint:
        key = f"{source}|{since}|{until}|{from_raw}"
        name = f"backfill-{source}-{hashlib.sha1(key.encode()).hexdigest()[:10]}.json"
        return cls(folder / name)

    def add(self, locations: list[str]) -> None:
        self.done.update(locations)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps({"done": sorted(self.done)}), encoding="utf-8")
        os.replace(tmp, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
