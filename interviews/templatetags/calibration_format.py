"""Number formatting of the calibration and decision pages: undefined metrics (None) show as "—"."""

from __future__ import annotations

from django import template

register = template.Library()
DASH = "—"


@register.filter
def pct(value, digits: int = 1) -> str:
    """0.0523 → "5.2%"."""
    if value is None or value == "":
        return DASH
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def num(value, digits: int = 2) -> str:
    """A metric with a fixed number of places; signed when ``digits`` is given as "+2"."""
    if value is None or value == "":
        return DASH
    spec = str(digits)
    sign = "+" if spec.startswith("+") else ""
    return f"{float(value):{sign}.{int(spec.lstrip('+'))}f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
