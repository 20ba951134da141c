"""What a regular expression cannot match without: literal strings read off its syntax tree.

A pattern such as `.{10,}?\\s*\\(AP Photo/[^)]+\\)` walks every position of every paragraph
before it fails; `"AP Photo/" in text` fails in a fraction of that time. `needs(pattern)` finds
such strings for any pattern, so a rule file declares its regex and nothing else: a pattern is
tried on a text only when one of its needed strings is in it. Patterns with no required literal
need nothing and are always tried.

Case-insensitive patterns are read *folded*: their strings lower-cased, to be looked for in the
lower-cased text. `str.lower()` and `re`'s case-insensitive matching agree on every character but
a few (`ı`, `ſ`, Greek sigmas, the `İ` that lowers to two characters): needed strings are cut at
those, and a text that holds one is always tried.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ahocorasick

try:  # the parser re itself uses: one syntax tree, the engine's own reading of the pattern
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11 names them sre_*
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

NEED_MIN = 2  # a single character is in almost every text: no use as a test


def _fold_unsafe() -> re.Pattern[str]:
    """Characters on which `str.lower()` and case-insensitive `re` disagree: those `re` pairs
    beyond lower-casing (`ı`/`i`, `ſ`/`s`, `ς`/`σ`, ...) and the dot `İ` lowers to."""
    try:
        from re._casefix import _EXTRA_CASES  # the pairs re's compiler adds to lower-casing

        chars = {chr(c) for key, extra in _EXTRA_CASES.items() for c in (key, *extra) if c > 0x7F}
    except ImportError:  # pragma: no cover - another re: trust no character beyond ASCII
        return re.compile(r"[^\x00-\x7f]")
    return re.compile("[" + "".join(sorted(chars | {"\u0307"})) + "]")


FOLD_UNSAFE = _fold_unsafe()


def needs(
    pattern: str | re.Pattern[str], flags: int = 0, *, folded: bool = False, shortest: int = NEED_MIN
) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains; () when none is certain.

    `folded`: lower-cased strings to look for in the lower-cased text (see the module's note), read
    also off case-insensitive patterns, which otherwise need nothing. `shortest`: the shortest
    string worth a test (one character is worth it where all strings are looked for in one pass).
    """
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        tree = _p.parse(pattern, flags)
    except Exception:
        return ()
    if tree.state.flags & re.IGNORECASE and not folded:
        return ()
    found = _sequence(list(tree), folded)
    if folded:
        found = tuple(dict.fromkeys(max(FOLD_UNSAFE.split(s.lower()), key=len) for s in found))
    return found if found and all(len(s) >= shortest for s in found) else ()


def _sequence(items: list[tuple[Any, Any]], folded: bool = False) -> tuple[str, ...]:
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
        consider(_item(op, av, folded))
    consider(("".join(run),) if run else ())
    return best


def _item(op: Any, av: Any, folded: bool) -> tuple[str, ...]:
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return () if add_flags & re.IGNORECASE and not folded else _sequence(list(sub), folded)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]), folded)
    if op is _c.ASSERT:  # a lookahead or lookbehind must hold as well
        return _sequence(list(av[1]), folded)
    if op is _c.BRANCH:
        options: list[str] = []
        for alternative in av[1]:
            found = _sequence(list(alternative), folded)
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
        for required, rx in self._guarded:  # noqa: SIM110 - a plain loop: `any` costs a generator a call
            if may_match(required, text) and rx.fullmatch(text):
                return True
        return False


def _scoped(regex: str, flags: int) -> str:
    """A pattern as one alternative of a union: its flags scoped to it, its group names dropped."""
    body = re.sub(r"\(\?P<\w+>", "(?:", regex)
    scoped = ("i" if flags & re.I else "") + ("s" if flags & re.S else "")
    return f"(?{scoped}:{body})" if scoped else f"(?:{body})"


class Vocabulary:
    """Named patterns tried on a whole text in order, the first that fits naming it: what a union
    with a named group per pattern answers, for texts that mostly fit none. A case-insensitive
    union of long word lists tries every word at every place a run (`.{0,80}`) or lookahead
    (`(?=.*...)`) lets it; one pass of a multi-string search (Aho-Corasick) over the lower-cased
    text finds which patterns' needed words it holds, and only those are tried, with the patterns
    that need none."""

    def __init__(self, rules: Sequence[tuple[str, str]], flags: int = re.IGNORECASE) -> None:
        self._rules = tuple((name, re.compile(rx, flags)) for name, rx in rules)
        self._union = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in rules), flags)
        by_word: dict[str, set[int]] = {}
        always: set[int] = set()
        for i, (_name, rx) in enumerate(rules):
            words = needs(rx, flags, folded=True, shortest=1)
            if not words:
                always.add(i)
            for word in words:
                by_word.setdefault(word, set()).add(i)
        self._always = frozenset(always)
        self._words = _automaton({word: frozenset(indexes) for word, indexes in by_word.items()})

    def first(self, text: str) -> str | None:
        """The name of the first pattern that matches all of `text`, or None."""
        low = text.lower()
        if not low.isascii() and FOLD_UNSAFE.search(low):
            m = self._union.fullmatch(text)
            return m.lastgroup if m else None
        present = set(self._always)
        if self._words is not None:
            for _end, indexes in self._words.iter(low):
                present |= indexes
        for i in sorted(present):
            name, rx = self._rules[i]
            if rx.fullmatch(text):
                return name
        return None


class Searcher:
    """`pattern.search`, for texts most of which hold none of the strings the pattern needs: one
    pass of a multi-string search over the text (lower-cased for a case-insensitive pattern)
    answers those without the regex engine, which tries every alternative at every position."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._folded = bool(pattern.flags & re.IGNORECASE)
        words = needs(pattern, folded=self._folded, shortest=1)
        self._words = _automaton(dict.fromkeys(words)) if words else None

    def search(self, text: str) -> re.Match[str] | None:
        if self._words is not None:
            probe = text.lower() if self._folded else text
            sure = not self._folded or probe.isascii() or not FOLD_UNSAFE.search(probe)
            if sure and next(self._words.iter(probe), None) is None:
                return None
        return self.pattern.search(text)


def _automaton(words: dict[str, Any]) -> Any:
    """An Aho-Corasick automaton over `words`, each found with its value; None for no words."""
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton
