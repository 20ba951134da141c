"""Prefilters must never turn a match away: what a regex needs is checked against real lines."""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

import pytest

from wirenorm.normalizer.agencies import all_agencies, any_line, any_trailer
from wirenorm.normalizer.extract import chrome
from wirenorm.normalizer.parse import _MOJIBAKE, _MOJIBAKE_BYTES
from wirenorm.normalizer.prefilter import Screen, Searcher, Vocabulary, may_match, needs, opens_with_run
from wirenorm.normalizer.spaces import space_runs
from wirenorm.normalizer.wire import clean_text

DUMPS = Path(__file__).parent / "fixtures" / "wire-dumps"


def _wire_lines() -> list[str]:
    """Every line of the wire pages' dumps: datelines, captions, sign-offs, slugs, copyright lines."""
    lines: list[str] = []
    for path in sorted(DUMPS.glob("*/*.txt.gz")):
        lines.extend(c for line in gzip.decompress(path.read_bytes()).decode().splitlines() if (c := clean_text(line)))
    return lines


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"(?P<caption>.{10,}?)\s*\((?P<credit>AP Photo/[^)]{2,60})\)", 0, ("AP Photo/",)),
        (r"[(\[]\s*(?:AFP|Reuters)\s*[)\]]", 0, ("AFP", "Reuters")),
        (r"(?=.*\bcookies\b)(?=.*\baccept\b).{0,300}", 0, ("cookies",)),  # a lookahead must hold too
        (r"(?:Reporting|Writing)? by \w+", 0, (" by ",)),  # an optional part needs nothing
        (r"AP Photo/.*", re.I, ()),  # case-insensitive: no substring test is sure
        (r"(?i:photo) by AP", 0, (" by AP",)),
        (r"[A-Z]{2,5}|\d+", 0, ()),  # an alternative without a literal: nothing is needed
        (r"x", 0, ()),  # one character is no test
    ],
)
def test_needs_reads_what_a_match_cannot_lack(pattern: str, flags: int, expected: tuple[str, ...]) -> None:
    assert needs(pattern, flags) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r".{0,80}\b(?:Newsletters?|subscribe)\b.{0,120}", ("newsletter", "subscribe")),
        (r"(?-i:[a-z]+_[a-z]+)|Schlagwörter", ("_", "schlagwörter")),  # a case-sensitive part too
        (r"[a-z]+|Schlagwörter", ()),  # one alternative needs no string: none is sure
        (r"(?:©|\(c\)\s).{0,80}", ("©", "(c)")),
        # `str.lower()` and `re.I` disagree on `ı` (`I` matches it) and `İ` (it lowers to two
        # characters): a needed string is cut there, its longest piece kept
        (r"devamını oku", ("devam",)),
        (r"İstanbul'da", ("stanbul'da",)),
    ],
)
def test_folded_needs_are_lower_case_and_cut_where_lowering_and_re_disagree(
    pattern: str, expected: tuple[str, ...]
) -> None:
    assert needs(pattern, re.I, folded=True, shortest=1) == expected
    assert needs(pattern, re.I) == ()  # unfolded, a case-insensitive pattern needs nothing


def _first_of_union(rules: tuple[tuple[str, str], ...], text: str) -> str | None:
    m = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in rules), re.I).fullmatch(text)
    return m.lastgroup if m else None


def test_the_chrome_vocabulary_names_every_line_as_its_union_does() -> None:
    union = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in chrome._RULES), re.I)
    kinds = set()
    for line in _wire_lines():
        m = union.fullmatch(line)
        assert chrome.VOCABULARY.first(line) == (m.lastgroup if m else None), line
        kinds.add(m.lastgroup if m else None)
    assert len(kinds) >= 8  # the dumps hold menus, share rows, footers, related links, ...


@pytest.mark.parametrize(
    "text",
    [
        "DEVAMINI OKU",  # `I` is `ı` to re.I, `i` to lower()
        "İlgili haberler",  # `İ` lowers to `i` and a combining dot
        "Subſcribe to our newsletter",  # a long s
        "Ilgili haberler",
        "Read more",
        "Nothing here fits",
    ],
)
def test_a_vocabulary_answers_as_its_union_on_letters_lowering_and_re_disagree_on(text: str) -> None:
    rules = (("related", r"ilgili haberler|devamını oku|read more"), ("newsletter", r".{0,40}\bsubscribe\b.{0,40}"))
    assert Vocabulary(rules).first(text) == _first_of_union(rules, text)


def test_a_vocabulary_tries_patterns_in_order_and_those_without_words_always() -> None:
    rules = (("digits", r"\d+"), ("word", r"more"), ("either", r"more|\d+"))
    vocabulary = Vocabulary(rules)
    assert vocabulary.first("MORE") == "word"
    assert vocabulary.first("42") == "digits"
    assert vocabulary.first("less") is None


