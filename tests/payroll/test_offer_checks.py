"""The legal checks of an offer at their boundaries (Labour Contract Law Art. 19, 20): pure, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payroll.offers.checks import (
    ComponentRange,
    OfferTerms,
    legal_problems,
    max_probation_months,
    out_of_range,
)


def terms(**kw):
    base = dict(contract_type="fixed", term_months=36, probation_months=0, probation_pay=None,
                agreed_wage=Decimal("10000"), minimum_wage=Decimal("2540"))
    base.update(kw)
    return OfferTerms(**base)


def codes(t):
    return [p.code for p in legal_problems(t)]


@pytest.mark.parametrize("contract_type, term, ceiling", [
    ("task", None, 0), ("fixed", 2, 0), ("fixed", 3, 1), ("fixed", 11, 1), ("fixed", 12, 2), ("fixed", 35, 2),
    ("fixed", 36, 6), ("fixed", 60, 6), ("open_ended", None, 6),
])
def test_probation_ceiling_by_term(contract_type, term, ceiling):
    assert max_probation_months(contract_type, term) == ceiling


@pytest.mark.parametrize("term, months, ok", [
    (3, 1, True), (3, 2, False), (11, 1, True), (11, 2, False), (12, 2, True), (12, 3, False),
    (35, 2, True), (35, 3, False), (36, 6, True), (36, 7, False),
])
def test_probation_length_at_the_boundaries(term, months, ok):
    problems = codes(terms(term_months=term, probation_months=months, probation_pay=Decimal("8000")))
    assert (problems == []) is ok
    if not ok:
        assert problems == ["probation_too_long"]


def test_no_probation_under_three_months_or_task_based():
    assert codes(terms(term_months=2, probation_months=1, probation_pay=Decimal("8000"))) == ["probation_not_allowed"]
    assert codes(terms(contract_type="task", term_months=None, probation_months=1, probation_pay=Decimal("8000"))) == ["probation_not_allowed"]
    assert codes(terms(term_months=2, probation_months=0)) == []


def test_probation_pay_eighty_percent_boundary():
    assert codes(terms(probation_months=2, probation_pay=Decimal("8000.00"))) == []
    problems = legal_problems(terms(probation_months=2, probation_pay=Decimal("7999.99")))
    assert [p.code for p in problems] == ["probation_pay_below_80"]
    assert problems[0].params["floor"] == Decimal("8000.00")


def test_probation_pay_minimum_wage_boundary():
    # 80 % of 3,000 is 2,400: the city's minimum (2,540) is the binding floor
    assert codes(terms(agreed_wage=Decimal("3000"), probation_months=1, probation_pay=Decimal("2540"))) == []
    assert codes(terms(agreed_wage=Decimal("3000"), probation_months=1, probation_pay=Decimal("2539.99"))) == ["probation_pay_below_minimum"]


def test_one_probation_per_employer():
    assert codes(terms(probation_months=1, probation_pay=Decimal("9000"), had_probation_with_employer=True)) == ["probation_repeated"]
    assert codes(terms(probation_months=0, had_probation_with_employer=True)) == []


def test_missing_figures_are_named():
    assert codes(terms(probation_months=1, probation_pay=None)) == ["probation_pay_missing"]
    assert codes(terms(probation_months=1, probation_pay=Decimal("9000"), minimum_wage=None)) == ["minimum_wage_unknown"]
    assert codes(terms(term_months=None)) == ["term_missing"]
    assert codes(terms(agreed_wage=Decimal("2000"))) == ["wage_below_minimum"]


def test_components_outside_their_range():
    ranges = [ComponentRange("base", Decimal("7000"), Decimal("9000")), ComponentRange("bonus", Decimal("1500"), Decimal("3000"))]
    assert out_of_range({"base": Decimal("9000"), "bonus": Decimal("1500")}, ranges) == []
    assert out_of_range({"base": Decimal("9000.01"), "bonus": Decimal("1499.99"), "meal": Decimal("1")}, ranges) == ["base", "bonus", "meal"]
