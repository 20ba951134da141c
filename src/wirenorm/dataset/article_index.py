"""Which file of the articles dataset holds each article_id, with its fetch time and content hash.

An upsert must know, for every incoming article, whether the dataset has it and where. Kept in
memory, that index grows with the dataset; kept here, in SQLite under data/state/, a run of any
length holds only the batch it is writing. The Parquet files stay the truth: on open, every file
whose (size, mtime, inode) differs from what the index recorded, or that is new or gone, is
re-read, so a writer killed between a Parquet rename and the index update, a `compact`, or a
deleted index file all heal on the next run.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq

from wirenorm.model import from_micros, to_micros

SCHEMA = """
create table if not exists files (path text primary key, size integer, mtime_ns integer, ino integer);
create table if not exists articles (
    article_id text primary key,
    path text not null,
    fetched_at integer,       -- microseconds since the epoch, UTC
    content_hash text
);
create index if not exists articles_path on articles (path);
"""
Entry = tuple[Path, datetime | None, str | None]


def _stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


class ArticleIndex:
    """article_id -> (file, fetched_at, content_hash), on disk; `None` as path keeps it in memory
    (a one-off write outside a run)."""

    def __init__(self, files: Iterable[Path], path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path or ":memory:", timeout=30, check_same_thread=False)
        self._depth = 0  # open `transaction` blocks
        if path is not None:
            self.db.execute("pragma journal_mode=wal")
            self.db.execute("pragma synchronous=normal")
        self.db.executescript(SCHEMA)
        self.reconcile(files)

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return self.db.execute("select count(*) from articles").fetchone()[0]

    def reconcile(self, files: Iterable[Path]) -> int:
        """Bring the index in line with the dataset's files; returns how many files were re-read."""
        present = {str(p): p for p in files}
        recorded = {row[0]: tuple(row[1:]) for row in self.db.execute("select path, size, mtime_ns, ino from files")}
        reread = 0
        with self.db:
            for gone in recorded.keys() - present.keys():
                self._forget(gone)
            for key, path in present.items():
                if recorded.get(key) != _stamp(path):
                    self._read(path)
                    reread += 1
        return reread

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for every change made inside (nested blocks join the outer one): a write
        that spans 81 date partitions commits once instead of 81 times. Should the process die
        before the commit, the files written meanwhile are re-read on the next open, as any file
        the index has no stamp for."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.db:
                yield
        finally:
            self._depth = 0

    def lookup(self, article_ids: Iterable[str]) -> dict[str, Entry]:
        ids = list(article_ids)
        out: dict[str, Entry] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.db.execute(
                "select article_id, path, fetched_at, content_hash from articles "
                f"where article_id in ({','.join('?' * len(chunk))})",
                chunk,
            )
            out.update({aid: (Path(path), from_micros(fetched), chash) for aid, path, fetched, chash in rows})
        return out

    def written(
        self, path: Path, rows: Iterable[tuple[str, datetime | None, str | None]] | None = None, new: bool = False
    ) -> None:
        """A file was just written or rewritten: its rows replace whatever the index held for it.
        A writer that knows the file's (article_id, fetched_at, content_hash) rows passes them,
        sparing a read of the file it has just written; `new`: a file of a name never used before,
        so there is nothing of it to forget."""
        with self.transaction():
            if rows is None:
                self._read(path)
            else:
                self._record(path, ((aid, to_micros(f), h) for aid, f, h in rows), new)

    def restamped(self, path: Path) -> None:
        """A file was rewritten with the same rows (article_id, fetched_at, content_hash): only
        its stamp changed, so nothing of it is read again."""
        with self.transaction():
            self.db.execute("insert or replace into files values (?, ?, ?, ?)", (str(path), *_stamp(path)))

    def removed(self, path: Path) -> None:
        with self.transaction():
            self._forget(str(path))

    def _forget(self, key: str) -> None:
        self.db.execute("delete from articles where path = ?", (key,))
        self.db.execute("delete from files where path = ?", (key,))

    def _read(self, path: Path) -> None:
        # on this thread, unbuffered: Arrow's reader threads would keep what they allocate
        table = pq.read_table(
            path, columns=["article_id", "fetched_at", "content_hash"], use_threads=False, pre_buffer=False
        )
        rows = zip(
            table.column(0).to_pylist(),
            (to_micros(t) for t in table.column(1).to_pylist()),
            table.column(2).to_pylist(),
            strict=True,
        )
        self._record(path, rows)

    def _record(self, path: Path, rows: Iterable[tuple[str, int | None, str | None]], new: bool = False) -> None:
        key = str(path)
        if not new:
            self._forget(key)
        # an id in two files (a move killed halfway): the file read last wins, as a later write would
        self.db.executemany(
            "insert or replace into articles values (?, ?, ?, ?)", ((aid, key, f, h) for aid, f, h in rows)
        )
        self.db.execute("insert or replace into files values (?, ?, ?, ?)", (key, *_stamp(path)))
