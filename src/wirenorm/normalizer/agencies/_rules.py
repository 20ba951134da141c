"""The vocabulary agency rule files are written in.

An agency file declares data only: the tags its datelines carry, the trailers and credits it
leaves in copy. `wirenorm.normalizer.wire` is the one engine that applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Dash and separator inventory observed after agency tags (CONVENTIONS.md section 7).
DASH = r"(?:—|–|--|-|‒|―)"
SEP = rf"(?:\s*{DASH}+\s*|\s*:\s*|\.-\s*|\.\s+)"
# "Nov 24", "Dec. 16", "March 13", "April 25, 2023", "24 Nov"
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE = rf"(?:{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?)"
# A dateline place: capitalised, short, no sentence punctuation; may carry "(Country)" and
# "[Country]" qualifiers as France 24 and ANI print them.
PLACE = (
    r"[A-ZÀ-ÞĀ-Ž][^\n()\[\]:;\"“”.!?]{0,40}?(?:\.[^\n()\[\]:;\"“”!?]{0,30}?)*"
    r"(?:\s*\([^()\n]{2,40}\))?(?:\s*\[[^\]\n]{2,30}\])?"
)


@dataclass(frozen=True)
class Pattern:
    """A regex and what it means: `kind` names the field or removed-kind it feeds."""

    kind: str
    regex: str
    flags: int = 0

    def compile(self) -> re.Pattern[str]:
        return re.compile(self.regex, self.flags)


@dataclass(frozen=True)
class Agency:
    """Conventions of one news agency, as observed on real pages.

    - `code`: the normalized code written to `agency` / `agencies` (e.g. `AFP`, `REUTERS`).
    - `names`: how bylines and credits name it (matched whole, case-insensitive).
    - `tags`: what stands in a dateline's parentheses, e.g. `AP` in `LONDON (AP) —`.
    - `datelines`: extra dateline regexes for forms the generic `PLACE, DATE (TAG) -` misses;
      named groups `place` and `date` are read.
    - `trailers`: whole blocks at the end of the copy (sign-offs, copyright, slugs), by kind.
    - `tails`: trailers glued to the end of the last paragraph (`... said Lim.  AFP`).
    - `lines`: blocks anywhere in the body that are furniture (photo credits, separators).
    - `credits`: photo-credit regexes whose match credits this agency (group `credit`).
    - `subhead`: regex for in-body subheads with the heading text in group `text`.
    - `marks`: literal text at least one of which stands in every page-wide line of this agency
      (copyright, sign-off, id, source lines). The engine reads a page line against the agency
      patterns only when it holds some agency's mark: a cheap prefilter derived from these files.
    - `dateline_marks`: literal text that marks a dateline without brackets (`/TASS/`).
    """

    code: str
    names: tuple[str, ...]
    tags: tuple[str, ...] = ()
    datelines: tuple[str, ...] = ()
    trailers: tuple[Pattern, ...] = ()
    tails: tuple[Pattern, ...] = ()
    lines: tuple[Pattern, ...] = ()
    credits: tuple[str, ...] = ()
    subhead: str | None = None
    language: str | None = None
    marks: tuple[str, ...] = ()
    dateline_marks: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
