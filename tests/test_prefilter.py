"""Prefilters must never turn a match away: what a regex needs is checked against real lines."""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

import pytest

from wirenorm.normalizer.agencies import all_agencies, any_line, any_trailer
from wirenorm.normalizer.parse import _MOJIBAKE, _MOJIBAKE_BYTES
from wirenorm.normalizer.prefilter import Screen, may_match, needs, opens_with_run
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
