"""Geometry for the calibration page's charts, drawn as inline SVG by the templates (no chart library, no
JavaScript): horizontal bars of the difference rate with the alert threshold as a line, and a 5×5 heat
table AI suggestion × interviewer score. Pure functions over numbers, so they are easy to test."""

from __future__ import annotations

from dataclasses import dataclass

HEAT_LEVELS = 6  # CSS classes heat-0 … heat-5


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: float
    over: bool
    n: int
    text_y: int
    value_x: float = 0.0  # where the value text ("33.3% · n=12") is anchored
    value_inside: bool = False  # drawn inside the bar's end (a long bar), else right of it


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    bars: list[Bar]
    threshold_x: float
    threshold: float
    max_value: float
    ticks: list[tuple[float, str]]


VALUE_TEXT_WIDTH = 110  # room "100.0% · n=1234" needs at the chart's font size
RIGHT_MARGIN = 24  # keeps the last tick label ("100%", centred on the plot's end) inside the chart


def difference_rate_bars(rows, *, threshold: float, width: int = 640, label_width: int = 150,
                         bar_height: int = 18, gap: int = 8) -> BarChart:
    """Bars for rows with ``.label`` and ``.stats`` (n, difference_rate); the scale runs from 0 to at least
    twice the threshold so the threshold line sits inside the plot. The value text goes right of a bar when it
    fits inside ``width``, else inside the bar's end — it is never cut off at the chart's right edge."""
    values = [r.stats.difference_rate or 0.0 for r in rows]
    max_value = max([threshold * 2, *values, 0.01])
    plot_width = width - label_width - RIGHT_MARGIN
    scale = plot_width / max_value
    bars = []
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = 24 + i * (bar_height + gap)
        bar_width = round(value * scale, 1)
        inside = label_width + bar_width + 4 + VALUE_TEXT_WIDTH > width and bar_width > VALUE_TEXT_WIDTH
        value_x = round(label_width + bar_width - 4 if inside else label_width + bar_width + 4, 1)
        bars.append(Bar(label=row.label, value=value, y=y, width=bar_width, over=value > threshold,
                        n=row.stats.n, text_y=y + bar_height - 4, value_x=value_x, value_inside=inside))
    ticks = [(round(label_width + f * plot_width, 1), f"{f * max_value:.0%}") for f in (0, 0.25, 0.5, 0.75, 1)]
    return BarChart(width=width, height=24 + len(rows) * (bar_height + gap) + 4, label_width=label_width,
                    plot_width=plot_width, bars=bars, threshold_x=round(label_width + threshold * scale, 1),
                    threshold=threshold, max_value=max_value, ticks=ticks)


@dataclass(frozen=True)
class HeatCell:
    count: int
    level: int  # 0..HEAT_LEVELS-1
    diagonal: bool
    beyond: bool  # the pair differs by more than the tolerance


def heat_table(matrix: list[list[int]], *, tolerance: float) -> list[tuple[int, list[HeatCell]]]:
    """Rows (AI score, cells per human score 1..5) with an intensity level relative to the largest cell."""
    peak = max((c for row in matrix for c in row), default=0)
    table = []
    for i, row in enumerate(matrix):
        cells = []
        for j, count in enumerate(row):
            level = 0 if not count or not peak else 1 + min(HEAT_LEVELS - 2, int((count / peak) * (HEAT_LEVELS - 2)))
            cells.append(HeatCell(count=count, level=level, diagonal=i == j, beyond=abs(i - j) > tolerance + 1e-9))
        table.append((i + 1, cells))
    return table
