"""Times as every stage reads them: aware UTC datetimes, and the windows that select them by date.

Feeds and sitemaps (crawl) and page metadata (normalizer) print the same ISO-ish strings, so one
parser serves both; a backfill's `[since, until)` is one `Window` wherever it filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as dateparser


def parse_time(value: Any) -> datetime | None:
    """ISO-ish date strings to aware UTC datetimes; naive values are taken as UTC."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))  # the common case, 50x cheaper
    except ValueError:
        try:
            parsed = dateparser.parse(value)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed is None or not 1900 < parsed.year < 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """A date range `[since, until)`; either end may be open. Things without a date are inside:
    an undated entry is kept rather than silently lost."""

    since: datetime | None = None
    until: datetime | None = None

    def contains(self, when: datetime | None) -> bool:
        if when is None:
            return True
        return (self.since is None or when >= self.since) and (self.until is None or when < self.until)

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None


def utc_day(when: datetime | None = None) -> str:
    """`YYYY-MM-DD` of a time (default now) in UTC: the name of a day's folder or partition."""
    return (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d")
