"""Copies of one wire story across sites share a story_id; the id is stable across runs."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import FIXTURES
from wirenorm import config
from wirenorm.crawl.sources.files import read_page
from wirenorm.dataset.stories import StoryIndex, assign_stories
from wirenorm.model import Article
from wirenorm.normalizer.pipeline import content_hash, process

SEED = FIXTURES / "seed" / "philadelphia-independent-kursk.txt"


def other_network_site(text: str) -> str:
    """The same AFP story as another network site prints it: own name, region, code; ending trimmed."""
    lines = text.replace("Philadelphia Independent - ", "The Prague Post - ").splitlines()
    lines = ["Prague -" if line == "Pennsylvania -" else line for line in lines]
    lines[-1] = "C.Sramek--TPP"
    cut = next(i for i, line in enumerate(lines) if line.startswith('"While the likelihood of Kim attending'))
    return "\n".join(lines[:cut] + lines[-3:])


@pytest.fixture(scope="module")
def wire_articles() -> list[Article]:
    pages = sorted((FIXTURES / "wire").glob("1[01]*.html"))
    return [a for p in pages if isinstance(a := process(read_page(p)), Article)]


def copy_of(a: Article, paragraphs: list[str], suffix: str) -> Article:
    body = "\n\n".join(paragraphs)
    return dataclasses.replace(
        a, article_id=a.article_id[:24] + suffix, body=body, paragraphs=paragraphs, content_hash=content_hash(body)
    )


def test_trimmed_and_chromed_copies_join_distinct_stories_do_not(tmp_path: Path, wire_articles: list[Article]) -> None:
    copies = []
    for a in wire_articles:
        p = a.paragraphs
        copies.append(copy_of(a, p[: max(2, int(len(p) * 0.7))], "-trim"))
        copies.append(copy_of(a, ["Advertisement", "Share this article", *p, "Read more from our newsroom"], "-chrome"))
    batch = wire_articles + copies
    assign_stories(batch, tmp_path / "clean" / "stories")
    by_story: dict[str, set[str]] = {}
    for a in batch:
        by_story.setdefault(a.story_id, set()).add(a.article_id[:24])
    # every story id holds copies of one original only, and every original's copies share its id
    assert all(len(originals) == 1 for originals in by_story.values())
    assert len(by_story) == len(wire_articles)
    table = pq.read_table(tmp_path / "clean" / "stories" / "stories.parquet").to_pylist()
    assert sorted(r["copy_count"] for r in table) == [3] * len(wire_articles)
    assert {r["agency"] for r in table} <= {"AP", "REUTERS", "AFP", "DPA", "APA"}


def test_story_ids_are_stable_across_runs_and_orders(tmp_path: Path, wire_articles: list[Article]) -> None:
    stories = tmp_path / "clean" / "stories"
    first = wire_articles[:4]
    assign_stories(first, stories)
    ids = {a.article_id: a.story_id for a in first}
    # a later run, in another order, with a copy of the second article arriving first
    late_copy = copy_of(wire_articles[1], wire_articles[1].paragraphs[:-1], "-late")
    again = [late_copy, *reversed([dataclasses.replace(a, story_id=None) for a in first])]
    assign_stories(again, stories)
    assert {a.article_id: a.story_id for a in again if a is not late_copy} == ids
    assert late_copy.story_id == ids[wire_articles[1].article_id]
    with StoryIndex(tmp_path / "state" / "stories.sqlite") as index:
        assert len(index) == 5


def test_same_afp_story_on_two_network_sites_through_a_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wirenorm.dataset.store import read_articles
    from wirenorm.flows.ingest import run_ingest

    pages = project / "data" / "raw" / "samples"
    (pages / "prague-post-kursk.txt").write_text(other_network_site(SEED.read_text()), encoding="utf-8")
    monkeypatch.chdir(project)
    run_ingest(config.load(project / "wirenorm.toml"))
    df = read_articles(project / "data" / "clean" / "articles").set_index("site_name")
    pi, tpp = df.loc["Philadelphia Independent"], df.loc["The Prague Post"]
    assert (tpp.site_code, tpp.signature, tpp.site_region) == ("TPP", "C.Sramek", "Prague")
    assert pi.story_id == tpp.story_id
    assert df.story_id.nunique() == len(df) - 1


def test_index_lives_on_disk_and_carries_over_the_earlier_parquet_index(
    tmp_path: Path, wire_articles: list[Article]
) -> None:
    state = tmp_path / "state"
    stories = tmp_path / "clean" / "stories"
    assign_stories(wire_articles[:3], stories)
    with StoryIndex(state / "stories.sqlite") as index:
        known = {a.article_id: index.story_of(a.article_id) for a in wire_articles[:3]}
        old_rows = [
            {
                "article_id": aid,
                "story_id": sid,
                "seen_at": None,
                "agency": None,
                "headline": None,
                "size": size,
                "signature": np.frombuffer(blob, dtype="<u4").astype("uint64").tolist(),
            }
            for aid, sid, size, blob in index.db.execute("select article_id, story_id, size, signature from articles")
        ]
    assert known == {a.article_id: a.story_id for a in wire_articles[:3]}
    # an index written by an earlier version, as one Parquet file, is imported once and removed
    (state / "stories.sqlite").unlink()
    pq.write_table(pa.Table.from_pylist(old_rows), state / "story_index.parquet")
    late_copy = copy_of(wire_articles[2], wire_articles[2].paragraphs[:-1], "-late")
    assign_stories([late_copy], stories)
    assert late_copy.story_id == known[wire_articles[2].article_id]
    assert not (state / "story_index.parquet").exists()
    table = pq.read_table(stories / "stories.parquet").to_pylist()
    assert sorted(r["copy_count"] for r in table) == [1, 1, 2]


def test_index_built_with_other_minhash_settings_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stories.sqlite"
    StoryIndex(path).close()
    with sqlite3.connect(path) as db:
        db.execute("update meta set value = 'num_perm=256' where key = 'parameters'")
    db.close()
    with pytest.raises(ValueError, match="num_perm=256"):
        StoryIndex(path)


def test_signatures_are_datasketchs_own_minhash_values(wire_articles: list[Article]) -> None:
    # stored signatures are compared with new ones for ever: the fast path must give datasketch's
    # default MinHash (SHA-1 of each shingle) exactly, empty and one-shingle bodies included
    from datasketch import MinHash

    from wirenorm.dataset.stories import NUM_PERM, SCHEME, shingles, signature

    for body in [a.body for a in wire_articles] + ["", "one two", "a b c d e", "a b c d e f g"]:
        reference = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
        grams = sorted(shingles(body))
        reference.update_batch(grams)
        hashvalues, size = signature(body)
        assert size == len(grams)
        assert hashvalues.dtype == reference.hashvalues.dtype
        assert np.array_equal(hashvalues, reference.hashvalues)


def test_a_batchs_signatures_are_used_as_sent_and_give_the_stories_signing_here_gives(
    tmp_path: Path, wire_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wirenorm.dataset import stories

    batch = [*wire_articles, *(copy_of(a, a.paragraphs[:-1], "-trim") for a in wire_articles)]
    sent = [stories.signed(a) for a in batch]
    with StoryIndex(tmp_path / "here.sqlite") as here:
        here.assign_batch(batch)
        expected = {a.article_id: a.story_id for a in batch}
    monkeypatch.setattr(stories, "signature", lambda text: pytest.fail("signed again in the writer"))
    with StoryIndex(tmp_path / "sent.sqlite") as index:
        index.assign_batch(batch, sent)
        assert {a.article_id: a.story_id for a in batch} == expected
    assert len(set(expected.values())) == len(wire_articles)  # each original and its copy: one story


def test_a_runs_batches_send_their_articles_signatures() -> None:
    from wirenorm.crawl.items import Item
    from wirenorm.runs.batch import process_items

    pages = sorted((FIXTURES / "wire").glob("1[01]*.html"))[:3]
    result = process_items([Item("fixtures", "file", str(p), root=str(p.parent)) for p in pages])
    assert [article_id for article_id, _, _ in result.signatures] == [a.article_id for a in result.articles]
    assert all(len(values) == 4 * 128 and size > 0 for _, values, size in result.signatures)


def test_near_copies_are_matched_through_their_twin_whatever_order_they_arrive_in(
    tmp_path: Path, wire_articles: list[Article]
) -> None:
    original = wire_articles[1]  # 1,550 shingles: a sentence added changes 4
    p = original.paragraphs
    near = [
        dataclasses.replace(
            original,
            article_id=f"{original.article_id[:24]}-site{n:02d}",
            body=original.body.replace(p[0], f"{p[0]} Site {n}."),
        )
        for n in range(12)
    ]
    trimmed = copy_of(original, p[: max(2, len(p) // 2)], "-brief")  # same story, far below NEAR_COPY
    batch = [original, *near, trimmed]
    results = []
    for name, order in (("forward", batch), ("reversed", batch[::-1])):
        with StoryIndex(tmp_path / f"{name}.sqlite") as index:
            for k in range(0, len(order), 5):  # several batches, as a run sends them
                index.assign_batch([dataclasses.replace(a) for a in order[k : k + 5]])
            final = index.finalize()
            ids = {aid: index.story_of(aid) for aid in [a.article_id for a in batch]}
            banded = {
                r[0] for r in index.db.execute("select a.article_id from articles a join bands b on b.article = a.id")
            }
            results.append((ids, banded))
        assert set(ids.values()) == {"s" + min(a.article_id for a in batch)[:31]}, final
        # only the copies that are not near-copies of an earlier one stand in the LSH buckets
        assert trimmed.article_id in banded and len(banded) == 2
    assert results[0] == results[1]


def test_a_batch_counts_its_own_health_and_the_writer_adds_those_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wirenorm.crawl.items import Item
    from wirenorm.runs.batch import process_items
    from wirenorm.runs.report import HealthCounts, RunReport
    from wirenorm.runs.writer import RunWriter

    pages = sorted((FIXTURES / "wire").glob("1[01]*.html"))[:3]
    (tmp_path / "menu.html").write_bytes(b"<html><body><nav><a href=/>Home</a></nav><p>Hi.</p></body></html>")
    items = [Item("fixtures", "file", str(p), root=str(p.parent)) for p in pages]
    result = process_items([*items, Item("fixtures", "file", str(tmp_path / "menu.html"), root=str(tmp_path))])
    here = HealthCounts()
    here.add(result.articles, result.rejects)
    assert result.health == here and here.counts["fixtures"]["pages"] == 4
    monkeypatch.setattr(HealthCounts, "add", lambda *a: pytest.fail("counted again in the writer"))
    cfg = config.from_dict({"paths": {"raw": "raw", "clean": "clean"}}, base=tmp_path)
    report = RunReport.start("ingest")
    with RunWriter(cfg, report) as writer:
        writer.add(result)
    health = report.health["fixtures"]
    assert (health.pages, health.articles, health.empty_body) == (4, 3, 0.25)
