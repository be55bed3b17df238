"""Cumulative withholding (累计预扣法) of SAT Announcement 2018 No. 61 Art. 6, month by month.

    本期应预扣预缴税额 = (累计预扣预缴应纳税所得额 × 预扣率 − 速算扣除数) − 累计减免税额 − 累计已预扣预缴税额
    累计预扣预缴应纳税所得额 = 累计收入 − 累计免税收入 − 累计减除费用 − 累计专项扣除 − 累计专项附加扣除 − 累计其他扣除

Rules carried here (each has its own test in tests/payroll/test_tax_withholding.py):
- 累计减除费用 is 5,000 × the months employed at this employer this year, counted from the month of hire;
  from January instead when this is the person's first wage income of the year (SAT 2020 No. 13); the whole
  year's 60,000 from January when last year's wages from this same employer were ≤ 60,000 (SAT 2020 No. 19,
  tax years from 2021) — nothing is then withheld until cumulative income passes 60,000.
- A month whose cumulative tax is below what was already withheld withholds 0; the difference stays
  in the cumulative figures (the next months subtract it) and is never refunded through payroll.
- Arithmetic is exact; only the month's withholding is rounded, to the fen, half up (china-rules.md §1.2).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from hrportal.decimals import half_up
from payroll.tax import tables

ZERO = Decimal("0")


@dataclass(frozen=True)
class TaxYear:
    """Who is being withheld for, in which year, and which of the mid-year rules apply."""

    year: int
    hire_month: int = 1  # first month at this employer in ``year`` (1 when employed before the year began)
    first_wage_income_in_year: bool = False  # SAT 2020 No. 13
    prior_year_same_employer_le_60000: bool = False  # SAT 2020 No. 19

    def __post_init__(self):
        if not 1 <= self.hire_month <= 12:
            raise ValueError("hire_month must be 1–12")


@dataclass(frozen=True)
class Cumulative:
    """Running totals of the year at this employer, up to and including the last month withheld."""

    income: Decimal = ZERO
    tax_free: Decimal = ZERO
    special: Decimal = ZERO  # 专项扣除: the employee's own pension, medical, unemployment and housing fund
    additional: Decimal = ZERO  # 专项附加扣除
    other: Decimal = ZERO  # 依法确定的其他扣除
    withheld: Decimal = ZERO
    last_month: int = 0

    def as_strings(self) -> dict[str, str]:
        return {
            "income": str(self.income), "tax_free": str(self.tax_free), "special": str(self.special),
            "additional": str(self.additional), "other": str(self.other), "withheld": str(self.withheld),
            "last_month": str(self.last_month),
        }

    @classmethod
    def from_strings(cls, values: dict) -> Cumulative:
        return cls(
            **{k: Decimal(str(values.get(k, "0"))) for k in ("income", "tax_free", "special", "additional", "other", "withheld")},
            last_month=int(values.get("last_month", 0)),
        )


@dataclass(frozen=True)
class MonthWithholding:
    month: int
    cumulative_income: Decimal
    cumulative_basic_deduction: Decimal
    cumulative_taxable: Decimal  # never below 0
    rate: Decimal
    quick_deduction: Decimal
    cumulative_tax: Decimal  # exact, before subtracting what was withheld
    withholding: Decimal  # this month, to the fen, never negative
    over_withheld: Decimal  # withheld so far beyond the cumulative tax (settled only at annual reconciliation)
    totals: Cumulative  # the running totals after this month


def basic_deduction(tax_year: TaxYear, month: int) -> Decimal:
    """累计减除费用 up to and including ``month``."""
    rules = tables.deductions(tax_year.year)
    if tax_year.prior_year_same_employer_le_60000 and rules.prior_year_low_income_allowance is not None:
        return rules.prior_year_low_income_allowance
    months = month if tax_year.first_wage_income_in_year else month - tax_year.hire_month + 1
    return rules.basic_monthly * max(months, 0)


def withholding_for_month(
    tax_year: TaxYear,
    before: Cumulative,
    *,
    month: int,
    gross: Decimal,
    special: Decimal = ZERO,
    additional: Decimal = ZERO,
    tax_free: Decimal = ZERO,
    other: Decimal = ZERO,
    additional_cumulative: Decimal | None = None,
) -> MonthWithholding:
    """The withholding of ``month`` given the totals of the months before it.

    ``gross`` is the month's wage income including tax-free parts, ``tax_free`` those parts. Pass
    ``additional_cumulative`` instead of ``additional`` when the year's special additional deductions are
    known as a total up to this month (a back-dated declaration then counts all its months at once).
    """
    if not 1 <= month <= 12:
        raise ValueError("month must be 1–12")
    if month < tax_year.hire_month:
        raise ValueError("month is before the month of hire")
    if month <= before.last_month:
        raise ValueError("month was already withheld")
    totals = Cumulative(
        income=before.income + gross,
        tax_free=before.tax_free + tax_free,
        special=before.special + special,
        additional=(before.additional + additional) if additional_cumulative is None else additional_cumulative,
        other=before.other + other,
        withheld=before.withheld,
        last_month=month,
    )
    basic = basic_deduction(tax_year, month)
    taxable = totals.income - totals.tax_free - basic - totals.special - totals.additional - totals.other
    taxable = max(taxable, ZERO)
    bracket = tables.withholding_table(tax_year.year).bracket_for(taxable)
    cumulative_tax = taxable * bracket.rate - bracket.quick_deduction
    due = cumulative_tax - totals.withheld
    withholding = half_up(due) if due > 0 else ZERO.quantize(Decimal("0.01"))
    totals = replace(totals, withheld=totals.withheld + withholding)
    return MonthWithholding(
        month=month,
        cumulative_income=totals.income,
        cumulative_basic_deduction=basic,
        cumulative_taxable=taxable,
        rate=bracket.rate,
        quick_deduction=bracket.quick_deduction,
        cumulative_tax=cumulative_tax,
        withholding=withholding,
        over_withheld=max(totals.withheld - cumulative_tax, ZERO),
        totals=totals,
    )
