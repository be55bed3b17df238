"""The annual one-off bonus (全年一次性奖金) taxed on its own: bonus ÷ 12 picks the bracket of the
monthly-converted table, tax = bonus × rate − quick deduction (Cai Shui [2018] No. 164). Each employee
chooses per year between this and merging the bonus into the month's wages (``withholding``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hrportal.decimals import half_up
from payroll.tax import tables

SEPARATE = "separate"
MERGED = "merged"
METHODS = (SEPARATE, MERGED)


@dataclass(frozen=True)
class BonusTax:
    amount: Decimal
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal


def separate_bonus_tax(year: int, amount: Decimal) -> BonusTax:
    if amount < 0:
        raise ValueError("a bonus cannot be negative")
    bracket = tables.bonus_table(year).bracket_for(amount / 12)
    tax = max(half_up(amount * bracket.rate - bracket.quick_deduction), Decimal("0.00"))
    return BonusTax(amount=amount, rate=bracket.rate, quick_deduction=bracket.quick_deduction, tax=tax)