def test_a_searcher_answers_as_its_pattern_on_every_class_name_of_the_fixture_pages() -> None:
    from lxml import etree

    from wirenorm.normalizer.extract.html import _MAYBE, _UNLIKELY

    names = {
        f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        for path in sorted((Path(__file__).parent / "fixtures" / "wire").glob("*.html"))
        for el in etree.HTML(path.read_bytes()).iter(etree.Element)
        if el.get("class") or el.get("id")
    }
    assert len(names) > 1000
    for pattern in (_UNLIKELY, _MAYBE, re.compile(r"\bsidebar|(?:^|\s)ad(?:$|\s)|devamını", re.I)):
        searcher, found = Searcher(pattern), 0
        for name in (*names, "DEVAMINI", "Sıdebar"):
            assert bool(searcher.search(name)) == bool(pattern.search(name)), (pattern.pattern, name)
            found += bool(pattern.search(name))
        assert found > 20


def test_only_patterns_opening_with_a_long_wildcard_run_are_kept_out_of_the_union() -> None:
    assert opens_with_run(re.compile(r"(?:(?P<caption>.{10,}?)\s*\(AP Photo/x\))"))
    assert opens_with_run(re.compile(r"[^\n]{0,200}automatisch"))
    assert not opens_with_run(re.compile(r".{0,3}AP"))  # a short run costs little
    assert not opens_with_run(re.compile(r"[A-Z].{10,}AP"))
    assert not opens_with_run(re.compile(r"\w{10,}AP"))  # a class, not any character


def test_agency_rules_never_lose_a_match_to_their_prefilter() -> None:
    lines = _wire_lines()
    matched = 0
    for agency in all_agencies():
        for form, required in agency.datelines:
            for line in lines:
                if form.match(line):
                    matched += 1
                    assert may_match(required, line), (agency.code, form.pattern, line)
        for _, rx in (*agency.lines, *agency.trailers):
            for line in lines:
                if rx.fullmatch(line):
                    matched += 1
                    assert may_match(needs(rx), line), (agency.code, rx.pattern, line)
    assert matched > 50  # the dumps hold the conventions this checks


def test_screens_answer_as_the_union_of_their_patterns() -> None:
    lines = _wire_lines()
    for screen, kinds in ((any_line(), "lines"), (any_trailer(), "trailers")):
        patterns = [rx for agency in all_agencies() for _, rx in getattr(agency, kinds)]
        hits = 0
        for line in lines:
            expected = any(rx.fullmatch(line) for rx in patterns)
            assert screen.fullmatch(line) == expected, (kinds, line)
            hits += expected
        assert hits > 0


def test_a_screen_tries_a_guarded_pattern_only_where_its_string_is() -> None:
    screen = Screen([(r"(?P<caption>.{10,}?)\s*\((?P<credit>AP Photo/[^)]{2,60})\)", 0), (r"\(END\)", 0)])
    assert screen.fullmatch("Firefighters on the ridge on Monday. (AP Photo/Noah Berger)")
    assert screen.fullmatch("(END)")
    assert not screen.fullmatch("Firefighters on the ridge on Monday. (Photo/Noah Berger)")


def test_space_runs_fold_exactly_as_a_plain_run_pattern() -> None:
    rng = random.Random(7)
    alphabet = " \t\n\u00a0\u2009\u200b\u3000\u202fab"
    for chars in (r"\s", r" \t\n\r\f\v\u00a0\u2009\u200a\u202f", r" \t\u00a0\u2000-\u200b\u202f\u205f\u3000"):
        plain, folded = re.compile(f"[{chars}]+"), space_runs(chars)
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            assert folded.sub(" ", text) == plain.sub(" ", text), (chars, text)


def test_the_byte_test_for_mojibake_sees_every_pair_the_text_test_sees() -> None:
    seconds = [chr(c) for c in range(0x80, 0x2200) if _MOJIBAKE.fullmatch("Ã" + chr(c))]
    assert len(seconds) > 60
    for lead in map(chr, range(0xC2, 0xF5)):
        for second in seconds:
            assert _MOJIBAKE_BYTES.search((lead + second).encode("utf-8")), (lead, second)


def test_word_counts_and_content_hashes_read_from_the_split_tokens_are_those_of_the_whole_text() -> None:
    import hashlib

    from wirenorm.normalizer.pipeline import _NO_WORD_TOKEN, content_hash, count_words

    rng = random.Random(11)
    pieces = ["said,", "U.S.", "--", "|", "•", "x_y", "١٢", "Straße", "ΟΔΟΣ", "İstanbul", "—", "(AP)", "...", "a"]
    spaces = [" ", "  ", "\n\n", "\u00a0", "\u2009", "\t"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) + rng.choice(spaces) for _ in range(rng.randint(0, 12)))
        tokens = text.split()
        assert count_words(text, tokens) == count_words(text) == len(tokens) - len(_NO_WORD_TOKEN.findall(text))
        folded = " ".join(text.lower().split())
        assert content_hash(text, tokens) == hashlib.sha256(folded.encode()).hexdigest()[:32], text
