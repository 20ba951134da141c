"""How a record is scored against what a person read off the page: the customary metrics of
article extraction, shared by the benchmarks and the regression tests so both judge alike.

- body: `\\w+` tokens of the NFC text (a page in decomposed form, `u` + combining diaeresis, is the
  same text as its composed form), 4-token shingles with counts; precision and recall per page;
  F1 of the means;
- title: exact after Unicode NFKC and whitespace folding;
- authors: set F1 on lower-cased names;
- date: the same calendar day.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text or ""))
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def body_pr(pred: str, truth: str) -> tuple[float | None, float | None]:
    """Precision and recall of one page's text; None where undefined (nothing predicted or true)."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
    return (tp / (tp + fp) if tp + fp else None), (tp / (tp + fn) if tp + fn else None)


def best_body_pr(pred: str, truths: Iterable[str | None]) -> tuple[float | None, float | None]:
    """The better (by F1) of several acceptable truths, e.g. with and without the standfirst."""
    best: tuple[float, tuple[float | None, float | None]] | None = None
    for truth in truths:
        if not truth:
            continue
        p, r = body_pr(pred, truth)
        f = f1(p or 0.0, r or 0.0)
        if best is None or f > best[0]:
            best = (f, (p, r))
    return best[1] if best else (None, None)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def mean_pr(pairs: Sequence[tuple[float | None, float | None]]) -> tuple[float, float, float]:
    """Mean precision, mean recall (each over the pages where it is defined) and their F1."""
    ps = [p for p, _ in pairs if p is not None]
    rs = [r for _, r in pairs if r is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, f1(p, r)


def fold(text: str | None) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def title_exact(pred: str | None, truth: str) -> bool:
    return fold(pred) == fold(truth)


def author_f1(pred: Iterable[str], truth: Iterable[str]) -> float:
    p = {fold(a).lower() for a in pred if fold(a)}
    t = {fold(a).lower() for a in truth if fold(a)}
    if not p and not t:
        return 1.0
    tp = len(p & t)
    return f1(tp / len(p) if p else 0.0, tp / len(t) if t else 0.0)


def same_day(pred: datetime | date | None, truth: str) -> bool:
    if pred is None:
        return False
    want = datetime.fromisoformat(truth.replace("Z", "+00:00"))
    got = pred if isinstance(pred, datetime) else datetime.combine(pred, datetime.min.time())
    if got.tzinfo is not None and want.tzinfo is not None:
        # the day as the page prints it: in the page's own zone (the truth keeps its offset)
        got = got.astimezone(want.tzinfo)
    return got.date() == want.date()
