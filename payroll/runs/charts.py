"""The month-over-month chart of the runs page: server-drawn SVG bars (no script, no CDN)."""

from __future__ import annotations

from decimal import Decimal

BAR_WIDTH, GAP, HEIGHT, TOP = 22, 18, 160, 16


def month_over_month_chart(rows: list[dict]) -> dict:
    """Two bars a month (gross pay, employer cost) scaled to the largest value."""
    if not rows:
        return {"months": []}
    peak = max(max(Decimal(r["gross"]), Decimal(r["employer_cost"])) for r in rows) or Decimal(1)
    months = []
    for index, row in enumerate(rows):
        x = 40 + index * (2 * BAR_WIDTH + GAP)
        bars = []
        for offset, key in enumerate(("gross", "employer_cost")):
            value = Decimal(row[key])
            height = int(HEIGHT * value / peak)
            bars.append({"key": key, "x": x + offset * BAR_WIDTH, "y": TOP + HEIGHT - height, "height": height,
                         "value": f"{value:,.2f}"})
        months.append({"label": row["period"], "x": x + BAR_WIDTH, "bars": bars, "count": row["count"]})
    return {"months": months, "width": 40 + len(rows) * (2 * BAR_WIDTH + GAP), "height": TOP + HEIGHT + 24,
            "bar_width": BAR_WIDTH - 2, "axis_y": TOP + HEIGHT, "label_y": TOP + HEIGHT + 16}
