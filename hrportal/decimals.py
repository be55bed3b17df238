"""The one rounding rule for money and scores: ``Decimal``, half up, to an explicit number of places.

Floats (a mean from the database, a weighted sum) are first rounded to 9 decimal places to shed binary noise
(2.675 stored as 2.67499999… still rounds to 2.68), then taken through their ``repr``. Pure Python; used by
the pure engines as well as the apps (payroll will round yuan with it too).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")  # yuan to the fen; scores to two places


def half_up(value: Decimal | float | int | str, places: Decimal | str = CENT) -> Decimal:
    """``value`` as a Decimal rounded half up to ``places`` (e.g. ``Decimal("0.01")``, ``"0.1"``, ``"1"``)."""
    if isinstance(value, float):
        value = Decimal(repr(round(value, 9)))
    elif not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
