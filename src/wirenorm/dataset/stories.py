"""Group copies of the same wire story across sites: MinHash over word shingles, LSH lookup.

Copies of one agency story differ in chrome, trimmed endings, an added sentence or a changed
headline, so exact hashes miss them; the Jaccard similarity of their 5-word shingles stays high.
The index of every article's signature persists between runs (SQLite under data/state/).

Ids are a function of the data, not of arrival order: batches finish in any order (threads, Dask),
so each batch gets provisional ids and `finalize` re-decides the run's new articles in one total
order (published time, else fetch time, then article id). An article joins the story of its best
match among the articles before it in that order (ties: the lowest article id); with none, its
story is named after it. Stories known before the run keep their ids, even when a later run finds
an earlier copy.

A near-copy (estimated Jaccard >= NEAR_COPY with its best match) is not itself a candidate for
the articles after it: its match stands for it. A story printed by hundreds of sites is then
matched against a few of its copies rather than all of them, so the cost of an article does not
grow with the number of copies its story already has.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datasketch import MinHash, MinHashLSH

from wirenorm.config import Paths
from wirenorm.dataset import store
from wirenorm.model import Article, from_micros, to_micros

NUM_PERM = 128
SHINGLE = 5
SCHEME = "words64-affine32"  # how shingles are hashed and permuted; persisted signatures depend on it
THRESHOLD = 0.5  # estimated Jaccard above which two bodies are copies of one story
# A trimmed copy or a brief of a long story has a low Jaccard but is almost wholly contained in the
# original: containment of the smaller shingle set in the larger counts too, for bodies long enough.
CONTAINMENT = 0.7
MIN_SHINGLES_FOR_CONTAINMENT = 20
LSH_THRESHOLD = 0.2  # candidates are found generously, then verified by the two measures above
# Copies this close get no LSH bucket rows of their own: Jaccard distance is a metric, so an article
# matched through the twin instead scores at most 0.05 lower, about one standard error of the
# 128-value estimate.
NEAR_COPY = 0.95
STORIES_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("first_seen_at", pa.timestamp("us", tz="UTC")),
        ("agency", pa.string()),
        ("headline", pa.string()),
        ("copy_count", pa.int32()),
        ("article_ids", pa.list_(pa.string())),
    ]
)


def _random_odd(count: int, seed: int) -> np.ndarray:
    """Odd 64-bit multipliers, fixed for ever (stored signatures depend on them); odd, so that no
    code point or word hash loses its low bits in the product."""
    draws = np.random.RandomState(seed).randint(0, 1 << 62, size=count, dtype=np.uint64)
    return draws * np.uint64(4) + np.uint64(1)


_MAX_WORD = 64  # code points weighed one by one; those after the 64th share the last weight
_CHAR_WEIGHTS = _random_odd(_MAX_WORD, seed=100)
_WORD_WEIGHTS = _random_odd(SHINGLE, seed=200)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


@functools.cache
def _word_characters() -> np.ndarray:
    """For every code point, whether `\\w` matches it: words are found in numpy, by table lookup,
    exactly where `re.findall(r"\\w+")` finds them (~30 ms once per process)."""
    every = np.arange(sys.maxunicode + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(sys.maxunicode + 1, dtype=bool)
    for run in re.finditer(r"\w+", every):
        table[run.start() : run.end()] = True
    return table


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: every input bit reaches every output bit, so the top 32
    bits of a linear combination are as good as any."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def word_hashes(text: str) -> np.ndarray:
    """A 64-bit hash of each `\\w+` token of the lowercased text, in order.

    A word hashes to the sum of its code points times a weight per position (mod 2**64), computed
    for all words at once on the code points: no Python call per word."""
    return _words(text.lower())[0]


def _words(low: str) -> tuple[np.ndarray, np.ndarray]:
    """`word_hashes` of a lowercased text, and where each word starts (in code points). A text
    with no code point beyond U+FFFF (nearly all) is read as UTF-16, half the bytes of UTF-32 to
    look up."""
    units = low.encode("utf-16-le", "surrogatepass")
    if len(units) == 2 * len(low):
        cps, table = np.frombuffer(units, dtype="<u2"), _word_characters()[: 1 << 16]
    else:  # a surrogate pair: the code points themselves
        cps, table = np.frombuffer(low.encode("utf-32-le", "surrogatepass"), dtype="<u4"), _word_characters()
    inside = table.take(cps)
    padded = np.zeros(len(cps) + 2, dtype=np.int8)  # a non-word character before and after
    padded[1:-1] = inside
    edges = padded[1:] - padded[:-1]
    starts = np.flatnonzero(edges == 1)
    if not len(starts):
        return np.empty(0, dtype=np.uint64), starts
    lengths = np.flatnonzero(edges == -1) - starts
    offsets = np.cumsum(lengths) - lengths  # where each word starts among the word characters
    position = np.arange(offsets[-1] + lengths[-1]) - np.repeat(offsets, lengths)
    np.minimum(position, _MAX_WORD - 1, out=position)
    chars = cps[inside].astype(np.uint64)
    chars *= _CHAR_WEIGHTS.take(position)
    return np.add.reduceat(chars, offsets), starts


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """The distinct 32-bit hashes of the body's `size`-word shingles (one shingle of every word
    when it has fewer): a weighed sum of the shingle's word hashes, mixed, top 32 bits."""
    words = word_hashes(text)
    if not len(words):
        return np.empty(0, dtype=np.uint32)
    hashes = _shingles(words, min(size, len(words)))
    hashes.sort()
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


