"""The Parquet dataset under data/clean: partitioned, idempotent, atomic.

Layout: `articles/published_date=YYYY-MM-DD/part-*.parquet` (hive partitioning; the partition
column lives in the path, not in the files, so pandas, DuckDB and polars all read it as a date),
`rejects/`, `stories/`, `runs/`.

Write rules:
- `article_id` is the key; a row whose content is unchanged is not rewritten, a changed row
  replaces the old one (newest `fetched_at` wins) inside the very file that held it.
- Every file appears through write-to-temp + fsync + rename, so a reader sees whole files only
  and a killed writer leaves at most a `.tmp` file behind, which the next writer removes when it
  opens the article index.
- One writer at a time: a lock file in the dataset root, with a clear message for the second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import shutil
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from wirenorm.dataset.article_index import ArticleIndex
from wirenorm.model import ARTICLE_SCHEMA, REJECT_SCHEMA, SCHEMA_VERSION, Article, Reject

PARTITION = "published_date"
FILE_SCHEMA = ARTICLE_SCHEMA.remove(ARTICLE_SCHEMA.get_field_index(PARTITION))
PARTITIONING = ds.partitioning(pa.schema([(PARTITION, pa.date32())]), flavor="hive")
UNDATED = "1970-01-01"  # partition for records with neither published nor fetched time
TABLE_CHUNK = 500  # articles turned into Arrow at a time: one Parquet row group, ~6 MB of Arrow data
# files written at once: Arrow encodes, compresses and syncs a file without the GIL, so a write that
# spans many partitions (a run over several days, the final story ids) uses a second core
WRITE_THREADS = 2
PARALLEL_BYTES = 64 << 20  # existing files' bytes read at once by those threads; a larger file goes alone
# columns of running text: zstd, and no min/max statistics (no query prunes files on a body's first
# word, and a short body's statistics would store it twice)
PROSE = frozenset({"body", "paragraphs", "subheads", "removed", "standfirst", "headline", "photo_caption"})
R = TypeVar("R")


class DatasetLocked(RuntimeError):
    """Another wirenorm process is writing to the same dataset."""


@dataclass
class WriteStats:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0  # older than what the dataset already holds
    partitions: set[str] = field(default_factory=set)
    files_written: int = 0


def dataset_lock(root: Path, timeout: float = 0) -> FileLock:
    root.mkdir(parents=True, exist_ok=True)
    return FileLock(str(root / ".wirenorm.lock"), timeout=timeout)


class locked:  # noqa: N801 - used as a context manager, reads like one
    """Hold the dataset lock, turning a busy lock into a DatasetLocked with a clear message."""

    def __init__(self, root: Path, timeout: float = 0) -> None:
        self.root = root
        self.lock = dataset_lock(root, timeout)

    def __enter__(self) -> locked:
        try:
            self.lock.acquire()
        except Timeout as exc:
            raise DatasetLocked(
                f"another wirenorm run is writing to {self.root} (lock {self.lock.lock_file}); "
                "wait for it to finish, or let this command wait for it with --lock-timeout SECONDS "
                "(or lock_timeout under [run] in wirenorm.toml)"
            ) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def atomic_write_table(table: pa.Table, path: Path, merged: bool = False) -> None:
    """Write a Parquet file so that it is either absent or complete, never partial."""
    atomic_write_batches(table.schema, [table], path, merged)


def atomic_write_batches(
    schema: pa.Schema, parts: Iterable[pa.Table | pa.RecordBatch], path: Path, merged: bool = False
) -> None:
    """Stream tables or batches into one Parquet file, atomically: a large table is written
    without ever being whole in memory, and a reader sees the old file or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with pq.ParquetWriter(tmp, schema, **write_options(schema, merged)) as writer:
            for part in parts:
                if isinstance(part, pa.RecordBatch):
                    writer.write_batch(part, row_group_size=50_000)
                else:
                    writer.write_table(part, row_group_size=50_000)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=16)
