"""Small helpers the reports share: cohort labels, rates, rounding of days."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

from hrportal.decimals import half_up
from hrportal.display_names import name_with_code
from hrportal.stats import percentile_of_sorted

COHORTS = (False, True)  # is_historical: live first, then the history import's rows


def cohort_label(historical) -> str:
    return _("历史导入") if historical else _("实时")


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal (half up), None when there is nothing to divide by."""
    if not whole:
        return None
    return half_up(Decimal(100 * part) / Decimal(whole), places="0.1")


def days(value: float | None) -> Decimal | None:
    return None if value is None else half_up(Decimal(str(value)), places="0.1")


def summary(arrays) -> dict:
    """{"n", "p50", "p90"} of the values of these arrays (numpy arrays or lists) by PostgreSQL's
    ``percentile_cont`` definition (hrportal.stats, which a test holds to PostgreSQL's own), sorted once."""
    ordered = np.sort(np.concatenate([np.asarray(a, dtype=float) for a in arrays])) if arrays else []
    return {"n": len(ordered), "p50": percentile_of_sorted(ordered, 0.5), "p90": percentile_of_sorted(ordered, 0.9)}


def position_labels(ids) -> dict[int, tuple[str, str]]:
    """{position id: (code, "name（code）" in the active language)} for the report rows, one query."""
    from recruiting.models import Position

    out = {}
    for position in Position.objects.filter(pk__in=set(ids)).only("id", "code", "title_zh", "title_en"):
        out[position.pk] = (position.code, name_with_code(position))
    return out


def as_number(value):
    """A chart value: Decimal → float, None stays None (a gap)."""
    return None if value is None else float(value)
