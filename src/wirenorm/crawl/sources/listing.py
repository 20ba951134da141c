"""Index pages (section fronts, archives) -> the article links matching a pattern."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

import lxml.html

from wirenorm.crawl.sources.xmlsafe import Listed


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
