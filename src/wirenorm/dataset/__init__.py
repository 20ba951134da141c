"""The dataset: what analysts read.

In: batches of `Article`s and `Reject`s. Out: hive-partitioned Parquet under data/clean/
(articles by published date, rejects and runs by run date, the stories table), written
atomically and idempotently, with derived indexes under data/state/.

- `store`: schema-versioned Parquet files, upserts by article id, the dataset lock, compaction;
- `article_index`: which file holds each article (SQLite, self-healing);
- `stories`: copies of one wire story grouped under one `story_id` (MinHash + LSH).
"""

from wirenorm.dataset.store import PARTITIONING, read_articles

__all__ = ["PARTITIONING", "read_articles"]
