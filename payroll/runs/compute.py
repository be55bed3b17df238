"""One employee's pay for one month (pure: Decimal, no Django).

gross = fixed components pro-rated by calendar days employed in the month + adjustments;
contributions by the city's rules on the full monthly base (a month with any day employed is a
contribution month); IIT by cumulative withholding with the employee contributions as 专项扣除; the annual
one-off bonus taxed separately or merged into the month, per the employee's choice (separately once a year);
net = gross + bonus − employee contributions − IIT − bonus tax + after-tax adjustments;
employer cost = gross + bonus + employer contributions.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from hrportal.decimals import half_up
from payroll.social_insurance.contributions import LineRule, contributions
from payroll.tax import bonus as bonus_rules
from payroll.tax.withholding import Cumulative, TaxYear, withholding_for_month

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    kind: str
    amount: Decimal
    taxable: bool = True


@dataclass(frozen=True)
class Adjustment:
    kind: str  # taxable | tax_free | after_tax | annual_bonus
    amount: Decimal
    reason: str = ""


@dataclass(frozen=True)
class LineInput:
    year: int
    month: int
    hire_date: dt.date
    leave_date: dt.date | None
    components: tuple[Component, ...]
    rules: tuple[LineRule, ...]
    contribution_base: Decimal | None = None
    housing_fund_rate: Decimal | None = None
    bonus_method: str = bonus_rules.SEPARATE
    first_wage_income_in_year: bool = False
    prior_year_same_employer_le_60000: bool = False
    before: Cumulative = field(default_factory=Cumulative)
    separate_bonus_used: bool = False
    additional_cumulative: Decimal = Decimal("0")
    adjustments: tuple[Adjustment, ...] = ()


def default_contribution_base(components) -> Decimal:
    """Without a recorded base (last year's monthly average), the fixed taxable pay: base + post. The offer's
    social-insurance enrolment uses the same rule (payroll/onboarding/services.py)."""
    return sum((c.amount for c in components if c.taxable and c.kind in ("base", "post")), ZERO)


def days_employed(year: int, month: int, hire_date: dt.date, leave_date: dt.date | None) -> tuple[int, int]:
    """(days employed in the month, calendar days of the month); the hire and leave days both count."""
    days_in_month = calendar.monthrange(year, month)[1]
    first, last = dt.date(year, month, 1), dt.date(year, month, days_in_month)
    start = max(first, hire_date)
    end = min(last, leave_date) if leave_date else last
    return max((end - start).days + 1, 0), days_in_month


def tax_year_for(data: LineInput) -> TaxYear:
    hire_month = data.hire_date.month if data.hire_date.year == data.year else 1
    return TaxYear(
        year=data.year, hire_month=hire_month, first_wage_income_in_year=data.first_wage_income_in_year,
        prior_year_same_employer_le_60000=data.prior_year_same_employer_le_60000,
    )


def _s(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def compute_line(data: LineInput) -> dict:
    """Every figure of the line as strings (the encrypted ``PayrollLine.figures_data``)."""
    days, days_in_month = days_employed(data.year, data.month, data.hire_date, data.leave_date)
    components = []
    gross = tax_free = ZERO
    for c in data.components:
        paid = c.amount if days == days_in_month else half_up(c.amount * days / days_in_month)
        components.append({"code": c.code, "name": c.name, "kind": c.kind, "amount": _s(c.amount), "paid": _s(paid), "taxable": c.taxable})
        gross += paid
        if not c.taxable:
            tax_free += paid
    after_tax = bonus = ZERO
    for a in data.adjustments:
        if a.kind == "taxable":
            gross += a.amount
        elif a.kind == "tax_free":
            gross += a.amount
            tax_free += a.amount
        elif a.kind == "after_tax":
            after_tax += a.amount
        elif a.kind == "annual_bonus":
            bonus += a.amount
        else:
            raise ValueError(f"unknown adjustment kind {a.kind!r}")

    base = data.contribution_base
    if base is None:
        base = default_contribution_base(data.components)
    lines = contributions(list(data.rules), base, housing_fund_rate=data.housing_fund_rate) if days else []
    employee_contributions = sum((line.employee for line in lines), ZERO)
    employer_contributions = sum((line.employer for line in lines), ZERO)

    separate = bonus and data.bonus_method == bonus_rules.SEPARATE and not data.separate_bonus_used
    income = gross + (bonus if bonus and not separate else ZERO)
    tax = withholding_for_month(
        tax_year_for(data), data.before, month=data.month, gross=income, special=employee_contributions,
        tax_free=tax_free, additional_cumulative=data.additional_cumulative,
    )
    bonus_tax = bonus_rules.separate_bonus_tax(data.year, bonus).tax if separate else ZERO
    net = gross + bonus - employee_contributions - tax.withholding - bonus_tax + after_tax
    return {
        "days_paid": days, "days_in_month": days_in_month,
        "components": components,
        "adjustments": [{"kind": a.kind, "amount": _s(a.amount), "reason": a.reason} for a in data.adjustments],
        "gross": _s(gross), "tax_free": _s(tax_free),
        "contribution_base": _s(base),
        "contributions": [
            {"line": line.line, "base": _s(line.base), "employer": _s(line.employer), "employee": _s(line.employee)}
            for line in lines
        ],
        "employee_contributions": _s(employee_contributions), "employer_contributions": _s(employer_contributions),
        "additional_deductions_cumulative": _s(data.additional_cumulative),
        "cumulative_taxable": _s(tax.cumulative_taxable), "rate": str(tax.rate),
        "quick_deduction": _s(tax.quick_deduction), "iit": _s(tax.withholding), "over_withheld": _s(tax.over_withheld),
        "annual_bonus": _s(bonus), "bonus_method": (bonus_rules.SEPARATE if separate else bonus_rules.MERGED) if bonus else "",
        "annual_bonus_tax": _s(bonus_tax), "after_tax": _s(after_tax),
        "net": _s(net), "employer_cost": _s(gross + bonus + employer_contributions),
        "cumulative": {**tax.totals.as_strings(), "separate_bonus_used": bool(data.separate_bonus_used or separate)},
    }
