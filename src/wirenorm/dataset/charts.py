"""Charts for the dataset report, written as inline SVG: no script, no network, and the same
picture in any browser, a mail client or a file opened years later.

Each function takes plain data and returns one `<svg>` element as text, sized for laptop width
(the report lays them out one per row). The three kinds the report needs are written here
directly: matplotlib drew them in 40-65 ms a chart after a 0.3 s import, a fifth to a third of what
a run of 1,000 new pages spent beyond normalizing them; these take about a millisecond. Text stays text
(selectable, searchable); its width is estimated from the character count, with room to spare.
What stands for data (a series' bars, a line and its points, a story's bar) has class "mark".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

WIDTH, HEIGHT = 960, 340  # px
PALETTE = (
    "#4269d0",
    "#efb118",
    "#ff725c",
    "#6cc5b0",
    "#3ca951",
    "#ff8ab7",
    "#a463f2",
    "#97bbf5",
    "#9c6b4e",
    "#9498a0",
)
FONT = 11  # px
INK, GRID = "#222", "#e4e4e4"
MAX_X_LABELS = 12


def _width(text: str, size: float = FONT) -> float:
    """A generous estimate of a sans-serif text's width (no font metrics without a renderer)."""
    return len(text) * size * 0.62


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = GRID) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"/>'


@dataclass(frozen=True)
class _Frame:
    """The plotting area inside a picture of `width` x `height` px."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.left

    @property
    def x1(self) -> float:
        return self.width - self.right

    @property
    def y0(self) -> float:  # the bottom of the plot
        return self.height - self.bottom

    @property
    def y1(self) -> float:
        return self.top

    def x(self, fraction: float) -> float:
        return self.x0 + fraction * (self.x1 - self.x0)

    def y(self, fraction: float) -> float:
        return self.y0 - fraction * (self.y0 - self.y1)


def nice_ticks(top: float, count: int = 5, integer: bool = False) -> list[float]:
    """Ticks from 0 to at least `top` at a step of 1, 2 or 5 times a power of ten (whole numbers
    for counts)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if integer:
        step = max(1.0, float(round(step)))
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def _svg(frame: _Frame, title: str, parts: list[str], title_x: float | None = None) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(frame.width)}" height="{_n(frame.height)}" '
        f'viewBox="0 0 {_n(frame.width)} {_n(frame.height)}" role="img" aria-label="{_t(title)}" '
        f'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="{FONT}" '
        f'fill="{INK}"><title>{_t(title)}</title>'
        f'<text x="{_n(frame.x0 if title_x is None else title_x)}" y="16" font-size="13" '
        f'font-weight="bold">{_t(title)}</text>' + "".join(parts) + "</svg>"
    )


def _legend(frame: _Frame, names: Sequence[str]) -> list[str]:
    """A swatch and a name per series, to the right of the plot, in series order."""
    x = frame.x1 + 14
    out = []
    for i, name in enumerate(names):
        y = frame.y1 + 4 + i * 17
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>')
        out.append(f'<text x="{_n(x + 15)}" y="{_n(y + 9)}" font-size="10">{_t(name)}</text>')
    return out


def _value_axis(frame: _Frame, ticks: Sequence[float], label: str, fmt: Callable[[float], str]) -> list[str]:
    """Horizontal grid lines with their values on the left, and the axis title turned upright."""
    top = ticks[-1] or 1
    out = []
    for tick in ticks:
        y = frame.y(tick / top)
        out.append(_line(frame.x0, y, frame.x1, y))
        out.append(f'<text x="{_n(frame.x0 - 6)}" y="{_n(y + 4)}" text-anchor="end">{_t(fmt(tick))}</text>')
    middle = (frame.y0 + frame.y1) / 2
    out.append(f'<text transform="translate(14 {_n(middle)}) rotate(-90)" text-anchor="middle">{_t(label)}</text>')
    out.append(_line(frame.x0, frame.y0, frame.x1, frame.y0, INK))
    return out


