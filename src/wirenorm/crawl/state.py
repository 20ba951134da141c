"""What the crawler remembers between runs (SQLite under data/state/): seen URLs, validators,
content hashes and per-source run state, so a second run fetches only what is new or changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from wirenorm.crawl.fetch import FetchResult

SCHEMA = """
create table if not exists urls (
    url text primary key,
    source_id text not null,
    first_seen text not null,
    last_fetched text,
    status integer,
    etag text,
    last_modified text,
    content_hash text,
    raw_ref text,
    error_type text
);
create table if not exists sources (
    source_id text primary key,
    last_run text,
    last_status text,
    pages integer,
    articles integer,
    rejects integer
);
"""


@dataclass(frozen=True)
class FetchRecord:
    """What the state store learns from one fetch."""

    url: str
    source_id: str
    status: int | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    raw_ref: str | None
    when: datetime
    error_type: str | None = None  # "transient" failures are retried on later runs

    @classmethod
    def of(
        cls, result: FetchResult, source_id: str, raw_ref: str | None, content_hash: str | None = None
    ) -> FetchRecord:
        return cls(
            url=result.url,
            source_id=source_id,
            status=result.status,
            etag=result.headers.get("etag"),
            last_modified=result.headers.get("last-modified"),
            content_hash=content_hash,
            raw_ref=raw_ref,
            when=result.started_at,
            error_type=result.error_type,
        )


@dataclass(frozen=True)
class Seen:
    url: str
    last_fetched: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    status: int | None
    raw_ref: str | None = None  # the archived body of the last full response (a 304 keeps it)
    error_type: str | None = None

    @property
    def transient(self) -> bool:
        """The last fetch failed in a way worth retrying (reset, timeout, 5xx, 429)."""
        return self.error_type == "transient"


class State:
    """A small SQLite database; one writer (the flow), short transactions."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        """Readers (discovery tasks, many at once) open read-only; the flow is the one writer."""
        if readonly and path.exists():
            self.db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30, check_same_thread=False)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("pragma journal_mode=wal")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def seen(self, urls: Iterable[str]) -> dict[str, Seen]:
        out: dict[str, Seen] = {}
        urls = list(urls)
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"select url, last_fetched, etag, last_modified, content_hash, status, raw_ref, error_type from urls "
                f"where url in ({marks})",
                chunk,
            )
            out.update({r[0]: Seen(*r) for r in rows})
        return out

    def record_fetches(self, records: Iterable[FetchRecord]) -> None:
        with self.db:
            for r in records:
                self._record(r)

    def _record(self, r: FetchRecord) -> None:
        now = r.when.astimezone(UTC).isoformat()
        self.db.execute(
            """insert into urls (url, source_id, first_seen, last_fetched, status, etag, last_modified,
                                     content_hash, raw_ref, error_type)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   on conflict(url) do update set last_fetched = excluded.last_fetched, status = excluded.status,
                       error_type = excluded.error_type,
                       etag = coalesce(excluded.etag, urls.etag),
                       last_modified = coalesce(excluded.last_modified, urls.last_modified),
                       content_hash = coalesce(excluded.content_hash, urls.content_hash),
                       raw_ref = case when excluded.status = 304 then urls.raw_ref
                                      else coalesce(excluded.raw_ref, urls.raw_ref) end""",
            (r.url, r.source_id, now, now, r.status, r.etag, r.last_modified, r.content_hash, r.raw_ref, r.error_type),
        )

    def pending(self, source_ids: Iterable[str], within_days: float = 7) -> list[tuple[str, str]]:
        """(source_id, url) of pages whose last fetch failed transiently: retried on later runs for a
        while, even when their feed has not changed."""
        ids = list(source_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        since = (datetime.now(UTC) - timedelta(days=within_days)).isoformat()
        rows = self.db.execute(
            f"""select source_id, url from urls where source_id in ({marks}) and first_seen >= ?
                and error_type = 'transient' order by url""",
            [*ids, since],
        )
        return list(rows)

    def record_run(self, source_id: str, status: str, pages: int, articles: int, rejects: int) -> None:
        with self.db:
            self.db.execute(
                """insert into sources values (?, ?, ?, ?, ?, ?) on conflict(source_id) do update set
                   last_run = excluded.last_run, last_status = excluded.last_status, pages = excluded.pages,
                   articles = excluded.articles, rejects = excluded.rejects""",
                (source_id, datetime.now(UTC).isoformat(), status, pages, articles, rejects),
            )

    def sources(self) -> dict[str, tuple]:
        rows = self.db.execute("select source_id, last_run, last_status, pages, articles, rejects from sources")
        return {r[0]: r[1:] for r in rows}