def _shingles(words: np.ndarray, span: int) -> np.ndarray:
    """The hash of every run of `span` consecutive words, duplicates included."""
    count = len(words) - span + 1
    grams = words[:count] * _WORD_WEIGHTS[0]
    for i in range(1, span):
        grams += words[i : i + count] * _WORD_WEIGHTS[i]
    return (_fmix64(grams) >> np.uint64(32)).astype(np.uint32)


# the affine32 scheme's permutations h -> a * h + b (mod 2**32), as datasketch >= 2 draws them
_A, _B = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations.astype(np.uint32)
_PERMUTE_CHUNK = 8192  # shingles permuted at a time: 4 MB of work array whatever the body's length


def signature(text: str) -> tuple[np.ndarray, int]:
    """The MinHash values of a body's shingles, and how many distinct shingles it has.

    Hashed in numpy, a whole body at a time: the earlier SHA-1 of each shingle (datasketch's
    default) took two thirds of an article's signing time."""
    grams = shingle_hashes(text)
    if not len(grams):
        return _EMPTY.copy(), 0
    values = _EMPTY.copy()
    for start in range(0, len(grams), _PERMUTE_CHUNK):  # a 2 MB text dump would need 180 MB at once
        permuted = np.multiply.outer(_A, grams[start : start + _PERMUTE_CHUNK])  # a row per permutation
        permuted += _B[:, None]
        np.minimum(values, permuted.min(axis=1), out=values)
    return values, len(grams)


