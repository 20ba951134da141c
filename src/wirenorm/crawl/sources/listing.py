"""Index pages (section fronts, archives) -> the article links matching a pattern."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin

import lxml.html

from wirenorm.crawl.sources import ListContext, Listed, Listing, TypeSpec, fetch_document, parse_into

if TYPE_CHECKING:
    from wirenorm.config import SourceConfig


def parse(content: bytes, base_url: str, link_pattern: str) -> list[Listed]:
    """Links of the page whose absolute URL matches `link_pattern`, in page order, once each."""
    rx = re.compile(link_pattern)
    root = lxml.html.document_fromstring(content)
    seen: dict[str, None] = {}
    for href in root.xpath("//a/@href"):
        url = urldefrag(urljoin(base_url, href.strip()))[0]
        if url.startswith(("http://", "https://")) and rx.search(url):
            seen.setdefault(url, None)
    return [Listed(u) for u in seen]


class IndexPages:
    kind = "listing"
    keys: Mapping[str, TypeSpec] = {"urls": list, "link_pattern": str}
    required = ("urls",)
    web = True

    def list(self, source: SourceConfig, ctx: ListContext) -> Listing:
        out = Listing()
        pattern = source.settings.get("link_pattern", ".")
        for url in source.settings["urls"]:
            if (doc := fetch_document(url, ctx, out)) is not None:
                parse_into(out, url, lambda d=doc: parse(d.content, d.final_url, pattern))
        return out


SOURCE = IndexPages()