def write_options(schema: pa.Schema, merged: bool = False) -> dict[str, Any]:
    """Parquet settings. Most files a run writes hold the few rows of one date partition, where
    the cost is per column, not per byte: zstd sets up a context for every column chunk, and
    dictionary encoding a table per column, for values that rarely repeat within a few rows. So
    zstd only for the columns of running text (nearly all the bytes), snappy for the rest, no
    dictionaries: 974 articles over 81 partitions write in 129 ms instead of 255, and take 1.54 MB
    instead of 2.16. `merged` (compact's one file per partition): zstd and dictionaries throughout.
    Computed once per schema (a run writes a file per partition); callers unpack, never change it."""
    leaves = _leaf_columns(schema)  # per-column settings name Parquet's columns: `agencies.list.element`
    statistics = [leaf for leaf in leaves if leaf.split(".", 1)[0] not in PROSE]
    if merged:
        return {"compression": "zstd", "use_dictionary": True, "write_statistics": statistics}
    codecs = {leaf: "zstd" if leaf.split(".", 1)[0] in PROSE else "snappy" for leaf in leaves}
    return {"compression": codecs, "use_dictionary": False, "write_statistics": statistics}


@functools.lru_cache(maxsize=16)
def _leaf_columns(schema: pa.Schema) -> tuple[str, ...]:
    """The Parquet column paths of a schema, read off an empty file exactly as Arrow names them."""
    sink = pa.BufferOutputStream()
    pq.write_table(schema.empty_table(), sink)
    meta = pq.read_metadata(pa.BufferReader(sink.getvalue()))
    return tuple(meta.schema.column(i).path for i in range(meta.num_columns))


def _new_part_name() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"


def articles_table(articles: Sequence[Article]) -> pa.Table:
    return pa.Table.from_pylist([a.to_dict() for a in articles], schema=ARTICLE_SCHEMA)


def rejects_table(rejects: Sequence[Reject], run_id: str) -> pa.Table:
    schema = REJECT_SCHEMA.append(pa.field("run_id", pa.string()))
    rows = [{**r.to_dict(), "run_id": run_id} for r in rejects]
    return pa.Table.from_pylist(rows, schema=schema)


def _file_metadata(schema: pa.Schema) -> pa.Schema:
    return schema.with_metadata({**(schema.metadata or {}), b"wirenorm.schema_version": str(SCHEMA_VERSION).encode()})


FILE_SCHEMA_V = _file_metadata(FILE_SCHEMA)  # what article files are written with


def clean_temp_files(root: Path) -> int:
    """Remove temp files left by a killed writer; they were never visible to readers."""
    removed = 0
    for tmp in root.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


def partition_files(root: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    if not root.exists():
        return out
    for part_dir in sorted(root.glob(f"{PARTITION}=*")):
        files = sorted(p for p in part_dir.glob("*.parquet") if not p.name.startswith("."))
        if files:
            out[part_dir.name.split("=", 1)[1]] = files
    return out


def article_bodies(root: Path) -> Iterator[tuple[str, str | None]]:
    """(article_id, body) of every article in the dataset at `root`, a row group at a time, read
    on this thread (see `_with_story_ids`)."""
    for files in partition_files(root).values():
        for path in files:
            with pq.ParquetFile(path) as source:
                for batch in source.iter_batches(columns=["article_id", "body"], use_threads=False):
                    yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)


def open_index(root: Path, path: Path | None = None) -> ArticleIndex:
    """The article index of the dataset at `root`, reconciled with its files; in SQLite at `path`
    (a run keeps it under data/state/ so it survives the run), or in memory. Caller holds the
    lock: the temp files a killed writer left are removed here, once per run, rather than by a
    walk of the whole dataset before every write."""
    clean_temp_files(root)
    return ArticleIndex((p for files in partition_files(root).values() for p in files), path)


