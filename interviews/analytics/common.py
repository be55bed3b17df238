"""Small helpers the reports share: cohort labels, rates, rounding of days."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from hrportal.decimals import half_up
from interviews.analytics.registry import HISTORICAL, LIVE

COHORTS = (False, True)  # is_historical: live first, then the history import's rows


def cohort_label(historical) -> str:
    return _("历史导入") if historical else _("实时")


def cohort_key(historical) -> str:
    return HISTORICAL if historical else LIVE


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal (half up), None when there is nothing to divide by."""
    if not whole:
        return None
    return half_up(Decimal(100 * part) / Decimal(whole), places="0.1")


def days(value: float | None) -> Decimal | None:
    return None if value is None else half_up(Decimal(str(value)), places="0.1")


def as_number(value):
    """A chart value: Decimal → float, None stays None (a gap)."""
    return None if value is None else float(value)
