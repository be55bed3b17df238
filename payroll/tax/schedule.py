"""A year's withholding schedule as plain data: the ``iit_withholding`` command's input and output.

Input (JSON)::

    {"year": 2026, "hire_month": 1, "first_wage_income_in_year": false,
     "prior_year_same_employer_le_60000": false,
     "months": [{"month": 1, "gross": "30000.00", "special_deductions": "4500.00",
                 "additional_deductions": "2000.00", "tax_free": "0.00"}, ...],
     "annual_bonus": {"month": 12, "amount": "36001.00", "method": "separate"}}

Output: ``{"months": [{"month", "cumulative_taxable", "rate", "quick_deduction", "withholding"}, ...],
"annual_bonus_tax": "..."}`` with amounts as strings to the fen. A merged bonus is added to its month's
wages and reported there; ``annual_bonus_tax`` is then "0.00", as it is without a bonus.
Every problem is a ``ScheduleError`` naming the field (``months[2].gross``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from payroll.tax import bonus as bonus_rules
from payroll.tax import tables
from payroll.tax.withholding import Cumulative, TaxYear, withholding_for_month

CENT = Decimal("0.01")
MONTH_AMOUNTS = ("gross", "special_deductions", "additional_deductions", "tax_free")


class ScheduleError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class MonthLine:
    month: int
    gross: Decimal
    special_deductions: Decimal
    additional_deductions: Decimal
    tax_free: Decimal


@dataclass(frozen=True)
class AnnualBonus:
    month: int
    amount: Decimal
    method: str


@dataclass(frozen=True)
class Schedule:
    tax_year: TaxYear
    months: tuple[MonthLine, ...]
    annual_bonus: AnnualBonus | None


def _amount(value, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ScheduleError(field, "must be an amount in yuan, e.g. \"30000.00\"")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ScheduleError(field, f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ScheduleError(field, f"not an amount: {value!r}")
    if amount < 0:
        raise ScheduleError(field, "must not be negative")
    if amount != amount.quantize(CENT):
        raise ScheduleError(field, "has more than two decimal places (amounts are to the fen)")
    return amount


def _int(value, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScheduleError(field, f"must be a whole number {low}–{high}")
    if not low <= value <= high:
        raise ScheduleError(field, f"must be between {low} and {high}")
    return value


def _flag(data: dict, field: str) -> bool:
    value = data.get(field, False)
    if not isinstance(value, bool):
        raise ScheduleError(field, "must be true or false")
    return value


def read_schedule(data) -> Schedule:
    """Check and convert the JSON input; raises ``ScheduleError`` on the first problem found."""
    if not isinstance(data, dict):
        raise ScheduleError("(top level)", "must be a JSON object")
    year = _int(data.get("year"), "year", 2019, 2100)
    try:
        tables.withholding_table(year)
        tables.deductions(year)
    except LookupError as exc:
        raise ScheduleError("year", str(exc)) from None
    hire_month = _int(data.get("hire_month", 1), "hire_month", 1, 12)
    tax_year = TaxYear(
        year=year, hire_month=hire_month,
        first_wage_income_in_year=_flag(data, "first_wage_income_in_year"),
        prior_year_same_employer_le_60000=_flag(data, "prior_year_same_employer_le_60000"),
    )
    months_data = data.get("months")
    if not isinstance(months_data, list) or not months_data:
        raise ScheduleError("months", "must be a non-empty list of months")
    months: list[MonthLine] = []
    for index, row in enumerate(months_data):
        where = f"months[{index}]"
        if not isinstance(row, dict):
            raise ScheduleError(where, "must be an object")
        unknown = set(row) - {"month", *MONTH_AMOUNTS}
        if unknown:
            raise ScheduleError(f"{where}.{sorted(unknown)[0]}", "is not a known field")
        month = _int(row.get("month"), f"{where}.month", 1, 12)
        if month < hire_month:
            raise ScheduleError(f"{where}.month", f"is before hire_month {hire_month}")
        if months and month <= months[-1].month:
            raise ScheduleError(f"{where}.month", "months must be in increasing order, each once")
        if "gross" not in row:
            raise ScheduleError(f"{where}.gross", "is required")
        amounts = {name: _amount(row.get(name, "0"), f"{where}.{name}") for name in MONTH_AMOUNTS}
        if amounts["tax_free"] > amounts["gross"]:
            raise ScheduleError(f"{where}.tax_free", "cannot exceed gross")
        months.append(MonthLine(month=month, **amounts))
    bonus = None
    if data.get("annual_bonus") is not None:
        raw = data["annual_bonus"]
        if not isinstance(raw, dict):
            raise ScheduleError("annual_bonus", "must be an object")
        method = raw.get("method", bonus_rules.SEPARATE)
        if method not in bonus_rules.METHODS:
            raise ScheduleError("annual_bonus.method", "must be \"separate\" or \"merged\"")
        bonus_month = _int(raw.get("month"), "annual_bonus.month", 1, 12)
        if method == bonus_rules.MERGED and bonus_month not in {m.month for m in months}:
            raise ScheduleError("annual_bonus.month", "a merged bonus needs a month listed in months")
        bonus = AnnualBonus(month=bonus_month, amount=_amount(raw.get("amount"), "annual_bonus.amount"), method=method)
    return Schedule(tax_year=tax_year, months=tuple(months), annual_bonus=bonus)


def run_schedule(schedule: Schedule) -> dict:
    """Withhold every month of the schedule; the command's output object."""
    totals = Cumulative()
    out = []
    bonus = schedule.annual_bonus
    for line in schedule.months:
        gross = line.gross
        if bonus is not None and bonus.method == bonus_rules.MERGED and bonus.month == line.month:
            gross += bonus.amount
        result = withholding_for_month(
            schedule.tax_year, totals, month=line.month, gross=gross, special=line.special_deductions,
            additional=line.additional_deductions, tax_free=line.tax_free,
        )
        totals = result.totals
        out.append({
            "month": line.month,
            "cumulative_taxable": str(result.cumulative_taxable.quantize(CENT)),
            "rate": str(result.rate),
            "quick_deduction": str(result.quick_deduction.quantize(CENT)),
            "withholding": str(result.withholding),
        })
    bonus_tax = Decimal("0.00")
    if bonus is not None and bonus.method == bonus_rules.SEPARATE:
        bonus_tax = bonus_rules.separate_bonus_tax(schedule.tax_year.year, bonus.amount).tax
    return {"months": out, "annual_bonus_tax": str(bonus_tax)}