def write_articles(articles: Sequence[Article] | pa.Table, root: Path, index: ArticleIndex | None = None) -> WriteStats:
    """Upsert articles into `root` (the articles dataset); caller holds the lock.

    A run writing many batches passes its open `index` (from `open_index`), kept current here, so
    the dataset is scanned once per run rather than once per batch.
    """
    rows = _Rows(articles)
    stats = WriteStats()
    if not rows.ids:
        return stats
    if index is not None:
        return _upsert(rows, root, index, stats)
    own = open_index(root)
    try:
        return _upsert(rows, root, own, stats)
    finally:
        own.close()


class _Rows:
    """The rows of one write: key columns in Python, the records turned into Arrow a slice at a
    time, so a large flush never holds its articles a second time as one whole table."""

    def __init__(self, data: Sequence[Article] | pa.Table) -> None:
        self.data: Sequence[Article] | pa.Table = data
        if isinstance(data, pa.Table):
            # in file layout once: a cast per partition file cost as much as its take, and a take
            # from a table of many chunks concatenates them first, once per take; in partition and
            # id order, so that a partition's rows are one slice of it, not a take (see `table`)
            data = data.sort_by([(PARTITION, "ascending"), ("article_id", "ascending")])
            self.data = data.drop_columns([PARTITION]).cast(FILE_SCHEMA_V).combine_chunks()
            self.ids, self.fetched, self.hashes, self.days = (data.column(c).to_pylist() for c in _KEYS)
        else:
            self.ids, self.fetched, self.hashes, self.days = ([getattr(a, c) for a in data] for c in _KEYS)

    def latest(self) -> dict[str, int]:
        """article_id -> row; within one write, the newest fetch of an article wins."""
        out: dict[str, int] = {}
        for i, aid in enumerate(self.ids):
            prev = out.get(aid)
            if prev is None or _newer(self.fetched[i], self.fetched[prev]):
                out[aid] = i
        return out

    def partition(self, i: int) -> str:
        return self.days[i].isoformat() if self.days[i] else UNDATED

    def table(self, rows: Sequence[int]) -> pa.Table:
        """These rows in file layout: no partition column (the path holds it), schema version set."""
        if isinstance(self.data, pa.Table):
            first = rows[0] if rows else 0
            if list(rows) == list(range(first, first + len(rows))):
                return self.data.slice(first, len(rows))  # no copy
            return self.data.take(list(rows))
        part = pa.Table.from_pylist([self.data[i].to_dict() for i in rows], schema=ARTICLE_SCHEMA)
        return part.drop_columns([PARTITION]).cast(FILE_SCHEMA_V)

    def tables(self, rows: Sequence[int]) -> Iterator[pa.Table]:
        for start in range(0, len(rows), TABLE_CHUNK):
            yield self.table(rows[start : start + TABLE_CHUNK])


_KEYS = ("article_id", "fetched_at", "content_hash", PARTITION)


def _upsert(rows: _Rows, root: Path, index: ArticleIndex, stats: WriteStats) -> WriteStats:
    latest = rows.latest()
    known = index.lookup(latest)
    appends: dict[str, list[int]] = {}
    rewrites: dict[Path, dict[str, int | None]] = {}  # per file: its rows replaced (None: removed)
    for aid, i in latest.items():
        key = rows.partition(i)
        if aid not in known:
            appends.setdefault(key, []).append(i)
            stats.inserted += 1
            continue
        path, old_fetched, old_hash = known[aid]
        if _newer(old_fetched, rows.fetched[i]):
            stats.stale += 1
            continue
        same_partition = path.parent.name == f"{PARTITION}={key}"
        if old_hash == rows.hashes[i] and same_partition:
            stats.unchanged += 1
            continue
        stats.updated += 1
        if same_partition:
            rewrites.setdefault(path, {})[aid] = i  # replaced in place: one atomic rename
        else:
            appends.setdefault(key, []).append(i)  # moved: add first, then remove the old row
            rewrites.setdefault(path, {})[aid] = None
    # every new row is in place before any old copy of a moved row is removed
    with index.transaction():
        for path, taken in in_parallel((0, partial(_append, rows, root, k, t)) for k, t in sorted(appends.items())):
            index.written(path, ((rows.ids[i], rows.fetched[i], rows.hashes[i]) for i in taken), new=True)
            stats.partitions.add(path.parent.name.split("=", 1)[1])
            stats.files_written += 1
        for path, kept in in_parallel((p.stat().st_size, partial(_rewrite, rows, p, c)) for p, c in rewrites.items()):
            if kept:
                index.written(path)
            else:
                index.removed(path)
            stats.partitions.add(path.parent.name.split("=", 1)[1])
            stats.files_written += 1
    return stats