def signatures(texts: Sequence[str]) -> list[tuple[np.ndarray, int]]:
    """`signature` of each text, computed for all of them at once: the same numpy calls over
    the texts joined, so that a batch of 200 bodies makes ~30 calls rather than ~30 per body
    (974 bodies in batches of 200: 203 -> 179 ms). Shingles never span two texts; a text of fewer
    words than a shingle is signed on its own."""
    lows = [t.lower() for t in texts]
    words, starts = _words("\n".join(lows))  # a newline between texts: no word spans two
    bounds = np.cumsum([len(low) + 1 for low in lows])  # where each text ends, its newline included
    owner = np.searchsorted(bounds, starts, side="right")  # the text each word is in
    counts = np.bincount(owner, minlength=len(texts))
    out: list[tuple[np.ndarray, int] | None] = [None] * len(texts)
    for i in np.flatnonzero(counts < SHINGLE).tolist():
        out[i] = signature(texts[i])  # empty, or a single shingle of all its words
    if len(words) >= SHINGLE:
        # a shingle starting at word j belongs to its text when its last word is in the same text
        whole = owner[: len(words) - SHINGLE + 1] == owner[SHINGLE - 1 :]
        keyed = (owner[: len(whole)][whole].astype(np.uint64) << np.uint64(32)) | _shingles(words, SHINGLE)[whole]
        keyed.sort()  # text by text (np.unique hashes instead: ~8x slower here)
        keyed = keyed[np.concatenate(([True], keyed[1:] != keyed[:-1]))]  # distinct shingles
        texts_of, grams = (keyed >> np.uint64(32)).astype(np.intp), keyed.astype(np.uint32)
        sizes = np.bincount(texts_of, minlength=len(texts))
        firsts = np.concatenate(([0], np.cumsum(sizes)))
        for group in _groups(np.flatnonzero(sizes).tolist(), sizes.tolist()):
            lo, hi = firsts[group[0]], firsts[group[-1] + 1]
            values = np.empty((len(group), NUM_PERM), dtype=np.uint32)
            values[:] = _EMPTY
            for start in range(lo, hi, _PERMUTE_CHUNK):  # a group of several texts fits one chunk
                end = min(start + _PERMUTE_CHUNK, hi)
                permuted = np.multiply.outer(_A, grams[start:end])
                permuted += _B[:, None]
                cuts = [max(firsts[i] - start, 0) for i in group]  # where each text's shingles start
                np.minimum(values, np.minimum.reduceat(permuted, cuts, axis=1).T, out=values)
            for row, i in enumerate(group):
                out[i] = values[row], int(sizes[i])
    return [o if o is not None else (_EMPTY.copy(), 0) for o in out]


def _groups(texts: list[int], sizes: list[int]) -> Iterator[list[int]]:
    """Consecutive texts whose shingles together fit one permuted chunk; a larger text alone."""
    group: list[int] = []
    total = 0
    for i in texts:
        if group and total + sizes[i] > _PERMUTE_CHUNK:
            yield group
            group, total = [], 0
        group.append(i)
        total += sizes[i]
    if group:
        yield group


def signed(article: Article) -> tuple[str, bytes, int]:
    """An article's signature as plain data (its id, the values as little-endian uint32 bytes, its
    shingle count): computed where the article is made, in the batch's worker, and sent with it."""
    hashvalues, size = signature(article.body)
    return article.article_id, hashvalues.astype(_SIGNATURE_DTYPE).tobytes(), size


def signed_all(articles: Sequence[Article]) -> list[tuple[str, bytes, int]]:
    """`signed` for a batch's articles, signed together (`signatures`)."""
    return _signed([a.article_id for a in articles], [a.body for a in articles])


def signed_rows(table: pa.Table, skip: Container[str] = frozenset()) -> list[tuple[str, bytes, int]]:
    """`signed` for articles as Arrow rows (`store.articles_table`), but those in `skip`."""
    ids, bodies = table.column("article_id").to_pylist(), table.column("body").to_pylist()
    wanted = [i for i, aid in enumerate(ids) if aid not in skip]
    return _signed([ids[i] for i in wanted], [bodies[i] or "" for i in wanted])


def _signed(ids: list[str], bodies: list[str]) -> list[tuple[str, bytes, int]]:
    return [
        (aid, values.astype(_SIGNATURE_DTYPE).tobytes(), size)
        for aid, (values, size) in zip(ids, signatures(bodies), strict=True)
    ]


def same_story(jaccard: float, size_a: int, size_b: int | None) -> float:
    """A match score (0 = not the same story): Jaccard, or containment for a trimmed copy."""
    if jaccard >= THRESHOLD:
        return 1 + jaccard
    small = min(size_a, size_b or 0)
    if size_b and small >= MIN_SHINGLES_FOR_CONTAINMENT:
        containment = jaccard * (size_a + size_b) / ((1 + jaccard) * small)
        if containment >= CONTAINMENT:
            return containment
    return 0.0


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """The LSH bucket of each band, as a signed 64-bit integer (what SQLite stores natively): the
    band's values weighed, salted with the band's own number, mixed; all bands in one numpy pass.

    Band ranges are those datasketch's MinHashLSH chooses for our threshold; a collision of two
    different bands in 64 bits only adds a candidate, which the Jaccard check then rejects.
    """
    rows = hashvalues[: _BANDS * _ROWS].astype(np.uint64).reshape(_BANDS, _ROWS)
    return _fmix64((rows * _BAND_WEIGHTS).sum(axis=1) + _BAND_SALTS).view(np.int64).tolist()


