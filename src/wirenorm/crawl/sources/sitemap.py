"""Sitemaps, sitemap indexes and Google News sitemaps -> article URLs and child sitemaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from wirenorm.crawl.sources.xmlsafe import Listed, parse_xml
from wirenorm.normalizer.extract.metadata import parse_time


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
