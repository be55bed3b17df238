"""Reading city policies: the rules in force on a date, as the pure engine's ``LineRule``s."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from payroll.models import City, ContributionRule, MinimumWage
from payroll.social_insurance.contributions import LineRule


def rules_in_force(on: dt.date) -> dict[int, tuple[LineRule, ...]]:
    """city id → the lines in force on ``on`` (one query for every city)."""
    rows = ContributionRule.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    by_city: dict[int, list[LineRule]] = defaultdict(list)
    for rule in rows.order_by("city_id", "line"):
        by_city[rule.city_id].append(LineRule(
            line=rule.line, base_lower=rule.base_lower, base_upper=rule.base_upper, employer_rate=rule.employer_rate,
            employee_rate=rule.employee_rate, employer_fixed=rule.employer_fixed, employee_fixed=rule.employee_fixed,
            rounding=rule.rounding,
        ))
    return {city: tuple(lines) for city, lines in by_city.items()}


def minimum_wage(city: City, on: dt.date) -> MinimumWage | None:
    return MinimumWage.objects.filter(city=city, valid_from__lte=on).order_by("-valid_from").first()


def policy_table():
    """Every city with its rules, newest period first, for the policy page."""
    return City.objects.prefetch_related("rules", "minimum_wages").order_by("code")
