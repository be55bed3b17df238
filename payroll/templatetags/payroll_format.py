from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rate_pct(value) -> str:
    """0.098 → "9.8%"; 0.0016 → "0.16%"."""
    if value in (None, ""):
        return ""
    text = format((Decimal(str(value)) * 100).normalize(), "f")
    return f"{text}%"
