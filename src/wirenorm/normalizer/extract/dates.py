"""Dates as pages print them, in their own language: `6. Januar 2026`, `Jan 7, 2024`,
`06.01.2026 14:02`, `2024年5月2日`, `2024.05.02 오전 10:31`.

Month names come from dateparser's locale data (200 locales) rather than a hand-kept list; the
patterns are ours, because dateparser itself is slow (milliseconds a call) and gives up on a date
with words around it (`Veröffentlicht am 06.01.2026`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:[,\s]+(?:um\s+|à\s+|at\s+|kl\.?\s+|klo\s+|-\s+|\|\s*)?"
    r"(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
)
_NUMERIC = (
    # 2024-05-02, 2024/05/02, 2024.05.02, 2024년 5월 2일, 2024年5月2日
    re.compile(
        rf"(?<!\d){_YEAR}\s*(?:[-/.]|年|년)\s*(?P<month>[01]?\d)\s*(?:[-/.]|月|월)\s*(?P<day>[0-3]?\d)(?:日|일)?(?!\d)"
        rf"(?:[^\d\n]{{0,12}}?(?:(?P<pm2>오후|午後|PM|pm)\s*)?(?P<hour2>[0-2]?\d)[:時시](?P<minute2>[0-5]\d))?"
    ),
    # 06.01.2026, 6/1/2026, 06-01-2026 (day first: the order of most of the world's pages)
    re.compile(rf"(?<![\d.])(?P<day>[0-3]?\d)[./-](?P<month>[01]?\d)[./-]{_YEAR}{_TIME}"),
)


@cache
def _month_names(language: str | None) -> dict[str, int]:
    """Month names and abbreviations -> number, for one language (None: all languages, where a
    name that means two months in different languages is left out)."""
    from dateparser.languages.loader import default_loader

    names: dict[str, set[int]] = {}
    locales = default_loader.get_locales(languages=[language]) if language else default_loader.get_locales()
    try:
        for locale in locales:
            for number, key in enumerate(_MONTH_KEYS, 1):
                for word in locale.info.get(key, []):
                    word = word.lower().rstrip(".")
                    if len(word) >= 3 and not word.isdigit():
                        names.setdefault(word, set()).add(number)
    except ValueError:  # a language dateparser does not know
        return _month_names(None) if language else {}
    return {w: next(iter(n)) for w, n in names.items() if len(n) == 1}


@cache
def _worded(language: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = sorted(_month_names(language) | _month_names("en"), key=len, reverse=True)
    month = "(?P<month>" + "|".join(re.escape(n) for n in names) + r")\.?"
    day_first = re.compile(
        rf"(?<!\d)(?P<day>[0-3]?\d)(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?{month}(?:\s+de)?,?\s+{_YEAR}{_TIME}", re.I
    )
    # (a month a dump glued to the word before it still starts a date: "Associated PressApril 28, 2023")
    month_first = re.compile(
        rf"(?:(?<!\w)|(?<=[a-zà-ÿ])(?-i:(?=[A-ZÀ-Þ]))){month}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}{_TIME}",
        re.I,
    )
    return day_first, month_first


def _hour(m: re.Match[str]) -> tuple[int, int]:
    groups = m.groupdict()
    hour, minute = groups.get("hour") or groups.get("hour2"), groups.get("minute") or groups.get("minute2")
    if hour is None or minute is None:
        return 0, 0
    h = int(hour)
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if (ampm == "pm" or groups.get("pm2")) and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    return (h, int(minute)) if h < 24 else (0, 0)


def find_date(text: str, language: str | None = None) -> datetime | None:
    """The first full date (day, month, year) printed in `text`, in UTC (a printed time without a
    zone is taken as UTC); None when the text holds no such date."""
    if not re.search(r"(?:19|20)\d\d", text):
        return None
    found: list[tuple[int, datetime]] = []
    patterns = (*_NUMERIC, *_worded(language))
    for rx in patterns:
        for m in rx.finditer(text):
            month_text = m.group("month")
            month = int(month_text) if month_text.isdigit() else _lookup(month_text, language)
            try:
                when = datetime(int(m.group("year")), month or 0, int(m.group("day")), *_hour(m), tzinfo=UTC)
            except ValueError:
                continue
            found.append((m.start(), when))
            break
    return min(found)[1] if found else None


def _lookup(word: str, language: str | None) -> int | None:
    word = word.lower().rstrip(".")
    return _month_names(language).get(word) or _month_names("en").get(word)


def is_month(word: str) -> bool:
    """`Apr`, `Febbraio`, `März.`: a month's name in any language we read dates in."""
    return _lookup(word, None) is not None


# a date with a two-digit year on a line of its own, as German and Nordic sites print it under a
# headline: "25.4.24", "15.10.24 23:35", "Fr 25.04.24, 08:18 Uhr" (in running text "1.2.24" may be a
# version or a score: only the whole short line is read)
_SHORT_YEAR = re.compile(
    r"(?:\w{2,3}\.?,?\s+)?(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2})"
    r"(?:,?\s+(?:um\s+)?(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:\s*Uhr)?)?"
)


def short_date(text: str) -> datetime | None:
    """The date of a line that is only a `d.m.yy` date (and a time), in UTC; None otherwise."""
    if len(text) > 30 or not (m := _SHORT_YEAR.fullmatch(text.strip())):
        return None
    try:
        return datetime(
            2000 + int(m.group("year")),
            int(m.group("month")),
            int(m.group("day")),
            int(m.group("hour") or 0),
            int(m.group("minute") or 0),
            tzinfo=UTC,
        )
    except ValueError:
        return None
