"""Charts for the dataset report, drawn by matplotlib as inline SVG: no script, no network, and
the same picture in any browser, a mail client or a file opened years later.

Each function takes plain data and returns one `<svg>` element as text; sizes read well at laptop
width (the report lays them out one per row)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime

WIDTH, HEIGHT = 9.6, 3.4  # inches at 100 dpi: 960 x 340 px
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


_STYLE = {
    "svg.fonttype": "none",  # text stays text: selectable, searchable, crisp
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def _figure(height: float = HEIGHT):  # noqa: ANN202 - matplotlib objects, imported lazily
    """A figure of its own, outside pyplot's registry of open figures: nothing to close after."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(_STYLE)
    # no layout solver: `_svg` crops the picture to what is drawn, labels and outside legend
    # included, in one pass where constrained layout takes several (a quarter of a report's time)
    fig = Figure(figsize=(WIDTH, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _svg(fig) -> str:  # noqa: ANN001
    buf = io.StringIO()
    # cropped to what is drawn (labels, the legend outside the axes), measured with the raster
    # renderer: `bbox_inches="tight"` measures by drawing the whole SVG once more (a third of the time)
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)
    fig.savefig(buf, format="svg", bbox_inches=box)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # inline: no XML prolog or doctype


def stacked_bars(
    x: Sequence[date | datetime | str],
    series: Mapping[str, Sequence[float]],
    title: str,
    xlabel: str,
    ylabel: str,
) -> str:
    """Bars stacked per x value, one colour per series (the largest series first in the legend).

    Each series is one collection of rectangles rather than a patch per bar: a report's two bar
    charts over a few months of days drew in 0.25 s as patches, 0.1 s this way."""
    from matplotlib.collections import PolyCollection
    from matplotlib.ticker import MaxNLocator

    fig, ax = _figure()
    positions = range(len(x))
    bottom = [0.0] * len(x)
    for i, (name, values) in enumerate(series.items()):
        # only bars with a height: a series absent on most days would otherwise draw a bar per day
        bars = [
            [(p - 0.4, b), (p - 0.4, b + v), (p + 0.4, b + v), (p + 0.4, b)]
            for p, v, b in zip(positions, values, bottom, strict=True)
            if v
        ]
        ax.add_collection(PolyCollection(bars, facecolors=PALETTE[i % len(PALETTE)], edgecolors="none", label=name))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylim(0, max(bottom, default=0) * 1.05 or 1)
    ax.set_xlim(-0.6, max(len(x), 1) - 0.4)
    labels = [v.strftime("%Y-%m-%d") if isinstance(v, (date, datetime)) else str(v) for v in x]
    step = max(1, len(labels) // 12)
    ax.set_xticks(list(positions)[::step], labels[::step], rotation=30, ha="right")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    if series:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    return _svg(fig)


def lines(
    x: Sequence[datetime],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    xlabel: str,
    ylabel: str,
    percent: bool = False,
) -> str:
    """One line with markers per series over time (a step shows the run where something broke)."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import PercentFormatter

    fig, ax = _figure(HEIGHT * 0.85)
    for i, (name, values) in enumerate(series.items()):
        points = [(t, v) for t, v in zip(x, values, strict=True) if v is not None]
        ax.plot(
            [t for t, _ in points],
            [v for _, v in points],
            marker="o",
            markersize=3,
            linewidth=1.5,
            label=name,
            color=PALETTE[i % len(PALETTE)],
        )
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylim(-0.02, 1.02)
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    # run starts seconds apart must not read as '25:25.000000': concise labels at every scale
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    if series:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)
    return _svg(fig)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str) -> str:
    """Largest first, from the top."""
    from matplotlib.ticker import MaxNLocator

    fig, ax = _figure(max(2.0, 0.28 * len(labels) + 1.0))
    shown = [label if len(label) <= 70 else label[:67] + "..." for label in labels]
    ax.barh(range(len(values)), values, color=PALETTE[0])
    ax.set_yticks(range(len(values)), shown, fontsize=9)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    return _svg(fig)