def _x_labels(frame: _Frame, at: Sequence[tuple[float, str]], label: str, rotate: bool) -> list[str]:
    """Tick marks and labels under the plot (turned 30 degrees when long), and the axis title."""
    out = []
    for x, text in at:
        out.append(_line(x, frame.y0, x, frame.y0 + 4, INK))
        if rotate:
            out.append(
                f'<text transform="translate({_n(x + 3)} {_n(frame.y0 + 14)}) rotate(-30)" '
                f'text-anchor="end">{_t(text)}</text>'
            )
        else:
            out.append(f'<text x="{_n(x)}" y="{_n(frame.y0 + 17)}" text-anchor="middle">{_t(text)}</text>')
    middle = (frame.x0 + frame.x1) / 2
    out.append(f'<text x="{_n(middle)}" y="{_n(frame.height - 6)}" text-anchor="middle">{_t(label)}</text>')
    return out


def _frame(height: float, value_labels: Sequence[str], names: Sequence[str], x_labels: Sequence[str]) -> _Frame:
    """Margins that hold the value labels, the legend and the (turned) x labels."""
    left = 30 + max((_width(v) for v in value_labels), default=0) + 8
    right = 14 + 15 + max((_width(n, 10) for n in names), default=0) + 20 if names else 16
    longest = max((_width(v) for v in x_labels), default=0)
    bottom = 24 + longest * 0.5 + 14 if x_labels else 40
    return _Frame(WIDTH, height, left, min(right, WIDTH * 0.35), 30, bottom)


def _label(v: date | datetime | str) -> str:
    return v.strftime("%Y-%m-%d") if isinstance(v, (date, datetime)) else str(v)


def stacked_bars(
    x: Sequence[date | datetime | str],
    series: Mapping[str, Sequence[float]],
    title: str,
    xlabel: str,
    ylabel: str,
) -> str:
    """Bars stacked per x value, one colour per series (in the order given), a path per series."""
    labels = [_label(v) for v in x]
    totals = [sum(values[i] for values in series.values()) for i in range(len(x))]
    ticks = nice_ticks(max(totals, default=0), integer=True)
    fmt = "{:,.0f}".format
    step = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    shown = labels[::step]
    frame = _frame(HEIGHT, [fmt(t) for t in ticks], list(series), shown)
    slot = (frame.x1 - frame.x0) / max(len(x), 1)
    parts = _value_axis(frame, ticks, ylabel, fmt)
    bottom = [0.0] * len(x)
    scale = (frame.y0 - frame.y1) / (ticks[-1] or 1)
    for i, values in enumerate(series.values()):
        rects = []
        for p, v in enumerate(values):
            if v:  # a series absent on most days draws nothing there
                left, top = frame.x0 + (p + 0.1) * slot, frame.y0 - (bottom[p] + v) * scale
                rects.append(f"M{_n(left)} {_n(top)}h{_n(slot * 0.8)}v{_n(v * scale)}h{_n(-slot * 0.8)}z")
                bottom[p] += v
        if rects:
            parts.append(f'<path class="mark" d="{"".join(rects)}" fill="{PALETTE[i % len(PALETTE)]}"/>')
    at = [(frame.x0 + (p + 0.5) * slot, labels[p]) for p in range(0, len(labels), step)]
    parts += _x_labels(frame, at, xlabel, rotate=True)
    parts += _legend(frame, list(series))
    return _svg(frame, title, parts)


_MINUTE, _HOUR, _DAY = 60, 3600, 86400
# tick steps in seconds: the first that leaves at most MAX_TIME_TICKS ticks over the span is used
_TIME_STEPS = (
    *(1, 2, 5, 10, 15, 30),
    *(m * _MINUTE for m in (1, 2, 5, 10, 15, 30)),
    *(h * _HOUR for h in (1, 2, 3, 6, 12)),
    *(d * _DAY for d in (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826)),
)
MAX_TIME_TICKS = 7


