"""The legal checks an offer must pass before it is sent (pure: Decimal and dates, no Django).

Labour Contract Law (shared reference china-rules.md §3.1–3.2):
- Art. 19 probation length by term T: none for a task-based contract or T < 3 months; ≤ 1 month for
  3 months ≤ T < 1 year; ≤ 2 months for 1 year ≤ T < 3 years; ≤ 6 months for T ≥ 3 years or open-ended.
  "以上" includes the stated number, "不满" excludes it (exactly 1 year allows 2 months, exactly 3 years 6).
- Art. 19 one probation per employer–employee pair.
- Art. 20 / Impl. Reg. Art. 15 probation pay ≥ 80 % of the agreed monthly wage and ≥ the city's minimum wage.

Each check returns ``Problem``s: a stable code, the figures it compared, and an English message; the offers
service shows them translated (payroll/offers/messages.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hrportal.decimals import half_up

PROBATION_PAY_SHARE = Decimal("0.8")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class OfferTerms:
    contract_type: str  # "fixed", "open_ended" or "task"
    term_months: int | None
    probation_months: int
    probation_pay: Decimal | None
    agreed_wage: Decimal
    minimum_wage: Decimal | None
    had_probation_with_employer: bool = False


def max_probation_months(contract_type: str, term_months: int | None) -> int:
    """Art. 19's ceiling for the contract."""
    if contract_type == "open_ended":
        return 6
    if contract_type == "task" or term_months is None or term_months < 3:
        return 0
    if term_months < 12:
        return 1
    if term_months < 36:
        return 2
    return 6


def check_term(terms: OfferTerms) -> list[Problem]:
    if terms.contract_type == "fixed" and (terms.term_months is None or terms.term_months < 1):
        return [Problem("term_missing", "A fixed-term contract needs its term in months.")]
    return []


def check_probation_length(terms: OfferTerms) -> list[Problem]:
    if terms.probation_months <= 0:
        return []
    ceiling = max_probation_months(terms.contract_type, terms.term_months)
    if terms.probation_months <= ceiling:
        return []
    params = {"months": terms.probation_months, "max": ceiling, "term": terms.term_months or 0}
    if ceiling == 0:
        return [Problem("probation_not_allowed",
                        "No probation is allowed for a task-based contract or a term under 3 months (Art. 19).", params)]
    return [Problem("probation_too_long",
                    f"A probation of {terms.probation_months} months exceeds the {ceiling} months Art. 19 allows for this term.",
                    params)]


def check_single_probation(terms: OfferTerms) -> list[Problem]:
    if terms.probation_months > 0 and terms.had_probation_with_employer:
        return [Problem("probation_repeated",
                        "This person already had a probation with the company; only one is allowed (Art. 19).")]
    return []


def check_probation_pay(terms: OfferTerms) -> list[Problem]:
    if terms.probation_months <= 0:
        return []
    if terms.probation_pay is None:
        return [Problem("probation_pay_missing", "Enter the probation pay.")]
    problems = []
    floor = terms.agreed_wage * PROBATION_PAY_SHARE
    if terms.probation_pay < floor:
        problems.append(Problem(
            "probation_pay_below_80", f"Probation pay {terms.probation_pay} is below 80% of the agreed wage ({floor}) (Art. 20).",
            {"pay": terms.probation_pay, "floor": half_up(floor, "0.01"), "wage": terms.agreed_wage},
        ))
    if terms.minimum_wage is None:
        problems.append(Problem("minimum_wage_unknown", "The work city has no minimum wage on the start date."))
    elif terms.probation_pay < terms.minimum_wage:
        problems.append(Problem(
            "probation_pay_below_minimum", f"Probation pay {terms.probation_pay} is below the city's minimum wage {terms.minimum_wage} (Art. 20).",
            {"pay": terms.probation_pay, "minimum": terms.minimum_wage},
        ))
    return problems


def check_wage(terms: OfferTerms) -> list[Problem]:
    if terms.minimum_wage is not None and terms.agreed_wage < terms.minimum_wage:
        return [Problem("wage_below_minimum", f"The agreed wage {terms.agreed_wage} is below the city's minimum wage {terms.minimum_wage}.",
                        {"wage": terms.agreed_wage, "minimum": terms.minimum_wage})]
    return []


CHECKS = (check_term, check_probation_length, check_single_probation, check_probation_pay, check_wage)


def legal_problems(terms: OfferTerms) -> list[Problem]:
    """Every problem of every check, in a stable order; empty when the offer may be sent."""
    return [problem for check in CHECKS for problem in check(terms)]


@dataclass(frozen=True)
class ComponentRange:
    code: str
    minimum: Decimal
    maximum: Decimal


def out_of_range(amounts: dict[str, Decimal], ranges: list[ComponentRange]) -> list[str]:
    """Codes of the components outside their structure's [minimum, maximum] (or not in the structure)."""
    known = {r.code: r for r in ranges}
    return [code for code, amount in amounts.items()
            if code not in known or not (known[code].minimum <= amount <= known[code].maximum)]