def _append(rows: _Rows, root: Path, key: str, taken: list[int]) -> tuple[Path, list[int]]:
    """A new file of these rows in partition `key`."""
    path = root / f"{PARTITION}={key}" / _new_part_name()
    atomic_write_batches(FILE_SCHEMA_V, rows.tables(sorted(taken, key=rows.ids.__getitem__)), path)
    return path, taken


def _rewrite(rows: _Rows, path: Path, changes: dict[str, int | None]) -> tuple[Path, bool]:
    """The file with its changed rows replaced (None: removed); False when no row is left, and the
    file is gone."""
    old = pq.read_table(path, use_threads=False)
    keep = old.filter(pc.invert(pc.is_in(old.column("article_id"), pa.array(list(changes)))))
    new_rows = [i for i in changes.values() if i is not None]
    parts = [_conform_any(keep)]
    if new_rows:
        parts.append(rows.table(new_rows))
    merged = pa.concat_tables(parts, promote_options="permissive").replace_schema_metadata(FILE_SCHEMA_V.metadata)
    if not merged.num_rows:
        path.unlink()
        return path, False
    atomic_write_table(merged.sort_by("article_id"), path)
    return path, True


def set_story_ids(changes: dict[str, str], root: Path, index: ArticleIndex) -> int:
    """Correct `story_id` of rows already written (a run's final story ids); one atomic rewrite
    per file touched. Returns the number of rows changed."""
    if not changes:
        return 0
    by_file: dict[Path, list[str]] = {}
    for aid, (path, _, _) in index.lookup(changes).items():
        by_file.setdefault(path, []).append(aid)
    with index.transaction():
        for path in in_parallel((p.stat().st_size, partial(_rewrite_story_ids, p, changes)) for p in by_file):
            index.restamped(path)  # the same rows: only their story ids changed
    release_memory()
    return sum(map(len, by_file.values()))


def in_parallel(jobs: Iterable[tuple[int, Callable[[], R]]]) -> Iterator[R]:
    """Each job's result, in the jobs' order, from `WRITE_THREADS` threads; the jobs running at
    once weigh at most `PARALLEL_BYTES` together (a job heavier than that runs alone), so memory
    stays what one large file needs. The caller's own bookkeeping (an index on SQLite, say) stays
    on the caller's thread."""
    running: deque[tuple[Future[R], int]] = deque()
    weight = 0
    with ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="wirenorm-write") as pool:
        for size, job in jobs:
            while running and (len(running) >= 2 * WRITE_THREADS or weight + size > PARALLEL_BYTES):
                future, done = running.popleft()
                weight -= done
                yield future.result()
            running.append((pool.submit(job), size))
            weight += size
        while running:
            future, done = running.popleft()
            weight -= done
            yield future.result()


def _rewrite_story_ids(path: Path, changes: dict[str, str]) -> Path:
    with pq.ParquetFile(path) as source:
        atomic_write_batches(source.schema_arrow, _with_story_ids(source, changes), path)
    return path


def _with_story_ids(source: pq.ParquetFile, changes: dict[str, str]) -> Iterator[pa.Table]:
    """The file's rows, a row group at a time, with the story ids in `changes` set."""
    for group in range(source.num_row_groups):
        # on this thread: what Arrow's reader threads allocate stays in their heaps after the run
        table = source.read_row_group(group, use_threads=False)
        wanted = [changes.get(a) for a in table.column("article_id").to_pylist()]
        current = table.column("story_id").to_pylist()
        story = pa.array([w or c for w, c in zip(wanted, current, strict=True)], pa.string())
        yield table.set_column(table.schema.get_field_index("story_id"), "story_id", story)


