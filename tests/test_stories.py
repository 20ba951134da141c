"""Copies of one wire story across sites share a story_id; the id is stable across runs."""

from __future__ import annotations

import dataclasses
import re
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
    from wirenorm.dataset.store import write_articles

    state = tmp_path / "state"
    stories = tmp_path / "clean" / "stories"
    assign_stories(wire_articles[:3], stories)
    write_articles(wire_articles[:3], tmp_path / "clean" / "articles")  # its bodies re-sign the old index
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
        StoryIndex(path, tmp_path / "articles")


def _index_rows(path: Path) -> tuple[dict, set]:
    with sqlite3.connect(path) as db:
        articles = {r[0]: r[1:] for r in db.execute("select article_id, story_id, size, signature from articles")}
        bands = set(db.execute("select b.key, a.article_id from bands b join articles a on a.id = b.article"))
    db.close()
    return articles, bands


def test_an_index_signed_with_the_earlier_hash_is_signed_again_from_the_datasets_bodies(
    tmp_path: Path, wire_articles: list[Article]
) -> None:
    from wirenorm.dataset.store import write_articles
    from wirenorm.dataset.stories import _HASHRANGES, EARLIER_PARAMETERS, PARAMETERS

    stories, state = tmp_path / "clean" / "stories", tmp_path / "state"
    batch = [*wire_articles, *(copy_of(a, a.paragraphs, "-twin") for a in wire_articles[:3])]
    assign_stories(batch, stories)
    write_articles(batch, tmp_path / "clean" / "articles")
    want_articles, want_bands = _index_rows(state / "stories.sqlite")
    # each pair of twins is a near-copy: one of the two has no bucket rows
    assert len(want_bands) == (len(batch) - 3) * len(_HASHRANGES)
    # what an earlier version left: its own signatures (here: noise), its buckets, its parameters
    rng = np.random.default_rng(1)
    with sqlite3.connect(state / "stories.sqlite") as db:
        for (rowid,) in db.execute("select id from articles").fetchall():
            noise = rng.integers(0, 2**32, 128, dtype=np.uint32).tobytes()
            db.execute("update articles set signature = ?, size = 7 where id = ?", (noise, rowid))
        db.execute("update meta set value = ? where key = 'parameters'", EARLIER_PARAMETERS)
    db.close()
    with pytest.raises(ValueError, match="opened without its dataset"):
        StoryIndex(state / "stories.sqlite")
    # a run opens it with its dataset: signatures, sizes and buckets as if built by this version
    late_copy = copy_of(wire_articles[4], wire_articles[4].paragraphs[:-1], "-late")
    assign_stories([late_copy], stories)
    assert late_copy.story_id == wire_articles[4].story_id
    got_articles, got_bands = _index_rows(state / "stories.sqlite")
    assert {k: v for k, v in got_articles.items() if k != late_copy.article_id} == want_articles
    assert {(k, a) for k, a in got_bands if a != late_copy.article_id} == want_bands
    with sqlite3.connect(state / "stories.sqlite") as db:
        assert db.execute("select value from meta where key = 'parameters'").fetchone() == (PARAMETERS,)
    db.close()