_HASHRANGES = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges
_BANDS, _ROWS = len(_HASHRANGES), _HASHRANGES[0][1] - _HASHRANGES[0][0]
if list(_HASHRANGES) != [(i * _ROWS, (i + 1) * _ROWS) for i in range(_BANDS)]:  # pragma: no cover
    raise RuntimeError(f"bands of unequal width: {_HASHRANGES}")
_BAND_WEIGHTS = _random_odd(_ROWS, seed=300)
_BAND_SALTS = _random_odd(_BANDS, seed=301)
_SIGNATURE_DTYPE = np.dtype("<u4")  # the affine32 scheme's values, as stored and banded
PARAMETERS = f"num_perm={NUM_PERM} shingle={SHINGLE} scheme={SCHEME} bands={len(_HASHRANGES)}"
# indexes whose signatures this version can make again from the dataset's bodies: SHA-1 per shingle
EARLIER_PARAMETERS = (f"num_perm={NUM_PERM} shingle={SHINGLE} scheme=affine32 bands={len(_HASHRANGES)}",)
DB_SCHEMA = """
create table if not exists articles (
    id integer primary key,
    article_id text not null unique,
    story_id text not null,
    seen_at integer,          -- microseconds since the epoch, UTC
    agency text,
    headline text,
    size integer,
    signature blob not null   -- NUM_PERM little-endian uint32
);
create index if not exists articles_story on articles (story_id, seen_at, article_id);
create table if not exists bands (key integer not null, article integer not null, primary key (key, article))
    without rowid;
create table if not exists meta (key text primary key, value text not null);
create table if not exists pending (article integer primary key);  -- assigned this run, not final yet
"""


