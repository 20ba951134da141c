"""The Parquet dataset: idempotent upserts, schema evolution, the lock, crash safety, compaction."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tests.conftest import FIXTURES
from wirenorm.crawl.sources.files import read_page
from wirenorm.dataset import store
from wirenorm.dataset.article_index import ArticleIndex
from wirenorm.model import Article
from wirenorm.normalizer.pipeline import process

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def real_articles() -> list[Article]:
    pages = sorted((FIXTURES / "wire").glob("1[0-2]*.html"))
    return [a for p in pages if isinstance(a := process(read_page(p)), Article)]


def test_upsert_is_idempotent_and_newest_fetch_wins(tmp_path: Path, real_articles: list[Article]) -> None:
    root = tmp_path / "articles"
    first = store.write_articles(real_articles, root)
    assert first.inserted == len(real_articles) > 10
    again = store.write_articles(real_articles, root)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(real_articles))
    changed = dataclasses.replace(
        real_articles[0],
        body=real_articles[0].body + "\n\nCorrection appended.",
        content_hash="changed",
        fetched_at=(real_articles[0].fetched_at or T0) + timedelta(hours=1),
    )
    older = dataclasses.replace(
        real_articles[1], body="stale copy", content_hash="stale", fetched_at=T0 - timedelta(days=9999)
    )
    stats = store.write_articles([changed, older], root)
    assert (stats.updated, stats.stale) == (1, 1)
    df = store.read_articles(root)
    assert len(df) == len(real_articles) and df.article_id.is_unique
    row = df.set_index("article_id").loc[changed.article_id]
    assert row.body.endswith("Correction appended.")
    assert df.set_index("article_id").loc[older.article_id].body == real_articles[1].body


def test_moved_article_leaves_its_old_partition(tmp_path: Path, real_articles: list[Article]) -> None:
    root = tmp_path / "articles"
    a = real_articles[0]
    store.write_articles([a], root)
    moved = dataclasses.replace(
        a,
        published_date=a.published_date - timedelta(days=3),
        content_hash="x",
        fetched_at=(a.fetched_at or T0) + timedelta(minutes=1),
    )
    store.write_articles([moved], root)
    df = store.read_articles(root)
    assert len(df) == 1 and df.published_date.iloc[0] == moved.published_date


def test_a_v2_column_does_not_break_reading_v1_partitions(tmp_path: Path, real_articles: list[Article]) -> None:
    root = tmp_path / "articles"
    store.write_articles(real_articles[:3], root)
    v2 = store.articles_table(real_articles[3:5]).drop_columns(["published_date"])
    v2 = v2.append_column("sentiment", pa.array([0.5, -0.25], pa.float32()))
    v2 = v2.replace_schema_metadata({b"wirenorm.schema_version": b"2"})
    store.atomic_write_table(v2, root / "published_date=2031-01-01" / "part-v2.parquet")
    df = store.read_articles(root)
    assert len(df) == 5
    assert df.sentiment.isna().sum() == 3 and sorted(df.sentiment.dropna()) == [-0.25, 0.5]
    glob = f"{root}/*/*.parquet"
    n, with_v2 = duckdb.sql(
        f"select count(*), count(sentiment) from read_parquet('{glob}', hive_partitioning=true, union_by_name=true)"
    ).fetchall()[0]
    assert (n, with_v2) == (5, 2)
    lf = pl.scan_parquet(
        f"{root}/**/*.parquet", hive_partitioning=True, missing_columns="insert", extra_columns="ignore"
    )
    assert lf.select(pl.len()).collect().item() == 5
    # a v1 writer updating a row in the v2 file keeps the v2 column of the other row
    upd = dataclasses.replace(
        real_articles[3],
        published_date=datetime(2031, 1, 1).date(),
        content_hash="u",
        fetched_at=T0 + timedelta(days=9999),
    )
    store.write_articles([upd], root)
    t = pq.read_table(root / "published_date=2031-01-01" / "part-v2.parquet")
    assert "sentiment" in t.column_names and t.num_rows == 2


def test_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    with (
        store.locked(tmp_path),
        pytest.raises(store.DatasetLocked, match="another wirenorm run is writing to"),
        store.locked(tmp_path),
    ):
        pass


WRITER = r"""
import dataclasses, os, sys, time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from wirenorm.dataset import store
from wirenorm.dataset.article_index import ArticleIndex
from wirenorm.normalizer.pipeline import process
from wirenorm.crawl.sources.files import read_page
pages = sorted(Path(sys.argv[2]).glob("*.html"))
base = [a for p in pages if hasattr(a := process(read_page(p)), "body")]
root = Path(sys.argv[1])
n = 0
with store.locked(root.parent, timeout=30):
    index = store.open_index(root, Path(sys.argv[3]))  # on disk, as a run keeps it
    print("ready", flush=True)
    while True:
        n += 1
        stamp = dict(content_hash=f"{os.getpid()}-{n}", fetched_at=datetime.now(UTC) + timedelta(seconds=n))
        batch = [dataclasses.replace(a, article_id=f"{a.article_id[:20]}{i:04d}", body=a.body * 40, **stamp)
                 for i in range(10) for a in base]
        store.write_articles(batch, root, index)
        print(n, flush=True)
