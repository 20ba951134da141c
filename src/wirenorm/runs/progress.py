"""Backfill progress: a bar with rate and ETA on a terminal, plain lines in logs and CI."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm


class Progress:
    """Counts pages over a known total; `update` after each finished batch."""

    def __init__(self, total: int, done: int = 0, stream: TextIO | None = None, label: str = "backfill") -> None:
        self.stream = stream or sys.stderr
        self.total, self.done, self.label = total, done, label
        self.start, self.start_done = time.monotonic(), done
        self.tty = self.stream.isatty()
        self.bar = (
            tqdm(total=total, initial=done, unit="page", desc=label, file=self.stream, dynamic_ncols=True)
            if self.tty
            else None
        )

    def update(self, pages: int, batches_done: int, batches_total: int) -> None:
        self.done += pages
        if self.bar is not None:
            self.bar.update(pages)
            return
        elapsed = time.monotonic() - self.start
        rate = (self.done - self.start_done) / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        self.stream.write(
            f"{self.label}: batch {batches_done}/{batches_total}, {self.done}/{self.total} items, "
            f"{rate:.1f} items/s, ETA {left:.0f}s\n"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
