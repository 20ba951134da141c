"""Text exports that open with a metadata block (`---`, `key: value` lines, `---`), as extraction
tools and static-site exports write them. Invented pages in the layouts those tools print."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.test_text import HEADLINE, PARAS, URL
from wirenorm import normalize
from wirenorm.normalizer.extract.front_matter import front_matter
from wirenorm.normalizer.wire import WireFields, clean_headline

EXPORT = f"""---
title: {HEADLINE}
author: Rivertown News https; Www Rivertown-News Example; Jane Roe
url: {URL}
hostname: rivertown-news.example
description: The council votes to close the bridge to cars.
sitename: Rivertown News
date: "2025-11-18"
categories: ['Local']
---
RIVERTOWN (Wire) — {PARAS[0]}
{PARAS[1]}
{PARAS[2]}
{PARAS[3]}
"""


def test_export_metadata_fills_the_record_and_the_copy_stays_whole() -> None:
    article = normalize(EXPORT, URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert article.byline == ["Jane Roe"]  # link targets and the outlet are no authors
    assert article.published_at == datetime(2025, 11, 18, 12, tzinfo=UTC)
    assert article.site_name == "Rivertown News"
    assert article.paragraphs[-3:] == PARAS[1:]
    assert article.paragraphs[0].endswith(PARAS[0])
    kept = [r.text for r in article.removed if r.kind == "front_matter"]
    assert len(kept) == 1 and "hostname: rivertown-news.example" in kept[0]
    assert "sitename" not in article.body and "categories" not in article.body


def test_lists_quotes_and_timestamps_as_exporters_write_them() -> None:
    text = (
        '---\ntitle: "Bridge: the vote"\nauthors:\n  - Ann Lee\n  - Bo Ek\ndate: 2025-11-18T09:14:00+01:00\n---\nText.'
    )
    matter, rest = front_matter(text)
    assert matter is not None
    assert (matter.title, matter.authors) == ("Bridge: the vote", ("Ann Lee", "Bo Ek"))
    assert matter.published_at == datetime(2025, 11, 18, 8, 14, tzinfo=UTC)
    assert rest == "Bridge: the vote\n\nText."  # the title goes back above the copy, where pages print it
    matter, _ = front_matter("---\ntitle: X\nauthors: [Ann Lee, 'Bo Ek']\n---\nX\n\nText.")
    assert matter is not None and matter.authors == ("Ann Lee", "Bo Ek")


def test_a_rule_or_an_unclosed_block_is_no_metadata() -> None:
    prose = f"---\n{PARAS[0]}\n---\n{PARAS[1]}"
    assert front_matter(prose) == (None, prose)
    unclosed = "---\ntitle: Bridge\n" + "\n".join(PARAS)
    assert front_matter(unclosed) == (None, unclosed)


def test_a_title_suffix_the_address_spells_is_the_site_not_the_headline() -> None:
    text = EXPORT.replace(f"title: {HEADLINE}", f"title: {HEADLINE} - Rivertown News").replace(
        "sitename: Rivertown News\n", ""
    )
    article = normalize(text, URL, content_type="text/plain")
    assert article.headline == HEADLINE
    assert ("headline_site", "Rivertown News") in [(r.kind, r.text) for r in article.removed]


def test_headline_segment_named_by_the_address_goes_whatever_the_declared_site_name() -> None:
    found = WireFields()
    url = "https://www.harbourtimes.example/news/2025/11/18/1"
    # the declared name is the site's other-language name: the segment is still the site's
    assert clean_headline("Ferry strike ends - Harbour Times", "港灣時報", found, "en", url) == "Ferry strike ends"
    assert [(r.kind, r.text) for r in found.removed] == [("headline_site", "Harbour Times")]
    assert clean_headline(
        "Harbour Times - a ferry strike ends", None, WireFields(), "en", "https://ferry.example/"
    ) == ("Harbour Times - a ferry strike ends")