def time_ticks(start: datetime, end: datetime) -> list[tuple[datetime, str]]:
    """Instants at a round step (10 s, 5 min, 6 h, a week...) within the span, each labelled as
    precisely as the step needs; a span of nothing gets its one instant."""
    span = (end - start).total_seconds()
    step = next((s for s in _TIME_STEPS if span / s <= MAX_TIME_TICKS - 1), _TIME_STEPS[-1])
    if step < _MINUTE:
        fmt = "%H:%M:%S"
    elif step < _DAY:
        fmt = "%H:%M" if start.date() == end.date() else "%m-%d %H:%M"
    else:
        fmt = "%Y-%m-%d"
    if span <= 0:
        return [(start, start.strftime(fmt))]
    epoch = datetime(1970, 1, 1, tzinfo=start.tzinfo)
    first = math.ceil((start - epoch).total_seconds() / step) * step
    out = []
    at = epoch + timedelta(seconds=first)
    while at <= end:
        out.append((at, at.strftime(fmt)))
        at += timedelta(seconds=step)
    return out


def lines(
    x: Sequence[datetime],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    xlabel: str,
    ylabel: str,
    percent: bool = False,
) -> str:
    """One line with markers per series over time (a step shows the run where something broke);
    a missing value breaks the line."""
    values = [v for vs in series.values() for v in vs if v is not None]
    ticks = [0.0, 0.25, 0.5, 0.75, 1.0] if percent else nice_ticks(max(values, default=0))
    fmt = (lambda v: f"{v:.0%}") if percent else (lambda v: f"{v:,g}")
    start, end = (min(x), max(x)) if x else (datetime.min, datetime.min)
    ticks_at = time_ticks(start, end) if x else []
    frame = _frame(HEIGHT * 0.85, [fmt(t) for t in ticks], list(series), [])
    span = (end - start).total_seconds()

    def px(t: datetime) -> float:
        return frame.x(0.5 if span <= 0 else (t - start).total_seconds() / span)

    top = ticks[-1] or 1
    parts = _value_axis(frame, ticks, ylabel, fmt)
    for i, vs in enumerate(series.values()):
        colour = PALETTE[i % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for t, v in zip(x, vs, strict=True):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((px(t), frame.y(v / top)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_n(a)},{_n(b)}" for a, b in run)
                parts.append(
                    f'<polyline class="mark" points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
                )
            parts += [f'<circle class="mark" cx="{_n(a)}" cy="{_n(b)}" r="2.5" fill="{colour}"/>' for a, b in run]
    parts += _x_labels(frame, [(px(t), text) for t, text in ticks_at], xlabel, rotate=False)
    parts += _legend(frame, list(series))
    return _svg(frame, title, parts)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str) -> str:
    """Largest first, from the top; each bar's label on its left."""
    shown = [label if len(label) <= 70 else label[:67] + "..." for label in labels]
    ticks = nice_ticks(max(values, default=0), integer=True)
    row = 24
    height = max(200, 30 + row * len(values) + 44)
    left = 10 + max((_width(s) for s in shown), default=0) + 8
    frame = _Frame(WIDTH, height, min(left, WIDTH * 0.55), 24, 30, 44)
    top = ticks[-1] or 1
    parts = []
    for tick in ticks:
        x = frame.x(tick / top)
        parts.append(_line(x, frame.y1, x, frame.y0))
        parts.append(f'<text x="{_n(x)}" y="{_n(frame.y0 + 16)}" text-anchor="middle">{_t(f"{tick:,.0f}")}</text>')
    slot = (frame.y0 - frame.y1) / max(len(values), 1)
    for i, (label, value) in enumerate(zip(shown, values, strict=True)):
        y = frame.y1 + i * slot
        parts.append(
            f'<rect class="mark" x="{_n(frame.x0)}" y="{_n(y + slot * 0.15)}" '
            f'width="{_n(frame.x(value / top) - frame.x0)}" height="{_n(slot * 0.7)}" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{_n(frame.x0 - 6)}" y="{_n(y + slot / 2 + 4)}" text-anchor="end" '
            f'font-size="10">{_t(label)}</text>'
        )
    parts.append(_line(frame.x0, frame.y1, frame.x0, frame.y0, INK))
    parts.append(
        f'<text x="{_n((frame.x0 + frame.x1) / 2)}" y="{_n(frame.height - 6)}" text-anchor="middle">{_t(xlabel)}</text>'
    )
    return _svg(frame, title, parts, title_x=10)
