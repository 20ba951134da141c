"""`wirenorm run`: the Prefect ingest flow over sample pages, output read back by analysts' tools."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from wirenorm import config
from wirenorm.dataset.store import read_articles, read_events
from wirenorm.flows.ingest import run_ingest


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One real `wirenorm run` in a subprocess, as a user types it in a project folder."""
    from tests.conftest import SAMPLES

    root = tmp_path_factory.mktemp("proj")
    pages = root / "data" / "raw" / "samples"
    pages.mkdir(parents=True)
    for page in SAMPLES.iterdir():
        (pages / page.name).write_bytes(page.read_bytes())
    (pages / "empty.html").write_bytes(b"")
    (pages / "binary.html").write_bytes(bytes(range(256)) * 20)
    (root / "wirenorm.toml").write_text(
        '[run]\nbatch_size = 3\n\n[[sources]]\nid = "samples"\nkind = "files"\npath = "data/raw/samples"\n'
    )
    out = subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", "run"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ},
    )
    return root, out


def test_run_prints_summary(ran: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, out = ran
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert ": 9 pages read, 7 articles, 2 rejects in " in first


def test_articles_partitioned_with_schema_v1(ran: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = ran
    articles = root / "data" / "clean" / "articles"
    parts = sorted(p.name for p in articles.iterdir())
    assert "published_date=2019-11-20" in parts  # the hosted AP page's datePublished
    assert all(p.startswith("published_date=") for p in parts)
    import pyarrow.parquet as pq

    from wirenorm.dataset.store import FILE_SCHEMA

    one = next(articles.rglob("*.parquet"))
    schema = pq.read_schema(one)
    assert schema.remove_metadata().equals(FILE_SCHEMA.remove_metadata())
    assert schema.metadata[b"wirenorm.schema_version"] == b"1"


def test_pandas_and_duckdb_read_what_normalize_prints(ran: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = ran
    clean = root / "data" / "clean"
    df = read_articles(clean / "articles")
    assert len(df) == 7
    glob = f"{clean}/articles/*/*.parquet"
    db = duckdb.sql(
        f"select url, headline, agency, desk_slug, published_date from read_parquet('{glob}', hive_partitioning=true)"
    ).df()
    assert len(db) == 7
    assert (
        str(db.published_date.dtype).startswith("datetime64")
        or db.published_date.map(type).eq(type(df.published_date.iloc[0])).all()
    )
    pages = sorted((root / "data" / "raw" / "samples").glob("*.[ht]*"))
    out = subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", "normalize", *map(str, pages), "--source-id", "samples"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    printed = {r["url"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert len(printed) == 7
    by_url = df.set_index("url")
    for url, record in printed.items():
        row = by_url.loc[url]
        for key in ("headline", "body", "agency", "dateline", "desk_slug", "signature", "content_hash", "language"):
            assert (row[key] if pd.notna(row[key]) else None) == record[key], (url, key)
        assert list(row["paragraphs"]) == record["paragraphs"]
        assert [dict(r) for r in row["removed"]] == record["removed"]
        assert row["story_id"]
    seed = db[db.agency == "AFP"].iloc[0]
    assert seed.desk_slug == "burs-hs/dhc"


def test_rejects_and_runs_are_written(ran: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = ran
    clean = root / "data" / "clean"
    rejects = read_events(clean / "rejects").to_pandas()
    assert sorted(Path(u).name for u in rejects.url) == ["binary.html", "empty.html"]
    assert set(rejects.stage) == {"parse"}
    assert set(rejects.message) == {"empty document", "binary content, not a text or HTML page"}
    runs = duckdb.sql(f"select * from read_parquet('{clean}/runs/*/*.parquet')").df()
    assert len(runs) == 1
    assert runs.iloc[0].articles == 7 and runs.iloc[0].rejects == 2 and runs.iloc[0].pages == 9


def test_second_run_adds_no_rows(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process flow runs (Prefect local mode): the same input twice leaves the same dataset."""
    monkeypatch.chdir(project)
    cfg = config.load(project / "wirenorm.toml")
    first = run_ingest(cfg)
    second = run_ingest(cfg)
    assert (first.inserted, first.unchanged) == (7, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 7)
    df = read_articles(project / "data" / "clean" / "articles")
    assert len(df) == 7 and df.article_id.is_unique


def test_bad_config_stops_with_message_naming_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "wirenorm.toml"
    bad.write_text('[[sources]]\nid = "x"\nkind = "files"\npath = "nowhere"\nglobb = "*"\n')
    out = subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", "run", "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"wirenorm: error: {bad.resolve()}: source 'x': unknown key 'globb' "
        "(allowed: allow_hosts, allow_private, content_type, cron, enabled, glob, id, interval_minutes, kind, path)"
    )


def test_second_run_at_once_stops_with_a_clear_message(project: Path) -> None:
    from wirenorm.dataset import store

    with store.locked(project / "data" / "clean"):
        out = subprocess.run(
            [sys.executable, "-m", "wirenorm.cli", "run"], cwd=project, capture_output=True, text=True, timeout=300
        )
    assert out.returncode == 2, out.stdout + out.stderr
    assert "wirenorm: error: another wirenorm run is writing to" in out.stderr
    assert not (project / "data" / "clean" / "articles").exists()


def test_compact_command(project: Path) -> None:
    import dataclasses
    from datetime import date

    from wirenorm.crawl.sources.files import read_page
    from wirenorm.dataset import store
    from wirenorm.model import Article
    from wirenorm.normalizer.pipeline import process

    articles_dir = project / "data" / "clean" / "articles"
    pages = sorted((project / "data" / "raw" / "samples").glob("*.[ht]*"))
    for page in pages:  # one write per page: small files in one partition
        if isinstance(a := process(read_page(page)), Article):
            store.write_articles([dataclasses.replace(a, published_date=date(2026, 1, 2))], articles_dir)
    before = read_articles(articles_dir).sort_values("article_id").reset_index(drop=True)
    out = subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", "compact"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "compacted 1 partitions: 7 files -> 1"
    after = read_articles(articles_dir).sort_values("article_id").reset_index(drop=True)
    assert before.equals(after)
