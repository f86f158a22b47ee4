"""Chart geometry for reports: pure functions from scores to coordinates.

The templates draw the SVG from these numbers (labels go through autoescaping like any other
text), so no markup is ever built by string concatenation and no `|safe` is needed.
Scores are 0..1; None means "nothing scored" and draws no bar or point.
"""

from __future__ import annotations

from dataclasses import dataclass

GRID_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class GridLine:
    y: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # short label under the bar (category id)
    title: str  # full name, for the legend
    value_text: str
    tone: str  # "good" | "warn" | "bad" | "none"


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    plot_top: float
    plot_bottom: float
    plot_left: float
    grid: tuple[GridLine, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value_text: str


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    plot_top: float
    plot_bottom: float
    plot_left: float
    grid: tuple[GridLine, ...]
    points: tuple[Point, ...]  # scored points only
    ticks: tuple[Point, ...]  # every period on the x axis, scored or not
    polyline: str  # "x1,y1 x2,y2 ..." for <polyline points=...>


def tone(value: float | None) -> str:
    if value is None:
        return "none"
    if value >= 0.9:
        return "good"
    return "warn" if value >= 0.7 else "bad"


def _value_text(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _grid(top: float, bottom: float) -> tuple[GridLine, ...]:
    span = bottom - top
    return tuple(GridLine(round(bottom - step * span, 2), f"{step * 100:.0f}%")
                 for step in GRID_STEPS)


def bar_chart(items: list[tuple[str, str, float | None]], width: float = 480,
              height: float = 180) -> BarChart:
    """One bar per (label, title, score) item, in the given order."""
    top, bottom, left = 12.0, height - 24.0, 36.0
    slot = (width - left - 8) / max(len(items), 1)
    bar_width = slot * 0.7
    bars = []
    for index, (label, title, value) in enumerate(items):
        bar_height = (value or 0.0) * (bottom - top)
        bars.append(Bar(x=round(left + index * slot + (slot - bar_width) / 2, 2),
                        y=round(bottom - bar_height, 2), width=round(bar_width, 2),
                        height=round(bar_height, 2), label=label, title=title,
                        value_text=_value_text(value), tone=tone(value)))
    return BarChart(width, height, top, bottom, left, _grid(top, bottom), tuple(bars))


def line_chart(series: list[tuple[str, float | None]], width: float = 480,
               height: float = 160) -> LineChart:
    """Score per period (oldest first); periods without a score leave a gap in the dots."""
    top, bottom, left = 12.0, height - 24.0, 36.0
    step = (width - left - 24) / max(len(series) - 1, 1)
    ticks, points = [], []
    for index, (period, value) in enumerate(series):
        x = round(left + 8 + index * step, 2)
        y = round(bottom - (value or 0.0) * (bottom - top), 2)
        ticks.append(Point(x, bottom, period, _value_text(value)))
        if value is not None:
            points.append(Point(x, y, period, _value_text(value)))
    polyline = " ".join(f"{p.x},{p.y}" for p in points)
    return LineChart(width, height, top, bottom, left, _grid(top, bottom), tuple(points),
                     tuple(ticks), polyline)
