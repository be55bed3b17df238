"""Tax tables as date-effective data — the one home of every IIT figure the engine uses.

Sources (../shared/reference/china-rules.md §1): IIT Law (2018) Art. 6 for the basic deduction; SAT
Announcement 2018 No. 61 for rate table 1 (预扣率表一, upper bounds inclusive); Guo Fa [2023] No. 13 for the
special additional deduction amounts from 2023-01-01; Cai Shui [2018] No. 164 / MOF–SAT 2023 No. 30 for the
annual one-off bonus's monthly-converted table (its end date 2027-12-31 is UNVERIFIED in the reference).
A new table is a new entry with its own ``valid_from``; formulas never hold these numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

D = Decimal


@dataclass(frozen=True)
class Bracket:
    upper: Decimal | None  # inclusive ("不超过"); None = no upper bound
    rate: Decimal
    quick_deduction: Decimal


@dataclass(frozen=True)
class RateTable:
    name: str
    valid_from: dt.date
    valid_to: dt.date | None
    brackets: tuple[Bracket, ...]
    source: str

    def bracket_for(self, amount: Decimal) -> Bracket:
        """The bracket of ``amount`` (a taxable amount ≤ 0 falls in the first bracket)."""
        for bracket in self.brackets:
            if bracket.upper is None or amount <= bracket.upper:
                return bracket
        return self.brackets[-1]


def _brackets(rows) -> tuple[Bracket, ...]:
    return tuple(Bracket(None if upper is None else D(upper), D(rate), D(quick)) for upper, rate, quick in rows)


# 预扣率表一 (居民个人工资、薪金所得预扣预缴适用) = the annual comprehensive-income table.
CUMULATIVE_WITHHOLDING_TABLES: tuple[RateTable, ...] = (
    RateTable(
        name="预扣率表一",
        valid_from=dt.date(2019, 1, 1),
        valid_to=None,
        brackets=_brackets([
            ("36000", "0.03", "0"),
            ("144000", "0.10", "2520"),
            ("300000", "0.20", "16920"),
            ("420000", "0.25", "31920"),
            ("660000", "0.30", "52920"),
            ("960000", "0.35", "85920"),
            (None, "0.45", "181920"),
        ]),
        source="SAT Announcement 2018 No. 61, annex 预扣率表一 (china-rules.md §1.3)",
    ),
)

# 按月换算后的综合所得税率表: the annual one-off bonus taxed on its own (bonus ÷ 12 picks the bracket).
ANNUAL_BONUS_TABLES: tuple[RateTable, ...] = (
    RateTable(
        name="按月换算后的综合所得税率表",
        valid_from=dt.date(2019, 1, 1),
        valid_to=dt.date(2027, 12, 31),  # MOF–SAT 2023 No. 30; the end date is UNVERIFIED (china-rules.md §1.4)
        brackets=_brackets([
            ("3000", "0.03", "0"),
            ("12000", "0.10", "210"),
            ("25000", "0.20", "1410"),
            ("35000", "0.25", "2660"),
            ("55000", "0.30", "4410"),
            ("80000", "0.35", "7160"),
            (None, "0.45", "15160"),
        ]),
        source="Cai Shui [2018] No. 164 art. 1(1); extended by MOF–SAT Announcement 2023 No. 30 (china-rules.md §1.4)",
    ),
)


@dataclass(frozen=True)
class Deductions:
    """The basic deduction and the caps of the special additional deductions in force from ``valid_from``."""

    valid_from: dt.date
    basic_monthly: Decimal  # 减除费用 5,000 a month (IIT Law Art. 6)
    prior_year_low_income_allowance: Decimal | None  # SAT 2020 No. 19 (from 2021): 60,000 deducted from January
    prior_year_low_income_threshold: Decimal  # … when last year's wages from this employer were ≤ 60,000
    additional_monthly_caps: dict[str, Decimal]  # item → cap per month (per child for the child items)
    additional_lump_caps: dict[str, Decimal]  # item → cap for the year, claimed in one month
    monthly_withholding_excludes: frozenset[str]  # items only the annual reconciliation may apply


def _deductions(valid_from, *, low_income_rule: bool, children: str, infant: str | None, elderly: str) -> Deductions:
    monthly = {
        "children_education": D(children),  # per child
        "elderly_support": D(elderly),  # only child; siblings share it (each ≤ half)
        "housing_loan_interest": D("1000"),
        "housing_rent": D("1500"),  # 1,500 / 1,100 / 800 by city size
        "continuing_education_degree": D("400"),
    }
    if infant is not None:
        monthly["infant_care"] = D(infant)  # per child under 3
    return Deductions(
        valid_from=valid_from,
        basic_monthly=D("5000"),
        prior_year_low_income_allowance=D("60000") if low_income_rule else None,
        prior_year_low_income_threshold=D("60000"),
        additional_monthly_caps=monthly,
        additional_lump_caps={"continuing_education_certificate": D("3600")},
        monthly_withholding_excludes=frozenset({"serious_illness"}),
    )


# Guo Fa [2018] No. 41 (2019); SAT 2020 No. 19 (from tax year 2021); Guo Fa [2022] No. 8 (infant care,
# 2022); Guo Fa [2023] No. 13 (raised amounts, 2023) — china-rules.md §1.4–1.5.
DEDUCTIONS: tuple[Deductions, ...] = (
    _deductions(dt.date(2019, 1, 1), low_income_rule=False, children="1000", infant=None, elderly="2000"),
    _deductions(dt.date(2021, 1, 1), low_income_rule=True, children="1000", infant=None, elderly="2000"),
    _deductions(dt.date(2022, 1, 1), low_income_rule=True, children="1000", infant="1000", elderly="2000"),
    _deductions(dt.date(2023, 1, 1), low_income_rule=True, children="2000", infant="2000", elderly="3000"),
)


def _in_force(entries, on: dt.date):
    chosen = None
    for entry in entries:
        if entry.valid_from <= on and (getattr(entry, "valid_to", None) is None or on <= entry.valid_to):
            if chosen is None or entry.valid_from > chosen.valid_from:
                chosen = entry
    if chosen is None:
        raise LookupError(f"no tax table in force on {on.isoformat()}")
    return chosen


def withholding_table(year: int) -> RateTable:
    return _in_force(CUMULATIVE_WITHHOLDING_TABLES, dt.date(year, 12, 31))


def bonus_table(year: int) -> RateTable:
    return _in_force(ANNUAL_BONUS_TABLES, dt.date(year, 12, 31))


def deductions(year: int) -> Deductions:
    return _in_force(DEDUCTIONS, dt.date(year, 12, 31))
