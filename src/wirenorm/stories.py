"""Group copies of the same wire story across sites: MinHash over word shingles, LSH lookup.

Copies of one agency story differ in chrome, trimmed endings, an added sentence or a changed
headline, so exact hashes miss them; the Jaccard similarity of their 5-word shingles stays high.
The index of every article's signature persists between runs, so a story keeps the id its first
copy gave it, whatever order later copies arrive in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from datasketch import MinHash, MinHashLSH

from wirenorm.model import Article
from wirenorm.store import atomic_write_table

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch >= 2 permutation scheme; persisted signatures depend on it
THRESHOLD = 0.5  # estimated Jaccard above which two bodies are copies of one story
# A trimmed copy or a brief of a long story has a low Jaccard but is almost wholly contained in the
# original: containment of the smaller shingle set in the larger counts too, for bodies long enough.
CONTAINMENT = 0.7
MIN_SHINGLES_FOR_CONTAINMENT = 20
LSH_THRESHOLD = 0.2  # candidates are found generously, then verified by the two measures above
_TOKEN = re.compile(r"\w+", re.U)
INDEX_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("story_id", pa.string()),
        ("seen_at", pa.timestamp("us", tz="UTC")),
        ("agency", pa.string()),
        ("headline", pa.string()),
        ("signature", pa.list_(pa.uint64())),
        ("size", pa.int32()),
    ]
)
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


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def signature(text: str) -> tuple[MinHash, int]:
    """The MinHash of a body's shingles, and how many shingles it has."""
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    grams = shingles(text)
    mh.update_batch(list(grams))
    return mh, len(grams)


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


def _from_values(values: Sequence[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.asarray(values, dtype=np.uint64))


class StoryIndex:
    """Signatures of every article seen, with the story each belongs to."""

    def __init__(self, rows: list[dict] | None = None) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.rows: dict[str, dict] = {}
        self.signatures: dict[str, MinHash] = {}
        for row in rows or []:
            self._add(row, _from_values(row["signature"]))

    @classmethod
    def load(cls, path: Path) -> StoryIndex:
        if not path.exists():
            return cls()
        return cls(pq.read_table(path).to_pylist())

    def save(self, path: Path) -> None:
        rows = [{**row, "signature": self.signatures[key].hashvalues.tolist()} for key, row in self.rows.items()]
        atomic_write_table(pa.Table.from_pylist(rows, schema=INDEX_SCHEMA), path)

    def _add(self, row: dict, mh: MinHash) -> None:
        """The signature lives once, in the MinHash's array: as a list of Python ints in the row it
        would cost ten times the memory, per article, for the life of the run."""
        row.pop("signature", None)
        self.rows[row["article_id"]] = row
        self.signatures[row["article_id"]] = mh
        self.lsh.insert(row["article_id"], mh)

    def assign(self, article: Article) -> str:
        """The story id of an article: its own if seen before, else its closest copy's, else new."""
        known = self.rows.get(article.article_id)
        if known is not None:
            return known["story_id"]
        mh, size = signature(article.body)
        best, best_score = None, 0.0
        for other in sorted(self.lsh.query(mh)):
            score = same_story(mh.jaccard(self.signatures[other]), size, self.rows[other].get("size"))
            if score > best_score:
                best, best_score = other, score
        story_id = self.rows[best]["story_id"] if best else "s" + article.article_id[:31]
        self._add(
            {
                "article_id": article.article_id,
                "story_id": story_id,
                "seen_at": article.published_at or article.fetched_at or datetime.now(UTC),
                "agency": article.agency,
                "headline": article.headline,
                "size": size,
            },
            mh,
        )
        return story_id

    def stories_table(self) -> pa.Table:
        groups: dict[str, list[dict]] = {}
        for row in self.rows.values():
            groups.setdefault(row["story_id"], []).append(row)
        out = []
        for story_id, members in sorted(groups.items()):
            members.sort(key=lambda r: (r["seen_at"], r["article_id"]))
            agencies = Counter(r["agency"] for r in members if r["agency"])
            out.append(
                {
                    "story_id": story_id,
                    "first_seen_at": members[0]["seen_at"],
                    "agency": agencies.most_common(1)[0][0] if agencies else None,
                    "headline": next((r["headline"] for r in members if r["headline"]), None),
                    "copy_count": len(members),
                    "article_ids": [r["article_id"] for r in members],
                }
            )
        return pa.Table.from_pylist(out, schema=STORIES_SCHEMA)


def _order(article: Article) -> tuple:
    when = article.published_at or article.fetched_at or datetime.max.replace(tzinfo=UTC)
    return (when, article.article_id)


def index_path_for(stories_dir: Path) -> Path:
    return stories_dir.parent.parent / "state" / "story_index.parquet"


def assign_stories(
    articles: list[Article], stories_dir: Path, index_path: Path | None = None, index: StoryIndex | None = None
) -> StoryIndex:
    """Set `story_id` on every article and rewrite the stories table; caller holds the lock.

    Articles are taken oldest first, so within a batch the earliest copy founds the story. A run
    writing many batches passes the same `index`; it is saved after each batch.
    """
    index_path = index_path or index_path_for(stories_dir)
    index = index if index is not None else StoryIndex.load(index_path)
    for article in sorted(articles, key=_order):
        article.story_id = index.assign(article)
    if articles:
        index.save(index_path)
        atomic_write_table(index.stories_table(), stories_dir / "stories.parquet")
    return index