def test_signatures_are_the_minhash_of_the_shingle_hashes_as_defined(
    wire_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    # stored signatures are compared with new ones for ever: the numpy path must give exactly the
    # definition, computed here one shingle at a time in plain Python
    from wirenorm.dataset import stories as s

    mask = 2**64 - 1

    def word(token: str) -> int:
        return sum(ord(c) * int(s._CHAR_WEIGHTS[min(j, s._MAX_WORD - 1)]) for j, c in enumerate(token)) & mask

    def mix(h: int) -> int:
        h ^= h >> 33
        h = (h * 0xFF51AFD7ED558CCD) & mask
        h ^= h >> 33
        h = (h * 0xC4CEB9FE1A85EC53) & mask
        return h ^ (h >> 33)

    def reference(text: str) -> tuple[list[int], int]:
        words = [word(t) for t in re.findall(r"\w+", text.lower())]
        span = min(s.SHINGLE, len(words))
        grams = (
            {
                mix(sum(w * int(m) for w, m in zip(words[i : i + span], s._WORD_WEIGHTS, strict=False)) & mask) >> 32
                for i in range(len(words) - span + 1)
            }
            if words
            else set()
        )
        values = [
            min(((int(a) * g + int(b)) & 0xFFFFFFFF for g in grams), default=2**32 - 1)
            for a, b in zip(s._A, s._B, strict=True)
        ]
        return values, len(grams)

    odd = ["", "one two", "a b c d e", "a b c d e f g", "_x_ İstanbul ǅemal STRASSE straße ½ x²", "é" * 100 + " b"]
    # beyond U+FFFF (read as code points, not UTF-16) and a lone surrogate (read as UTF-16)
    odd += ["emoji 😀 then 𝐀𝐁𝐂 bold 𝐀x and 中文 words", "lone \ud800 surrogate x\udfffy z"]
    for body in [a.body for a in wire_articles] + odd:
        values, size = reference(body)
        hashvalues, got = s.signature(body)
        assert got == size
        assert hashvalues.dtype == np.uint32
        assert hashvalues.tolist() == values
        # a long body is permuted a chunk of shingles at a time: the same minima
        monkeypatch.setattr(s, "_PERMUTE_CHUNK", 7)
        assert s.signature(body)[0].tolist() == values
        monkeypatch.undo()


def test_texts_signed_together_get_the_signatures_each_gets_alone(
    wire_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wirenorm.dataset import stories as s

    odd = ["", "one", "a b c d", "a b c d e", "emoji 😀 then 𝐀𝐁𝐂 bold", "lone \ud800 surrogate x\udfffy z", "x y"]
    bodies = [a.body for a in wire_articles]
    texts = [t for pair in zip(bodies, odd, strict=False) for t in pair] + bodies[len(odd) :] + ["İ" * 9 + " a b c d e"]
    alone = [s.signature(t) for t in texts]
    # 120 to 3,741 shingles a body: with chunks of 2,000 some bodies share a chunk, with 500 the
    # long ones take several
    for chunk in (8192, 2000, 500):
        monkeypatch.setattr(s, "_PERMUTE_CHUNK", chunk)
        together = s.signatures(texts)
        assert [size for _, size in together] == [size for _, size in alone]
        assert [v.tolist() for v, _ in together] == [v.tolist() for v, _ in alone]
    assert s.signatures([]) == []
    assert s.signed_all(wire_articles[:2]) == [s.signed(a) for a in wire_articles[:2]]


def test_signatures_estimate_the_jaccard_of_real_copies(wire_articles: list[Article]) -> None:
    from wirenorm.dataset.stories import NUM_PERM, SHINGLE, signature

    def grams(text: str) -> set[tuple[str, ...]]:
        tokens = re.findall(r"\w+", text.lower())
        return set(zip(*(tokens[i:] for i in range(SHINGLE)), strict=False))

    errors = []
    for a in wire_articles:
        for cut in (0.9, 0.7, 0.5):
            copy = "\n\n".join(a.paragraphs[: max(1, int(len(a.paragraphs) * cut))])
            x, y = grams(a.body), grams(copy)
            estimate = np.count_nonzero(signature(a.body)[0] == signature(copy)[0]) / NUM_PERM
            errors.append(estimate - len(x & y) / len(x | y))
    # one estimate's standard error is at most 0.044 (128 values); no bias, no outlier
    assert len(errors) >= 30
    assert abs(float(np.mean(errors))) < 0.02
    assert float(np.sqrt(np.mean(np.square(errors)))) < 0.06
    assert max(abs(e) for e in errors) < 0.2


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


def test_articles_sent_as_arrow_rows_get_the_story_ids_article_objects_get(
    tmp_path: Path, wire_articles: list[Article]
) -> None:
    from wirenorm.dataset import store, stories

    batch = [*wire_articles, *(copy_of(a, a.paragraphs[:-1], "-trim") for a in wire_articles)]
    with StoryIndex(tmp_path / "objects.sqlite") as here:
        here.assign_batch([dataclasses.replace(a) for a in batch])
        expected = {a.article_id: here.story_of(a.article_id) for a in batch}
    rows = store.articles_table(batch[::-1])  # another order: ids come from the total order
    sent = [stories.signed(a) for a in batch[: len(wire_articles)]]  # the copies are signed here
    with StoryIndex(tmp_path / "rows.sqlite") as index:
        out = index.assign_table(rows, sent)
        got = dict(zip(out.column("article_id").to_pylist(), out.column("story_id").to_pylist(), strict=True))
        assert got == expected
        assert {aid: index.story_of(aid) for aid in expected} == expected
    assert out.drop_columns(["story_id"]).equals(rows.drop_columns(["story_id"]))  # only the story ids set
    assert len(set(expected.values())) == len(wire_articles)


def test_a_packed_batch_carries_its_articles_as_arrow_rows_of_the_articles_schema() -> None:
    import pickle

    from wirenorm.crawl.items import Item
    from wirenorm.dataset.store import articles_table
    from wirenorm.runs.batch import process_items

    pages = sorted((FIXTURES / "wire").glob("1[01]*.html"))[:3]
    result = process_items([Item("fixtures", "file", str(p), root=str(p.parent)) for p in pages])
    articles, health = list(result.articles), result.counted()
    packed = pickle.loads(pickle.dumps(result.packed()))  # as it travels from a Dask worker
    assert packed.articles == [] and packed.article_count == len(articles) == 3
    assert packed.table.equals(articles_table(articles))
    assert packed.health == health
    assert [aid for aid, _, _ in packed.signatures] == packed.table.column("article_id").to_pylist()


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


def test_articles_assigned_in_the_total_order_are_final_at_once_others_are_decided_again(
    tmp_path: Path, wire_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wirenorm.dataset import stories

    copies = [copy_of(a, a.paragraphs[: max(2, len(a.paragraphs) // 2)], "-brief") for a in wire_articles]
    ordered = sorted([*wire_articles, *copies], key=stories._order)
    searched = []
    real = StoryIndex._candidates
    monkeypatch.setattr(StoryIndex, "_candidates", lambda self, *a, **k: searched.append(a) or real(self, *a, **k))

    def run(name: str, batches: list[list[Article]], leftover: list[Article] = ()) -> tuple[dict, dict, int]:
        path = tmp_path / f"{name}.sqlite"
        if leftover:  # a killed run: assigned and committed, never finalized
            with StoryIndex(path) as killed:
                killed.assign_batch([dataclasses.replace(a) for a in leftover])
        with StoryIndex(path) as index:
            for batch in batches:
                index.assign_batch([dataclasses.replace(a) for a in batch])
            searched.clear()
            changed = index.finalize()
            assert index.db.execute("select count(*) from pending").fetchone()[0] == 0
            return {a.article_id: index.story_of(a.article_id) for a in ordered}, changed, len(searched)

    in_order, changed, work = run("in-order", [ordered[k : k + 3] for k in range(0, len(ordered), 3)])
    assert changed == {} and work == 0  # every provisional id is already final
    assert len(set(in_order.values())) == len(wire_articles)  # each original with its brief
    # batches arriving newest first: each article is decided again, to the same ids
    late, changed, work = run("newest-first", [ordered[k : k + 3] for k in range(0, len(ordered), 3)][::-1])
    assert late == in_order and work == len(ordered)
    # a killed run's leftovers were decided in another order: the next run's finalize takes them in
    leftover = ordered[len(ordered) // 2 :]
    resumed, changed, work = run("resumed", [ordered[: len(ordered) // 2]], leftover)
    assert resumed == in_order and work == len(ordered)


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


def test_a_batch_run_in_the_writers_process_is_signed_on_arrival_as_its_worker_would_sign_it(
    tmp_path: Path,
) -> None:
    from wirenorm.crawl.items import Item
    from wirenorm.dataset.stories import signed_all
    from wirenorm.runs.batch import BatchContext, process_items
    from wirenorm.runs.execute import ThreadTasks
    from wirenorm.runs.report import RunReport
    from wirenorm.runs.writer import RunWriter

    pages = sorted((FIXTURES / "wire").glob("1[01]*.html"))[:4]
    items = [Item("fixtures", "file", str(p), root=str(p.parent)) for p in pages]
    tasks = ThreadTasks(1)
    try:
        unsigned = tasks.normalize(items, BatchContext(tmp_path / "warc", "run")).result()
    finally:
        tasks.close()
    assert unsigned.signatures == [] and unsigned.table.num_rows == 4
    articles = process_items(items).articles
    # one row signed by its worker already: the writer signs the others
    unsigned.signatures = signed_all(articles[1:2])
    cfg = config.from_dict({"paths": {"raw": "raw", "clean": "clean"}}, base=tmp_path)
    with RunWriter(cfg, RunReport.start("ingest"), flush_articles=100) as writer:
        writer.add(unsigned)
        assert sorted(writer._pending.signatures) == sorted(signed_all(articles))
