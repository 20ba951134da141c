"""Compare records with the `# expect: field=value` lines of annotated pages.

Annotated pages (tests/fixtures/wire, the shared fixture format) state fields read off the page by a
person. This module turns each line into a check on a record, so that the parametrized fixture test
and `benchmarks/fields.py` judge a record the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wirenorm.normalizer.agencies import name_to_code

_NOTE = re.compile(r"^(?P<value>.*\S)\s+\((?:[^()]|\([^()]*\))*\)$")
_SEP_END = re.compile(r"\s*(?:—|–|--|-|:|\.-)\s*$")
_SPLIT = re.compile(r"\s*(?:,|;|\s+and\s+|\s+und\s+|\s+et\s+|\s+y\s+)\s*", re.I)
_PREFIX = re.compile(r"^(?:by|par|von|por)\s+", re.I)
# Fields whose expected text is furniture: it must be out of the body and kept in `removed` or a field.
FURNITURE_FIELDS = frozenset(
    [
        "separator",
        "contrib_trailer",
        "copyright",
        "trailer",
        "signoff",
        "disclaimer",
        "body_tail",
        "sports_trailer",
        "signoff_tail",
    ]
)
UNCHECKED = frozenset({"format"})  # descriptions of the page, not field values


@dataclass(frozen=True)
class Expectation:
    field: str
    value: str
    raw: str


def fold(text: str | None) -> str:
    """Compare text modulo Unicode form, quotes, dashes-as-spaces and whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split()).casefold()


def _is_note(inner: str) -> bool:
    """`(footer)` or `(sic, year rendered as 0)` is a remark; `(KNA)` or `(END)` is part of the value."""
    return " " in inner or not (inner.isupper() or name_to_code(inner))


def parse_expectations(header: dict[str, list[str]]) -> list[Expectation]:
    """`expect` lines (and the `agency` line) of an annotation header, notes in parentheses dropped."""
    out = []
    for line in header.get("expect", []):
        field, _, value = line.partition("=")
        clean = value.strip()
        if (m := _NOTE.match(clean)) and _is_note(clean[len(m.group("value")) :].strip()[1:-1]):
            clean = m.group("value")
        out.append(Expectation(field.strip(), clean, line))
    for agency in header.get("agency", []):
        out.append(Expectation("agency", agency.split("(")[0].strip(), agency))
    return out


def _in_removed(record: dict[str, Any], value: str) -> bool:
    """The expected furniture is in `removed` (or a field); ` / ` separates lines, `...` is a gap."""
    pieces = [fold(r["text"]) for r in record.get("removed") or []]
    pieces += [fold(record.get(k)) for k in ("photo_credit", "dateline", "desk_slug") if record.get(k)]
    joined = " ".join(pieces)
    for part in value.replace("<br>", " / ").split(" / "):
        want = fold(part).removesuffix(" lines").strip()
        rx = re.compile(".*".join(re.escape(w.strip()) for w in want.split("...")))
        if not (rx.search(joined) or any(rx.search(p) for p in pieces)):
            return False
    return True


def check(record: dict[str, Any], exp: Expectation) -> bool | None:
    """True/False for a checkable expectation, None when the line describes rather than states."""
    f, v = exp.field, exp.value
    if f in UNCHECKED:
        return None
    if f == "headline":
        return fold(record.get("headline")) == fold(v)
    if f == "headline_source_suffix":
        return fold(record.get("headline")).endswith(fold(v))
    if f == "dateline":
        if v.lower().startswith("none"):
            return record.get("dateline") is None
        return fold(record.get("dateline")) == fold(_SEP_END.sub("", v))
    if f == "agency":
        return record.get("agency") == name_to_code(v)
    if f == "byline":
        names = [n.strip(" .") for n in _SPLIT.split(_PREFIX.sub("", v)) if n.strip(" .")]
        people, agencies, after_agency = set(), set(), False
        for name in names:
            if code := name_to_code(name):
                agencies.add(code)
                after_agency = True
            elif not (after_agency and name.isupper() and len(name.split()) <= 3):  # "AFP, MANILA": a place
                people.add(fold(name))
                after_agency = False
        # an agency the page credits as author may stand in the byline too; the people must match
        got = {fold(n) for n in record.get("byline") or [] if not name_to_code(n)}
        return got == people and agencies <= set(record.get("agencies") or [])
    if f == "site":
        return fold(record.get("site_name")) == fold(v)
    if f == "published":
        got = record.get("published_at")
        if not got:
            return False
        got_dt = datetime.fromisoformat(got) if isinstance(got, str) else got
        if len(v) == 10:
            return got_dt.date().isoformat() == v
        return got_dt == datetime.fromisoformat(v.replace("Z", "+00:00"))
    if f == "photo_credit":
        return fold(record.get("photo_credit")) == fold(v) or _in_removed(record, v)
    if f == "subheads":
        return bool(record.get("subheads")) == (v.lower() == "present")
    if f == "slug":
        return fold(record.get("desk_slug")) == fold(v)
    if f in FURNITURE_FIELDS:
        paragraphs = [fold(p) for p in (record.get("body") or "").split("\n\n")]
        for line in (fold(p) for p in v.replace("<br>", " / ").split(" / ")):
            if "..." in line:  # a pattern, such as `Thunder: ...`; legit copy may share its head
                left = False
            elif len(line.split()) < 4:  # a short label: only a paragraph of its own counts
                left = line in paragraphs
            else:
                left = any(line in p for p in paragraphs)
            if left:
                return False
        return _in_removed(record, v)
    return None
