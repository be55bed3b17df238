"""Social insurance and housing fund from the shipped city policies: at, below and above both bounds in both
cities, the roundings, Beijing's +3 yuan, and the rules' dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from payroll.models import City, ContributionRule
from payroll.social_insurance.contributions import LineRule, contributions, round_contribution
from payroll.social_insurance.selectors import rules_in_force

pytestmark = pytest.mark.django_db

JULY_2025 = dt.date(2025, 7, 1)


def by_line(city_code, wage, on=JULY_2025, **kwargs):
    city = City.objects.get(code=city_code)
    return {c.line: c for c in contributions(list(rules_in_force(on)[city.pk]), D(wage), **kwargs)}


@pytest.mark.parametrize("city, lower, upper", [("beijing", "7162", "35811"), ("shanghai", "7460", "37302")])
@pytest.mark.parametrize("where", ["below", "at_lower", "inside", "at_upper", "above"])
def test_pension_base_clamped_to_both_bounds(city, lower, upper, where):
    wage = {"below": D(lower) - 1000, "at_lower": D(lower), "inside": D("20000"), "at_upper": D(upper),
            "above": D(upper) + 50000}[where]
    pension = by_line(city, wage)["pension"]
    expected_base = min(max(wage, D(lower)), D(upper))
    assert pension.base == expected_base
    assert pension.employee == round_contribution(expected_base * D("0.08"), "jiao_up" if city == "shanghai" else "fen_half_up")
    assert pension.employer == round_contribution(expected_base * D("0.16"), "jiao_up" if city == "shanghai" else "fen_half_up")


@pytest.mark.parametrize("city, lower, upper", [("beijing", "2540", "35811"), ("shanghai", "2690", "37302")])
@pytest.mark.parametrize("wage_delta, side", [(-1, "lower"), (0, "lower"), (0, "upper"), (1, "upper")])
def test_housing_fund_has_its_own_bounds(city, lower, upper, wage_delta, side):
    bound = D(lower) if side == "lower" else D(upper)
    wage = bound + (D(wage_delta) * 500)
    hf = by_line(city, wage)["housing_fund"]
    assert hf.base == min(max(wage, D(lower)), D(upper))


def test_beijing_medical_adds_3_yuan_for_the_employee():
    medical = by_line("beijing", "20000")["medical"]
    assert medical.employee == D("403.00")  # 2% + 3
    assert medical.employer == D("1960.00")  # 9.8%


def test_shanghai_rounds_si_up_to_the_jiao_and_hf_to_the_yuan():
    lines = by_line("shanghai", "12345.67")
    assert lines["pension"].employee == D("987.70")  # 987.6536 → 987.7
    assert lines["unemployment"].employee == D("61.80")  # 61.728 → 61.8 (见分进角)
    assert lines["housing_fund"].employee == D("864.00")  # 864.1969 → 864


def test_work_injury_is_paid_by_the_employer_only():
    injury = by_line("beijing", "20000")["work_injury"]
    assert injury.employee == D("0.00") and injury.employer == D("80.00")


def test_housing_fund_rate_chosen_for_the_employee():
    hf = by_line("beijing", "20000", housing_fund_rate=D("0.05"))["housing_fund"]
    assert (hf.employer, hf.employee) == (D("1000.00"), D("1000.00"))


def test_the_contribution_year_changes_in_july():
    june = by_line("beijing", "1000", on=dt.date(2025, 6, 30))["pension"]
    july = by_line("beijing", "1000", on=dt.date(2025, 7, 1))["pension"]
    assert (june.base, july.base) == (D("6821"), D("7162"))
    shanghai_2024 = by_line("shanghai", "99999", on=dt.date(2024, 12, 1))["pension"]
    assert shanghai_2024.base == D("36921")


def test_every_shipped_row_cites_a_source_and_unverified_figures_are_marked():
    rules = ContributionRule.objects.all()
    assert rules.count() == 20
    assert all(rule.source.strip() for rule in rules)
    beijing_medical = rules.get(city__code="beijing", line="medical", valid_from=JULY_2025)
    assert "UNVERIFIED" in beijing_medical.unverified


def test_overlapping_periods_are_refused():
    beijing = City.objects.get(code="beijing")
    rule = ContributionRule(city=beijing, line="pension", valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 12, 31),
                            base_lower=1, base_upper=2, employer_rate=D("0.1"), employee_rate=D("0.1"), source="x")
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_unknown_rounding_rule_is_an_error():
    with pytest.raises(ValueError):
        contributions([LineRule("pension", D(1), D(9), D("0.1"), D("0.1"), rounding="nearest")], D(5))
