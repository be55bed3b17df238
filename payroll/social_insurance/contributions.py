"""Social-insurance and housing-fund contributions of one month (pure: Decimal, no Django).

Each line's base is the employee's contribution base clamped to the line's [lower, upper] bounds; each
side pays base × rate, rounded by the line's rule, plus the line's fixed add-on (Beijing's 3 yuan for
大额医疗互助 on the employee side). Bounds, rates, add-ons and roundings come from the city's date-effective
rules (payroll.models.ContributionRule); none is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from hrportal.decimals import half_up

HOUSING_FUND_LINES = frozenset({"housing_fund", "supplementary_hf"})


@dataclass(frozen=True)
class LineRule:
    line: str
    base_lower: Decimal
    base_upper: Decimal
    employer_rate: Decimal
    employee_rate: Decimal
    employer_fixed: Decimal = Decimal("0")
    employee_fixed: Decimal = Decimal("0")
    rounding: str = "fen_half_up"


@dataclass(frozen=True)
class LineContribution:
    line: str
    base: Decimal
    employer: Decimal
    employee: Decimal


def round_contribution(amount: Decimal, rounding: str) -> Decimal:
    if rounding == "fen_half_up":
        return half_up(amount, "0.01")
    if rounding == "jiao_up":  # 见分进角: any fen rounds the jiao up
        return amount.quantize(Decimal("0.1"), rounding=ROUND_CEILING).quantize(Decimal("0.01"))
    if rounding == "yuan_half_up":
        return half_up(amount, "1").quantize(Decimal("0.01"))
    raise ValueError(f"unknown rounding rule {rounding!r}")


def clamp_base(wage: Decimal, rule: LineRule) -> Decimal:
    return min(max(wage, rule.base_lower), rule.base_upper)


def contributions(
    rules: list[LineRule], wage: Decimal, *, housing_fund_rate: Decimal | None = None,
) -> list[LineContribution]:
    """Both sides' contributions of every line. ``housing_fund_rate`` (the rate the employer chose for this
    employee, the same on both sides) replaces the rule's housing-fund rates when given."""
    out = []
    for rule in rules:
        base = clamp_base(wage, rule)
        employer_rate, employee_rate = rule.employer_rate, rule.employee_rate
        if housing_fund_rate is not None and rule.line == "housing_fund":
            employer_rate = employee_rate = housing_fund_rate
        employer = round_contribution(base * employer_rate, rule.rounding) + rule.employer_fixed if employer_rate or rule.employer_fixed else Decimal("0.00")
        employee = round_contribution(base * employee_rate, rule.rounding) + rule.employee_fixed if employee_rate or rule.employee_fixed else Decimal("0.00")
        out.append(LineContribution(line=rule.line, base=base, employer=employer, employee=employee))
    return out
