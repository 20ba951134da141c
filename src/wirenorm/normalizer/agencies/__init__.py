"""Agency conventions, one module per agency; this package finds and compiles them.

Adding an agency is adding a module here that defines `AGENCY = Agency(...)`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import cache

from wirenorm.normalizer.agencies._rules import DATE, PLACE, SEP, Agency, Pattern
from wirenorm.normalizer.prefilter import Screen, needs

__all__ = [
    "Agency",
    "CompiledAgency",
    "Pattern",
    "all_agencies",
    "by_code",
    "credited_in",
    "dateline_hint",
    "page_mark_pattern",
    "page_marks",
]


@dataclass(frozen=True)
class CompiledAgency:
    """An Agency with its regexes compiled once; what the engine uses."""

    rule: Agency
    # each dateline form with the strings one of which it cannot match without (its tags, read
    # off the regex): a substring test is far cheaper than the regex on a paragraph naming no agency
    datelines: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    weak_dateline: re.Pattern[str] | None
    trailers: tuple[tuple[str, re.Pattern[str]], ...]
    tails: tuple[tuple[str, re.Pattern[str]], ...]
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    credits: tuple[re.Pattern[str], ...]
    name: re.Pattern[str]
    subhead: re.Pattern[str] | None

    @property
    def code(self) -> str:
        return self.rule.code


def _full(p: Pattern) -> tuple[str, re.Pattern[str]]:
    return p.kind, re.compile(rf"(?:{p.regex})", p.flags)


def _compile(rule: Agency) -> CompiledAgency:
    forms = [re.compile(rf"^(?P<dateline>{d})") for d in rule.datelines]
    if rule.tags:
        tags = "|".join(re.escape(t) for t in rule.tags)
        # PLACE[, DATE] (TAG)[ DATE] SEP  -- the generic form shared by most agencies.
        generic = re.compile(
            # a relay's credit glued before it: "MENAFN - IANS) London, Jan 30 (IANS) ..."
            rf"^(?P<relay>[A-Z][\w.]*(?: [\w.]+){{0,3}}\s*-\s*(?:{tags})\)\s*)?"
            rf"(?P<dateline>(?:(?P<place>{PLACE}?)\s*,?\s*(?:(?P<date>{DATE})\s*)?)?"
            rf"[(\[]\s*(?:{tags})\s*[)\]](?:\s+(?P<date2>{DATE}))?)(?:{SEP}|\s+(?=[A-ZÀ-Þ\"“‘']))"
        )
        # the relay's credit alone, where the copy has no dateline of its own: "MENAFN - IANS) Britain's ..."
        relay = re.compile(rf"^(?P<dateline>[A-Z][\w.]*(?: [\w.]+){{0,3}}\s*-\s*(?:{tags})\))\s*")
        forms += [generic, relay]
    weak = rule.extra.get("weak_dateline")
    names = "|".join(re.escape(n) for n in sorted(rule.names, key=len, reverse=True))
    return CompiledAgency(
        rule=rule,
        datelines=tuple((form, needs(form)) for form in forms),
        weak_dateline=re.compile(rf"^(?P<dateline>{weak})") if weak else None,
        trailers=tuple(_full(p) for p in rule.trailers),
        tails=tuple((p.kind, re.compile(rf"(?:{p.regex})$", p.flags)) for p in rule.tails),
        lines=tuple(_full(p) for p in rule.lines),
        credits=tuple(re.compile(c) for c in rule.credits),
        name=re.compile(rf"^(?:by\s+)?(?:{names})$", re.I),
        subhead=re.compile(rf"^{rule.subhead}$") if rule.subhead else None,
    )


@cache
def all_agencies() -> tuple[CompiledAgency, ...]:
    """Every agency module in this package, compiled, in a stable order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule = getattr(module, "AGENCY", None)
        if not isinstance(rule, Agency):
            raise TypeError(f"agency module {module.__name__} defines no AGENCY = Agency(...)")
        found.append(_compile(rule))
    return tuple(found)


@cache
def any_trailer() -> Screen:
    """Whether any agency's trailer may match a line: a cheap first test per block."""
    return Screen([(p.regex, p.flags) for a in all_agencies() for p in a.rule.trailers])


@cache
def any_line() -> Screen:
    """Whether any agency's furniture line may match a line."""
    return Screen([(p.regex, p.flags) for a in all_agencies() for p in a.rule.lines])


@cache
def page_marks() -> tuple[str, ...]:
    """Every agency's marks of page-wide lines (see `Agency.marks`), once each."""
    return tuple(dict.fromkeys(m for a in all_agencies() for m in a.rule.marks))


@cache
def page_mark_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(m) for m in page_marks()), re.I)


@cache
def dateline_hint() -> re.Pattern[str]:
    """A bracket (most agencies tag datelines `(AP)`), or an agency's unbracketed mark."""
    marks = [re.escape(m) for a in all_agencies() for m in a.rule.dateline_marks]
    return re.compile("|".join([r"[(\[]", *marks]))


def by_code(code: str) -> CompiledAgency:
    for agency in all_agencies():
        if agency.code == code:
            return agency
    raise KeyError(code)


def credited_in(text: str) -> list[str]:
    """Agency codes a credit string (photo credit, source line) names, in order of appearance."""
    hits: list[tuple[int, str]] = []
    for agency in all_agencies():
        positions = [m.start() for c in agency.credits if (m := c.search(text))]
        if positions:
            hits.append((min(positions), agency.code))
    return [code for _, code in sorted(hits)]


def name_to_code(name: str) -> str | None:
    """The agency a byline entry names (`Associated Press` -> `AP`), or None for a person."""
    cleaned = name.strip().strip(".,;")
    for agency in all_agencies():
        if agency.name.match(cleaned):
            return agency.code
    return None
