"""Sitemaps, sitemap indexes and Google News sitemaps -> article URLs and child sitemaps.

Sites keep a sitemap index stable and append to its children (`news-sitemap-1.xml`), so an index
that answers 304 does not mean nothing changed: its children are read from the copy archived at
its last full fetch and each child is asked with its own validators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from wirenorm.crawl.archive import read_body
from wirenorm.crawl.sources import ListContext, Listed, Listing, ListingError, TypeSpec, fetch_document
from wirenorm.crawl.sources.xmlsafe import parse_xml
from wirenorm.times import Window, parse_time

if TYPE_CHECKING:
    from wirenorm.config import SourceConfig

MAX_CHILD_SITEMAPS = 50
MAX_DEPTH = 2


@dataclass
class Sitemap:
    pages: list[Listed] = field(default_factory=list)
    children: list[Listed] = field(default_factory=list)  # sitemaps listed by a sitemap index


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def parse(content: bytes, base_url: str) -> Sitemap:
    root = parse_xml(content)
    out = Sitemap()
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: root element <{kind}>")
    for entry in root:
        if _local(entry.tag) not in ("url", "sitemap"):
            continue
        loc = lastmod = news_date = None
        for child in entry.iter():
            name = _local(child.tag)
            text = (child.text or "").strip()
            if name == "loc" and loc is None:
                loc = text
            elif name == "lastmod":
                lastmod = text
            elif name == "publication_date":  # <news:news><news:publication_date>
                news_date = text
        if not loc:
            continue
        listed = Listed(urljoin(base_url, loc), parse_time(news_date or lastmod))
        (out.children if kind == "sitemapindex" else out.pages).append(listed)
    return out


class Sitemaps:
    kind = "sitemap"
    keys: Mapping[str, TypeSpec] = {"urls": list, "lookback_days": (int, float)}
    required = ("urls",)
    web = True

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing:
        """Pages dated in the window; without a start, the last `lookback_days` (default 2)."""
        since = ctx.window.since or ctx.now - timedelta(days=float(source.settings.get("lookback_days", 2)))
        window = Window(since, ctx.window.until)
        out = Listing()
        self._walk(list(source.settings["urls"]), ctx, window, out, depth=0)
        return out

    def _walk(self, urls: list[str], ctx: ListContext, window: Window, out: Listing, depth: int) -> None:
        for url in urls[:MAX_CHILD_SITEMAPS]:
            found = self._content(url, ctx, out)
            if found is None:
                continue
            try:
                parsed = parse(*found)
            except ValueError as exc:
                out.errors.append(ListingError(url, str(exc)))
                continue
            out.pages.extend(p for p in parsed.pages if window.contains(p.modified))
            # a child's lastmod says when it last changed: one older than the window holds nothing new
            children = [c.url for c in parsed.children if c.modified is None or c.modified >= window.since]
            if children and depth < MAX_DEPTH:
                self._walk(children, ctx, window, out, depth + 1)

    @staticmethod
    def _content(url: str, ctx: ListContext, out: Listing) -> tuple[bytes, str] | None:
        """The sitemap's body and base URL: fetched when changed; when unchanged, the archived copy of an
        index (its children may have changed); None for an unchanged urlset or a failure."""
        errors = len(out.errors)
        doc = fetch_document(url, ctx, out)
        if doc is not None:
            return doc.content, doc.final_url
        if len(out.errors) > errors or ctx.state is None:
            return None
        seen = ctx.state.seen([url]).get(url)
        body = read_body(seen.raw_ref) if seen and seen.raw_ref else None
        return (body, url) if body is not None and b"sitemapindex" in body else None


SOURCE = Sitemaps()
