"""The city policy page: every city's rules by period, with each row's source and what is UNVERIFIED."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from payroll.social_insurance.selectors import policy_table


def policies(request):
    today = timezone.localdate()
    cities = []
    for city in policy_table():
        periods: dict = {}
        for rule in sorted(city.rules.all(), key=lambda r: (r.valid_from, r.line), reverse=True):
            periods.setdefault((rule.valid_from, rule.valid_to), []).append(rule)
        cities.append({
            "city": city,
            "periods": [
                {"valid_from": start, "valid_to": end, "rules": sorted(rules, key=lambda r: r.line),
                 "current": start <= today and (end is None or today <= end)}
                for (start, end), rules in periods.items()
            ],
            "minimum_wages": sorted(city.minimum_wages.all(), key=lambda m: m.valid_from, reverse=True),
        })
    return render(request, "payroll/policies.html", {"cities": cities})