def release_memory() -> None:
    """Hand memory freed after a large write back to the system: Arrow's allocator and the C
    heap both keep freed pages for reuse, so a long run's RSS would otherwise stay at its peak."""
    pa.default_memory_pool().release_unused()
    with suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)  # glibc only


def _newer(a: Any, b: Any) -> bool:
    if a is None:
        return False
    if b is None:
        return True
    return a > b


def append_table(table: pa.Table, directory: Path, partition: str | None = None) -> Path | None:
    """Add one file of event rows (rejects, runs): an append is a single atomic rename."""
    if table.num_rows == 0:
        return None
    target = directory / partition if partition else directory
    path = target / _new_part_name()
    atomic_write_table(table.replace_schema_metadata(_file_metadata(table.schema).metadata), path)
    return path


def read_dataset(root: Path, columns: Iterable[str] | None = None) -> pa.Table:
    """Read a hive-partitioned dataset whose files may come from different schema versions."""
    files = [str(p) for fs in partition_files(root).values() for p in fs]
    if not files:
        return FILE_SCHEMA.append(pa.field(PARTITION, pa.date32())).empty_table()
    schemas = [pq.read_schema(f) for f in files]
    unified = pa.unify_schemas(schemas, promote_options="permissive")
    unified = unified.append(pa.field(PARTITION, pa.date32()))
    dataset = ds.dataset(
        files, schema=unified, format="parquet", partitioning=PARTITIONING, partition_base_dir=str(root)
    )
    return dataset.to_table(columns=list(columns) if columns else None)


def read_articles(root: Path | str = "data/clean/articles", columns: Iterable[str] | None = None):  # noqa: ANN201
    """The articles as a pandas DataFrame, `published_date` typed as a date."""
    return read_dataset(Path(root), columns).to_pandas()


def read_events(directory: Path) -> pa.Table:
    """All files of an append-only table (rejects, runs) as one Arrow table."""
    files = sorted(str(p) for p in directory.rglob("*.parquet") if not p.name.startswith("."))
    if not files:
        return pa.table({})
    return pa.concat_tables([pq.read_table(f) for f in files], promote_options="permissive")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    ok = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
    return ok


def compact(root: Path, min_files: int = 2) -> dict[str, int]:
    """Merge each partition's files into one, without changing what a query returns.

    The merged partition is built beside the dataset, then swapped in with one atomic exchange of
    directories, so a reader sees either all the old files or the one new file. Caller holds the lock.
    """
    staging = root.parent / f".staging-{root.name}"
    merged = files_before = 0
    for key, files in partition_files(root).items():
        if len(files) < min_files:
            continue
        table = pa.concat_tables([_conform_any(pq.read_table(f)) for f in files], promote_options="permissive")
        table = table.sort_by("article_id")
        new_dir = staging / f"{PARTITION}={key}"
        shutil.rmtree(new_dir, ignore_errors=True)
        atomic_write_table(table, new_dir / _new_part_name(), merged=True)
        live = root / f"{PARTITION}={key}"
        if _exchange(new_dir, live):
            shutil.rmtree(new_dir)  # now holds the old files
        else:  # no atomic exchange on this platform: two renames, the partition briefly absent
            old = staging / f"old-{key}"
            os.rename(live, old)
            os.rename(new_dir, live)
            shutil.rmtree(old)
        merged += 1
        files_before += len(files)
    shutil.rmtree(staging, ignore_errors=True)
    return {"partitions_compacted": merged, "files_before": files_before, "files_after": merged}


def _conform_any(table: pa.Table) -> pa.Table:
    """Keep every column a file has (a newer schema's too), typed as the current schema where known."""
    known = {f.name: f.type for f in FILE_SCHEMA}
    return pa.table({n: table.column(n).cast(known[n]) if n in known else table.column(n) for n in table.column_names})