"""


def assert_index_matches(index: ArticleIndex, root: Path) -> None:
    """Every article of the dataset is found in the file that holds it, and nothing else is indexed."""
    files = [p for fs in store.partition_files(root).values() for p in fs]
    where = {aid: f for f in files for aid in pq.read_table(f, columns=["article_id"]).column(0).to_pylist()}
    assert {aid: entry[0] for aid, entry in index.lookup(where).items()} == where
    assert len(index) == len(where)


def test_sigkill_during_writes_leaves_every_partition_readable(tmp_path: Path) -> None:
    root = tmp_path / "clean" / "articles"
    state = tmp_path / "state" / "articles.sqlite"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
    for delay in (0.15, 0.4, 0.7, 1.1, 1.6, 2.2):  # spread over the write cycle of one batch and more
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(FIXTURES / "wire"), str(state)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        files = [p for fs in store.partition_files(root).values() for p in fs]
        for f in files:
            pq.read_table(f)  # every visible file is whole
        if files:
            df = store.read_articles(root, columns=["article_id", "content_hash"])
            assert df.article_id.is_unique
            # all rows of one batch share a content_hash: a partition holds one whole batch, never half of one
            by_part = store.read_dataset(root, ["content_hash", "published_date"]).to_pandas()
            assert (by_part.groupby("published_date").content_hash.nunique() == 1).all()
    # what a kill inside pq.write_table leaves: a truncated temp file; readers never see it
    part = next(root.iterdir())
    whole = next(part.glob("*.parquet")).read_bytes()
    (part / ".part-killed.parquet.1234abcd.tmp").write_bytes(whole[: len(whole) // 2])
    before = set(store.read_articles(root, columns=["article_id"]).article_id)
    n = duckdb.sql(f"select count(*) from read_parquet('{root}/*/*.parquet', hive_partitioning=true)").fetchall()
    assert n[0][0] == len(before)
    # the next run completes the work and cleans up what the killed writers left
    pages = sorted((FIXTURES / "wire").glob("*.html"))[:3]
    fresh = [a for p in pages if isinstance(a := process(read_page(p)), Article)]
    with store.locked(root.parent):
        index = store.open_index(root, state)  # heals what a kill between rename and index update left
        assert_index_matches(index, root)
        stats = store.write_articles(fresh, root, index)
        assert_index_matches(index, root)
        index.close()
    assert stats.inserted == len(fresh)
    assert not list(root.rglob(".*.tmp"))
    after = set(store.read_articles(root, columns=["article_id"]).article_id)
    assert after == before | {a.article_id for a in fresh}


def test_compact_merges_files_without_changing_results(tmp_path: Path, real_articles: list[Article]) -> None:
    root = tmp_path / "articles"
    for a in real_articles:  # one write per article: many small files in shared partitions
        store.write_articles([dataclasses.replace(a, published_date=T0.date())], root)
    files = store.partition_files(root)[T0.date().isoformat()]
    assert len(files) == len(real_articles)
    query = f"select article_id, headline, word_count from read_parquet('{root}/*/*.parquet') order by 1"
    before = duckdb.sql(query).fetchall()
    stats = store.compact(root)
    assert stats == {"partitions_compacted": 1, "files_before": len(real_articles), "files_after": 1}
    assert len(store.partition_files(root)[T0.date().isoformat()]) == 1
    assert duckdb.sql(query).fetchall() == before
    assert not (tmp_path / ".staging-articles").exists()


def test_article_index_on_disk_follows_the_files_whatever_changed_them(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    root, state = tmp_path / "articles", tmp_path / "state" / "articles.sqlite"
    first, second = real_articles[:6], real_articles[6:]
    on_day = [dataclasses.replace(a, published_date=T0.date()) for a in real_articles]
    index = store.open_index(root, state)
    store.write_articles(on_day[:6], root, index)
    assert_index_matches(index, root)  # an empty index passed in is the one kept current
    index.close()
    # files the index never heard of: a writer killed after its rename, before its index update
    for a in on_day[6:]:
        store.write_articles([a], root)
    store.compact(root)  # and every file it knew replaced by one it did not
    index = store.open_index(root, state)
    assert_index_matches(index, root)
    again = store.write_articles(on_day, root, index)
    assert (again.inserted, again.unchanged) == (0, len(first) + len(second))
    index.close()
    state.unlink()  # a lost index is rebuilt from the dataset
    index = store.open_index(root, state)
    assert_index_matches(index, root)
    index.close()


def test_writes_over_many_partitions_keep_the_index_current_and_story_ids_need_no_reread(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    root, state = tmp_path / "articles", tmp_path / "state" / "articles.sqlite"
    days = [
        dataclasses.replace(a, published_date=(T0 + timedelta(days=i % 5)).date()) for i, a in enumerate(real_articles)
    ]
    index = store.open_index(root, state)
    assert store.write_articles(days, root, index).partitions == {
        (T0 + timedelta(days=d)).date().isoformat() for d in range(5)
    }
    # moved to other days, and changed in place: written in parallel, the index kept current
    moved = [dataclasses.replace(a, published_date=(T0 + timedelta(days=7)).date()) for a in days[:3]]
    edited = [
        dataclasses.replace(a, headline=a.headline + " (updated)", content_hash="x" + a.content_hash) for a in days[3:6]
    ]
    stats = store.write_articles(moved + edited, root, index)
    assert (stats.inserted, stats.updated) == (0, 6)
    assert_index_matches(index, root)
    changed = store.set_story_ids({a.article_id: f"story-{i}" for i, a in enumerate(days)}, root, index)
    assert changed == len(days)
    # every rewritten file's stamp was recorded: the next run's open reads nothing again
    assert index.reconcile(p for fs in store.partition_files(root).values() for p in fs) == 0
    assert_index_matches(index, root)
    index.close()
    df = store.read_articles(root).set_index("article_id")
    assert df.loc[days[0].article_id, "published_date"] == (T0 + timedelta(days=7)).date()
    assert df.loc[days[4].article_id, "headline"].endswith(" (updated)")
    assert {df.loc[a.article_id, "story_id"] for a in days} == {f"story-{i}" for i in range(len(days))}


def test_arrow_rows_in_any_order_write_the_files_article_objects_write(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    # rows of three days, shuffled, with an older fetch of one article among them: the rows a
    # partition's file gets are a slice of the sorted rows, or a take where a row drops out
    days = [
        dataclasses.replace(a, published_date=(T0 + timedelta(days=i % 3)).date(), fetched_at=T0)
        for i, a in enumerate(real_articles)
    ]
    older = dataclasses.replace(days[1], fetched_at=T0 - timedelta(days=1), content_hash="old")
    arrived = [*days[::-1], older]
    as_rows, as_objects = tmp_path / "rows", tmp_path / "objects"
    table = pa.concat_tables([store.articles_table(arrived[:4]), store.articles_table(arrived[4:])])  # two chunks
    stats = store.write_articles(table, as_rows)
    assert (stats.inserted, stats.files_written) == (len(days), 3)
    store.write_articles(arrived, as_objects)
    for day in {a.published_date for a in days}:
        (got,), (want,) = (list((root / f"published_date={day}").glob("*.parquet")) for root in (as_rows, as_objects))
        rows = pq.read_table(got)
        assert rows.equals(pq.read_table(want))
        ids = rows.column("article_id").to_pylist()
        assert ids == sorted(a.article_id for a in days if a.published_date == day)
    kept = store.read_articles(as_rows).set_index("article_id")
    assert kept.loc[days[1].article_id, "content_hash"] == days[1].content_hash  # the newest fetch


def test_in_parallel_keeps_order_runs_light_jobs_together_and_a_heavy_one_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    monkeypatch.setattr(store, "PARALLEL_BYTES", 100)
    together = threading.Barrier(2, timeout=10)  # broken, and the test fails, unless two run at once
    lock, running, seen_with_heavy = threading.Lock(), [0], []

    def job(i: int, heavy: bool) -> int:
        with lock:
            running[0] += 1
        if heavy:
            time.sleep(0.2)
            seen_with_heavy.append(running[0])
        elif i < 2:
            together.wait()
        with lock:
            running[0] -= 1
        return i

    jobs = [(10, lambda i=i, h=(i == 3): job(i, h)) for i in range(6)]
    jobs[3] = (500, jobs[3][1])  # heavier than the budget: runs with nothing beside it
    assert list(store.in_parallel(jobs)) == list(range(6))
    assert seen_with_heavy == [1]

    def failing() -> int:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        list(store.in_parallel([(1, lambda: 1), (1, failing), (1, lambda: 3)]))


def _column_chunks(path: Path) -> dict[str, pq.ColumnChunkMetaData]:
    group = pq.read_metadata(path).row_group(0)
    return {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}


def test_run_files_compress_running_text_with_zstd_and_compacted_files_use_dictionaries(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    root = tmp_path / "articles"
    on_day = [dataclasses.replace(a, published_date=T0.date()) for a in real_articles]
    store.write_articles(on_day[:4], root)
    store.write_articles(on_day[4:], root)
    small = store.partition_files(root)[T0.date().isoformat()][0]
    chunks = _column_chunks(small)
    # every Parquet column got a codec of its own: none fell back to the writer's default
    assert set(chunks) == set(store._leaf_columns(store.FILE_SCHEMA_V))
    for path in ("body", "paragraphs.list.element", "removed.list.element.text", "headline"):
        assert chunks[path].compression == "ZSTD", path
        assert chunks[path].statistics is None or not chunks[path].statistics.has_min_max, path
    for path in ("article_id", "published_at", "agency", "agencies.list.element", "word_count"):
        assert chunks[path].compression == "SNAPPY", path
        assert chunks[path].statistics.has_min_max, path
    assert not any("DICTIONARY" in str(c.encodings) for c in chunks.values())
    # the statistics kept are the rows' own: what a reader prunes files on
    published = pq.read_table(small, columns=["published_at"]).column(0)
    assert chunks["published_at"].statistics.min == pc.min(published).as_py()

    before = store.read_articles(root).sort_values("article_id").reset_index(drop=True)
    store.compact(root)
    (merged,) = store.partition_files(root)[T0.date().isoformat()]
    chunks = _column_chunks(merged)
    assert {c.compression for c in chunks.values()} == {"ZSTD"}
    assert "PLAIN_DICTIONARY" in str(chunks["agency"].encodings) or "RLE_DICTIONARY" in str(chunks["agency"].encodings)
    after = store.read_articles(root).sort_values("article_id").reset_index(drop=True)
    assert after.equals(before)


def test_a_write_over_many_partitions_commits_the_article_index_once(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    root, state = tmp_path / "articles", tmp_path / "state" / "articles.sqlite"
    days = [dataclasses.replace(a, published_date=(T0 + timedelta(days=i)).date()) for i, a in enumerate(real_articles)]
    index = store.open_index(root, state)
    commits: list[str] = []
    index.db.set_trace_callback(lambda sql: commits.append(sql) if sql.upper().startswith("COMMIT") else None)
    stats = store.write_articles(days, root, index)
    assert stats.files_written == len(days) > 10
    assert len(commits) == 1
    assert_index_matches(index, root)
    # a nested block joins the outer one: nothing is committed until the outer block ends
    with index.transaction():
        with index.transaction():
            index.removed(next(iter(store.partition_files(root).values()))[0])
        assert len(commits) == 1 and index.db.in_transaction
    assert len(commits) == 2 and not index.db.in_transaction
    index.close()


def test_a_write_that_dies_before_its_index_commit_is_read_again_on_the_next_open(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    root, state = tmp_path / "articles", tmp_path / "state" / "articles.sqlite"
    days = [
        dataclasses.replace(a, published_date=(T0 + timedelta(days=i % 3)).date()) for i, a in enumerate(real_articles)
    ]
    index = store.open_index(root, state)
    store.write_articles(days[:5], root, index)
    with pytest.raises(RuntimeError, match="killed"), index.transaction():
        store.write_articles(days[5:], root, index)  # files renamed into place, index rows pending
        raise RuntimeError("killed before the commit")
    index.close()
    index = store.open_index(root, state)
    assert_index_matches(index, root)
    again = store.write_articles(days, root, index)
    assert (again.inserted, again.unchanged) == (0, len(days))
    index.close()


def test_opening_the_index_removes_what_a_killed_writer_left_and_nothing_else(
    tmp_path: Path, real_articles: list[Article]
) -> None:
    root = tmp_path / "articles"
    store.write_articles(real_articles[:3], root)
    files = [p for fs in store.partition_files(root).values() for p in fs]
    leftover = files[0].parent / f".{files[0].name}.1234abcd.tmp"
    leftover.write_bytes(files[0].read_bytes()[:100])
    index = store.open_index(root)
    assert not leftover.exists()
    assert sorted(p for fs in store.partition_files(root).values() for p in fs) == sorted(files)
    assert len(index) == 3
    index.close()
