"""RSS and Atom feeds -> the article URLs they list (feedparser handles the dialects)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import feedparser

from wirenorm.crawl.sources import ListContext, Listed, Listing, TypeSpec, fetch_document, parse_into
from wirenorm.crawl.sources.xmlsafe import refuse_entities

if TYPE_CHECKING:
    from wirenorm.config import SourceConfig


def parse(content: bytes, base_url: str) -> list[Listed]:
    """Entries with a link, newest information first as the feed orders them."""
    refuse_entities(content)
    parsed = feedparser.parse(content, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a feed: {parsed.get('bozo_exception')}")
    out = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("updated_parsed") or entry.get("published_parsed")
        when = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        out.append(Listed(urljoin(base_url, link), when))
    return out


class Feed:
    kind = "feed"
    keys: Mapping[str, TypeSpec] = {"urls": list}
    required = ("urls",)
    web = True

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing:
        out = Listing()
        for url in source.settings["urls"]:
            if (doc := fetch_document(url, ctx, out)) is not None:
                parse_into(out, url, lambda d=doc: parse(d.content, d.final_url))
        return out


SOURCE = Feed()
