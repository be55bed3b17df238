"""Server-drawn SVG chart geometry shared by report pages (no chart library, no script, no CDN): horizontal
bars split into coloured segments by share (a 1–5 distribution, a cost structure) and a simple line of values
over periods. Pure functions over numbers; templates draw the shapes (templates/hrportal/_stacked_bars.html,
_trend_line.html)."""

from __future__ import annotations

from dataclasses import dataclass

# Colour per segment index (presentation attributes, so the page's CSP needs no inline style).
PALETTE = ("#c0392b", "#e67e22", "#f1c40f", "#7fb77e", "#2e8b57", "#2f6fb0", "#8e44ad")


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str
    share: float


@dataclass(frozen=True)
class StackedBar:
    label: str
    y: int
    text_y: int
    segments: list[Segment]
    note: str


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[StackedBar]
    legend: list[tuple[str, str]]


def stacked_share_bars(rows: list[tuple[str, list[float], str]], *, segment_labels: list[str], palette=PALETTE,
                       width: int = 640, label_width: int = 160, bar_height: int = 18, gap: int = 8) -> StackedChart:
    """``rows`` = (label, values per segment, note); each bar is 100 % wide, split by the values' shares."""
    plot = width - label_width - 70
    bars = []
    for i, (label, values, note) in enumerate(rows):
        total = float(sum(values)) or 1.0
        x, segments = float(label_width), []
        for j, value in enumerate(values):
            share = float(value) / total
            w = round(share * plot, 1)
            segments.append(Segment(x=round(x, 1), width=w, colour=palette[j % len(palette)], label=segment_labels[j],
                                    share=round(share * 100, 1)))
            x += w
        y = 8 + i * (bar_height + gap)
        bars.append(StackedBar(label=label, y=y, text_y=y + bar_height - 4, segments=segments, note=note))
    legend = [(segment_labels[j], palette[j % len(palette)]) for j in range(len(segment_labels))]
    return StackedChart(width=width, height=8 + len(rows) * (bar_height + gap), label_width=label_width,
                        bar_height=bar_height, bars=bars, legend=legend)


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    points: str
    dots: list[tuple[float, float, str, str]]


def trend_line(rows: list[tuple[str, float]], *, low: float, high: float, width: int = 640, height: int = 160) -> TrendChart:
    """A polyline of (label, value) over equally spaced periods, value axis from ``low`` to ``high``."""
    if not rows:
        return TrendChart(width=width, height=height, points="", dots=[])
    step = (width - 60) / max(len(rows) - 1, 1)
    dots = []
    for i, (label, value) in enumerate(rows):
        x = 30 + i * step
        y = height - 24 - (float(value) - low) / ((high - low) or 1) * (height - 40)
        dots.append((round(x, 1), round(y, 1), label, f"{float(value):.2f}"))
    return TrendChart(width=width, height=height, points=" ".join(f"{x},{y}" for x, y, _l, _v in dots), dots=dots)