class StoryIndex:
    """Signatures of every article seen, with the story each belongs to, in SQLite on disk.

    On disk rather than in memory so that a backfill of millions of pages runs in flat memory: an
    article costs one row and one LSH bucket row per band, looked up through the bucket index.
    Writes go into one transaction per batch (`commit`), so a killed run loses at most its last
    batch's assignments, whose articles were not written either.
    """

    def __init__(self, path: Path, dataset: Path | None = None) -> None:
        """`dataset`: the articles dataset the index belongs to, whose bodies re-sign an index
        written with an earlier shingle hash (`EARLIER_PARAMETERS`)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.executescript(DB_SCHEMA)
        self._import_parquet(path.with_name("story_index.parquet"))
        self._check_parameters(dataset)
        # Whether every article this run added came after all the others in the total order:
        # then each assignment saw exactly the candidates `finalize` would give it, and decided as
        # it would. A killed run's leftovers (pending rows at open) were decided in another order.
        self._last: tuple[int, str] | None = None
        self._in_order = self.db.execute("select 1 from pending limit 1").fetchone() is None

    def __enter__(self) -> StoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    def __len__(self) -> int:
        return self.db.execute("select count(*) from articles").fetchone()[0]

    def _check_parameters(self, dataset: Path | None) -> None:
        """Signatures from other MinHash settings would never match new ones: an index signed
        with the earlier shingle hash is signed again from the dataset's bodies, any other refused
        loudly."""
        row = self.db.execute("select value from meta where key = 'parameters'").fetchone()
        if row is None:
            with self.db:
                self.db.execute("insert into meta values ('parameters', ?)", (PARAMETERS,))
        elif row[0] != PARAMETERS:
            earlier = row[0] in EARLIER_PARAMETERS
            if not earlier or dataset is None:
                how = " (opened without its dataset, whose bodies would re-sign it)" if earlier else ""
                raise ValueError(f"{self.path}: story index built with {row[0]}, this version uses {PARAMETERS}{how}")
            self._resign(dataset)

    def _import_parquet(self, old: Path) -> None:
        """Earlier versions kept the index in one Parquet file, signed with the SHA-1 shingle hash:
        carry it over once, marked so (`_check_parameters` then re-signs it), then drop it."""
        if not old.exists():
            return
        for row in pq.read_table(old).to_pylist():
            hashvalues = np.asarray(row.pop("signature"), dtype=_SIGNATURE_DTYPE)
            self._insert(row, hashvalues, pending=False)  # known before any run of this version
        self.db.execute("insert or replace into meta values ('parameters', ?)", (EARLIER_PARAMETERS[0],))
        self.commit()
        old.unlink()

    def _resign(self, dataset: Path) -> None:
        """Sign every article again from its body, then give the bucket rows out again in the
        total order (the near-copy rule); story ids stay. One transaction: a re-sign cut short
        leaves the index as it was, to be re-signed at the next open. An article whose body is not
        in the dataset keeps its story but leaves the buckets: it is never a candidate again."""
        log = logging.getLogger("wirenorm.stories")
        total = len(self)
        log.warning("%s: signing %d articles again with this version's shingle hash", self.path, total)
        with self.db:
            self.db.execute("delete from bands")
            self.db.execute("create temp table if not exists resigned (article integer primary key)")
            self.db.execute("delete from resigned")
            for article_id, body in store.article_bodies(dataset):
                hashvalues, size = signature(body or "")
                self.db.execute(
                    "insert or ignore into resigned select id from articles where article_id = ?", (article_id,)
                )
                self.db.execute(
                    "update articles set signature = ?, size = ? where article_id = ?",
                    (hashvalues.astype(_SIGNATURE_DTYPE).tobytes(), size, article_id),
                )
            reader = self.db.cursor()
            reader.execute(
                "select a.id, a.size, a.signature from articles a join resigned r on r.article = a.id "
                "order by a.seen_at, a.article_id"
            )  # sorted before the first row comes back, as in `finalize`
            for rowid, size, blob in reader:
                hashvalues = np.frombuffer(blob, dtype=_SIGNATURE_DTYPE)
                keys = band_keys(hashvalues)
                _, jaccard = self._best(hashvalues, size, self._candidates(keys))
                self._band(rowid, keys, jaccard < NEAR_COPY)
            signed = self.db.execute("select count(*) from resigned").fetchone()[0]
            self.db.execute("drop table resigned")
            self.db.execute("update meta set value = ? where key = 'parameters'", (PARAMETERS,))
        log.warning(
            "%s: %d articles signed again, %d not in the dataset left out of matching",
            self.path,
            signed,
            total - signed,
        )

    def _insert(
        self,
        row: dict,
        hashvalues: np.ndarray,
        keys: list[int] | None = None,
        banded: bool = True,
        pending: bool = True,
    ) -> None:
        """Add an article; `keys`: its `band_keys` when already known; `banded`: False for a
        near-copy, which gets no bucket rows."""
        seen = row["seen_at"]
        cur = self.db.execute(
            "insert or ignore into articles (article_id, story_id, seen_at, agency, headline, size, signature) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            (
                row["article_id"],
                row["story_id"],
                to_micros(seen),
                row["agency"],
                row["headline"],
                row["size"],
                hashvalues.astype(_SIGNATURE_DTYPE).tobytes(),
            ),
        )
        if cur.rowcount:
            if banded:
                self._band(cur.lastrowid, keys if keys is not None else band_keys(hashvalues), True)
            if pending:
                self.db.execute("insert or ignore into pending values (?)", (cur.lastrowid,))
                key = (to_micros(seen), row["article_id"])
                self._in_order = self._in_order and (self._last is None or key > self._last)
                self._last = key

    def _band(self, rowid: int, keys: list[int], banded: bool) -> None:
        """Give an article its LSH bucket rows, or take them away (a near-copy has none)."""
        if banded:
            self.db.executemany("insert or ignore into bands values (?, ?)", [(k, rowid) for k in keys])
        else:
            self.db.executemany("delete from bands where key = ? and article = ?", [(k, rowid) for k in keys])

    def finalize(self) -> dict[str, str]:
        """Re-decide every pending article's story in the total order; returns the ids that
        changed (article id -> story id) so the rows already written can be corrected. Nothing to
        re-decide when the run's articles were assigned in that order already (a run whose
        articles fit in one write, or whose writes came in order)."""
        if self._in_order:
            self.db.execute("delete from pending")
            self.db.commit()
            self._last = None
            return {}
        # row by row, not fetchall(): a run of 20,000 pages would hold 20 MB of signatures
        reader = self.db.cursor()
        reader.execute(
            "select a.id, a.article_id, a.story_id, a.seen_at, a.size, a.signature from articles a "
            "join pending p on p.article = a.id order by a.seen_at, a.article_id"
        )  # sorted before the first row comes back: the updates below cannot disturb the order
        changed: dict[str, str] = {}
        for rowid, article_id, old, seen_at, size, blob in reader:
            hashvalues = np.frombuffer(blob, dtype=_SIGNATURE_DTYPE)
            keys = band_keys(hashvalues)
            match, jaccard = self._best(hashvalues, size, self._candidates(keys, before=(seen_at, article_id)))
            story_id = match or "s" + article_id[:31]
            if story_id != old:
                self.db.execute("update articles set story_id = ? where id = ?", (story_id, rowid))
                changed[article_id] = story_id
            # the run's assignment saw another order: bucket rows follow the near-copy rule in this one
            self._band(rowid, keys, jaccard < NEAR_COPY)
        self.db.execute("delete from pending")
        self.db.commit()
        self._last, self._in_order = None, True
        return changed

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("select story_id from articles where article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def _candidates(
        self, keys: list[int], before: tuple[int, str] | None = None
    ) -> list[tuple[str, str, int | None, bytes]]:
        """Articles sharing an LSH band (`band_keys`); with `before` (seen_at, article_id), only
        those known before this run or earlier than that in the total order."""
        marks = ",".join("?" * len(keys))
        sql = (
            "select a.article_id, a.story_id, a.size, a.signature from articles a where a.id in "
            f"(select article from bands where key in ({marks}))"
        )
        args: list = list(keys)
        if before is not None:
            sql += " and (a.id not in (select article from pending) or (a.seen_at, a.article_id) < (?, ?))"
            args += list(before)
        return self.db.execute(sql + " order by a.article_id", args).fetchall()

    @staticmethod
    def _best(hashvalues: np.ndarray, size: int, candidates: list) -> tuple[str | None, float]:
        """The story of the best-scoring candidate (the first in article order on a tie) and that
        candidate's estimated Jaccard; (None, 0.0) when none is the same story."""
        if not candidates:
            return None, 0.0
        others = np.frombuffer(b"".join(c[3] for c in candidates), dtype=_SIGNATURE_DTYPE)
        equal = np.count_nonzero(others.reshape(len(candidates), NUM_PERM) == hashvalues, axis=1)
        best, best_score, best_jaccard = None, 0.0, 0.0
        for (_other, story_id, other_size, _blob), agree in zip(candidates, equal.tolist(), strict=True):
            jaccard = agree / NUM_PERM
            score = same_story(jaccard, size, other_size)
            if score > best_score:
                best, best_score, best_jaccard = story_id, score, jaccard
        return best, best_jaccard

    def assign(self, article: Article, signed: tuple[bytes, int] | None = None) -> str:
        """A provisional story id (its own if seen before, else its closest copy's, else new);
        `finalize` makes the run's ids independent of the order batches arrived in. `signed`: the
        article's signature as `signed` gives it, when its batch computed it."""
        return self._assign(
            article.article_id,
            article.published_at or article.fetched_at,
            article.agency,
            article.headline,
            signed,
            lambda: article.body,
        )

    def _assign(
        self,
        article_id: str,
        seen_at: datetime | None,
        agency: str | None,
        headline: str | None,
        signed: tuple[bytes, int] | None,
        body: Callable[[], str],
    ) -> str:
        known = self.story_of(article_id)
        if known is not None:
            return known
        if signed is None:
            hashvalues, size = signature(body())
        else:
            hashvalues, size = np.frombuffer(signed[0], dtype=_SIGNATURE_DTYPE), signed[1]
        keys = band_keys(hashvalues)
        match, jaccard = self._best(hashvalues, size, self._candidates(keys))
        story_id = match or "s" + article_id[:31]
        row = {
            "article_id": article_id,
            "story_id": story_id,
            "seen_at": seen_at or datetime.now(UTC),
            "agency": agency,
            "headline": headline,
            "size": size,
        }
        self._insert(row, hashvalues, keys, banded=jaccard < NEAR_COPY)
        return story_id

    def assign_batch(self, articles: list[Article], signatures: Iterable[tuple[str, bytes, int]] = ()) -> None:
        """Provisional ids for a batch, oldest first; one transaction. `signatures`: what `signed`
        gave for some of the articles (the others are signed here)."""
        known = {article_id: (values, size) for article_id, values, size in signatures}
        for article in sorted(articles, key=_order):
            article.story_id = self.assign(article, known.get(article.article_id))
        self.commit()

    def assign_table(self, table: pa.Table, signatures: Iterable[tuple[str, bytes, int]] = ()) -> pa.Table:
        """`assign_batch` for articles as Arrow rows (`store.articles_table`, as a batch's worker
        packs them): the same table with its `story_id` column set."""
        known = {article_id: (values, size) for article_id, values, size in signatures}
        cols = {
            c: table.column(c).to_pylist() for c in ("article_id", "published_at", "fetched_at", "agency", "headline")
        }
        ids, published, fetched = cols["article_id"], cols["published_at"], cols["fetched_at"]
        story_ids: list[str | None] = [None] * table.num_rows
        for i in sorted(range(table.num_rows), key=lambda i: _order_key(published[i], fetched[i], ids[i])):
            story_ids[i] = self._assign(
                ids[i],
                published[i] or fetched[i],
                cols["agency"][i],
                cols["headline"][i],
                known.get(ids[i]),
                lambda i=i: table.column("body")[i].as_py() or "",
            )
        self.commit()
        at = table.schema.get_field_index("story_id")
        return table.set_column(at, table.field(at), pa.array(story_ids, table.field(at).type))

    def story_batches(self, rows_per_batch: int = 10_000) -> Iterator[pa.RecordBatch]:
        """The stories table, a batch of stories at a time, read in story order from the index."""
        cursor = self.db.execute(
            "select story_id, article_id, seen_at, agency, headline from articles "
            "order by story_id, seen_at, article_id"
        )
        out: list[dict] = []
        for story_id, members in itertools.groupby(cursor, key=lambda r: r[0]):
            members = list(members)
            agencies = Counter(m[3] for m in members if m[3])
            seen = members[0][2]
            out.append(
                {
                    "story_id": story_id,
                    "first_seen_at": from_micros(seen),
                    "agency": agencies.most_common(1)[0][0] if agencies else None,
                    "headline": next((m[4] for m in members if m[4]), None),
                    "copy_count": len(members),
                    "article_ids": [m[1] for m in members],
                }
            )
            if len(out) >= rows_per_batch:
                yield pa.RecordBatch.from_pylist(out, schema=STORIES_SCHEMA)
                out = []
        if out:
            yield pa.RecordBatch.from_pylist(out, schema=STORIES_SCHEMA)

    def write_stories(self, path: Path) -> None:
        """Rewrite `stories.parquet` from the index, streaming, in one atomic rename."""
        store.atomic_write_batches(STORIES_SCHEMA, self.story_batches(), path)

    def stories_table(self) -> pa.Table:
        return pa.Table.from_batches(list(self.story_batches()), schema=STORIES_SCHEMA)


def _order(article: Article) -> tuple:
    return _order_key(article.published_at, article.fetched_at, article.article_id)


def _order_key(published_at: datetime | None, fetched_at: datetime | None, article_id: str) -> tuple:
    return (published_at or fetched_at or datetime.max.replace(tzinfo=UTC), article_id)


def assign_stories(articles: list[Article], stories_dir: Path, index_path: Path | None = None) -> None:
    """Set final `story_id`s on a set of articles and rewrite the stories table; caller holds the
    lock. A run writing many batches uses its open `StoryIndex` instead (`assign_batch`, then
    `finalize` once at its end)."""
    paths = Paths(raw=stories_dir.parent, clean=stories_dir.parent)
    with StoryIndex(index_path or paths.story_index, paths.articles) as own:
        own.assign_batch(articles)
        final = own.finalize()
        for article in articles:
            article.story_id = final.get(article.article_id, article.story_id)
        own.write_stories(stories_dir / "stories.parquet")
