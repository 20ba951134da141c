"""What a regular expression cannot match without: literal strings read off its syntax tree.

A pattern such as `.{10,}?\\s*\\(AP Photo/[^)]+\\)` walks every position of every paragraph
before it fails; `"AP Photo/" in text` fails in a fraction of that time. `needs(pattern)` finds
such strings for any pattern, so a rule file declares its regex and nothing else: a pattern is
tried on a text only when one of its needed strings is in it. Patterns the reading cannot make
sure of (case-insensitive ones, or ones with no required literal) need nothing and are always tried.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser re itself uses: one syntax tree, the engine's own reading of the pattern
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11 names them sre_*
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

NEED_MIN = 2  # a single character is in almost every text: no use as a test


def needs(pattern: str | re.Pattern[str], flags: int = 0) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains; () when none is certain."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        tree = _p.parse(pattern, flags)
    except Exception:
        return ()
    if tree.state.flags & re.IGNORECASE:
        return ()
    found = _sequence(list(tree))
    return found if found and all(len(s) >= NEED_MIN for s in found) else ()


def _sequence(items: list[tuple[Any, Any]]) -> tuple[str, ...]:
    """The best requirement of a sequence: its longest literal run, or the one of its required
    parts whose shortest alternative is longest."""
    best: tuple[str, ...] = ()
    run: list[str] = []

    def consider(option: tuple[str, ...]) -> None:
        nonlocal best
        if option and (not best or min(map(len, option)) > min(map(len, best))):
            best = option

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        consider(("".join(run),) if run else ())
        run = []
        consider(_item(op, av))
    consider(("".join(run),) if run else ())
    return best


def _item(op: Any, av: Any) -> tuple[str, ...]:
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return () if add_flags & re.IGNORECASE else _sequence(list(sub))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))
    if op is _c.ASSERT:  # a lookahead or lookbehind must hold as well
        return _sequence(list(av[1]))
    if op is _c.BRANCH:
        options: list[str] = []
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if not found:
                return ()
            options.extend(found)
        return tuple(dict.fromkeys(options))
    return ()


def may_match(required: tuple[str, ...], text: str) -> bool:
    """False when `text` lacks every string of `required` (then the pattern cannot match it)."""
    if not required:
        return True
    for needed in required:  # noqa: SIM110 - a plain loop: most need one string, `any` costs a generator
        if needed in text:
            return True
    return False


RUN_MIN = 10  # a pattern opening with a run of any characters this long may be tried at every split point


def opens_with_run(pattern: re.Pattern[str]) -> bool:
    """The pattern starts with a long run of (nearly) any character (`.{10,}?`, `[^\\n]{0,200}`):
    matched against a whole text, the engine tries the rest of it after every length of that run."""
    try:
        items = list(_p.parse(pattern.pattern, pattern.flags))
    except Exception:
        return False
    while items and items[0][0] is _c.SUBPATTERN:
        items = list(items[0][1][3])
    if not items or items[0][0] not in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return False
    _low, high, item = items[0][1]
    repeated = list(item)
    wide = len(repeated) == 1 and (
        repeated[0][0] in (_c.ANY, _c.NOT_LITERAL)
        or (repeated[0][0] is _c.IN and repeated[0][1] and repeated[0][1][0][0] is _c.NEGATE)
    )
    return wide and high >= RUN_MIN


class Screen:
    """Whether any of several patterns may match a whole text, in one test, for the common case
    that none does. One union holds the patterns; those that open with a long run of any character
    (a caption `.{10,}?\\s*\\(AP Photo/...\\)`) stay out of it, since the union would try them after
    every prefix of every text, and are tried only on texts that hold a string they need."""

    def __init__(self, patterns: list[tuple[str, int]]) -> None:
        """`patterns`: (regex, flags) pairs, group names allowed (they are dropped in the union)."""
        free, guarded = [], []
        for regex, flags in patterns:
            compiled = re.compile(regex, flags)
            required = needs(compiled)
            if required and opens_with_run(compiled):
                guarded.append((required, compiled))
            else:
                free.append(_scoped(regex, flags))
        self._union = re.compile("|".join(free)) if free else None
        self._guarded = tuple(guarded)

    def fullmatch(self, text: str) -> bool:
        if self._union is not None and self._union.fullmatch(text) is not None:
            return True
        return any(may_match(required, text) and rx.fullmatch(text) for required, rx in self._guarded)


def _scoped(regex: str, flags: int) -> str:
    """A pattern as one alternative of a union: its flags scoped to it, its group names dropped."""
    body = re.sub(r"\(\?P<\w+>", "(?:", regex)
    scoped = ("i" if flags & re.I else "") + ("s" if flags & re.S else "")
    return f"(?{scoped}:{body})" if scoped else f"(?:{body})"
