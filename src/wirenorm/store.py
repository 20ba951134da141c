"""Analysts' notebooks written before the dataset moved to `wirenorm.dataset` keep working:
`from wirenorm.store import read_articles` is the same function."""

from wirenorm.dataset.store import PARTITIONING, read_articles, read_events

__all__ = ["PARTITIONING", "read_articles", "read_events"]
