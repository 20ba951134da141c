"""The seed page of the AFP syndication network yields exactly its expected record."""

from __future__ import annotations

import json

import pytest

import wirenorm
from tests.conftest import FIXTURES

SEED = FIXTURES / "seed" / "philadelphia-independent-kursk.txt"
EXPECT = json.loads((FIXTURES / "seed" / "philadelphia-independent-kursk.expect.json").read_text())


@pytest.fixture(scope="module")
def record() -> wirenorm.Article:
    return wirenorm.normalize(SEED.read_bytes(), url="file:///philadelphia-independent-kursk.txt")


@pytest.mark.parametrize(
    "field",
    [
        "site_name",
        "site_region",
        "section",
        "headline",
        "photo_credit",
        "agency",
        "desk_slug",
        "signature",
        "site_code",
        "subheads",
    ],
)
def test_expected_field(record: wirenorm.Article, field: str) -> None:
    assert getattr(record, field) == EXPECT[field]


def test_paragraphs_from_lede_to_last_quote(record: wirenorm.Article) -> None:
    assert len(record.paragraphs) == EXPECT["paragraph_count"] == 21
    assert record.paragraphs[0] == EXPECT["body_first_paragraph"]
    assert record.paragraphs[-1] == EXPECT["body_last_paragraph"]
    assert record.standfirst == EXPECT["body_first_paragraph"]


def test_headline_printed_once(record: wirenorm.Article) -> None:
    assert record.body.count(EXPECT["headline"]) == 0
    assert record.headline == EXPECT["headline"]


@pytest.mark.parametrize("boilerplate", EXPECT["body_must_not_contain"])
def test_boilerplate_gone_from_body(record: wirenorm.Article, boilerplate: str) -> None:
    assert boilerplate not in record.body


def test_everything_removed_is_kept(record: wirenorm.Article) -> None:
    kinds = {(r.kind, r.text) for r in record.removed}
    assert ("widget", "Text size:") in kinds
    assert ("desk_slug", "burs-hs/dhc") in kinds
    assert ("signature", "K.Morris--PI") in kinds
    assert ("section", "IN THE NEWS") in kinds
    assert ("region", "Pennsylvania -") in kinds
    assert ("subhead_marker", "- 'Ease internal backlash' -") in kinds
    repeats = [t for k, t in kinds if k == "headline_repeat"]
    assert any("/ Photo: ANTHONY WALLACE - AFP" in t for t in repeats)
    # every line of the page is either in the body, a field, or in `removed`
    removed_text = {r.text for r in record.removed}
    for line in SEED.read_text().splitlines():
        line = line.strip()
        if line:
            assert line in record.body or line in removed_text, line


def test_body_is_paragraphs_and_subheads_in_order(record: wirenorm.Article) -> None:
    parts = record.body.split("\n\n")
    assert [p for p in parts if p not in record.subheads] == record.paragraphs
    assert parts.index("'Ease internal backlash'") == 11
    assert record.word_count == len(record.body.split()) == 579
    assert record.language == "en"
    assert record.extractor == "afp_network"
    assert record.schema_version == 1
