"""Geometry of the audit page's chart (inline SVG, no JavaScript): one horizontal bar per category's impact
ratio with the 0.8 line. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RatioBar:
    label: str
    ratio: float
    y: int
    width: float
    flagged: bool
    text_y: int


def ratio_bars(categories: list[dict], *, width: int = 520, label_width: int = 150, bar_height: int = 16,
               gap: int = 6) -> dict:
    plot = width - label_width - 60
    bars = []
    for i, category in enumerate(c for c in categories if c.get("impact_ratio") is not None):
        y = 8 + i * (bar_height + gap)
        ratio = float(category["impact_ratio"])
        bars.append(RatioBar(label=category["label"], ratio=ratio, y=y, width=round(min(ratio, 1.0) * plot, 1),
                             flagged=bool(category["flagged"]), text_y=y + bar_height - 4))
    return {"width": width, "height": 16 + len(bars) * (bar_height + gap), "label_width": label_width,
            "bars": bars, "line_x": round(label_width + 0.8 * plot, 1), "bar_height": bar_height}
