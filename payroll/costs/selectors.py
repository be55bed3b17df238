"""The interview cost report: every done interview priced by the engine (payroll/costs/engine.py) and rolled
up per round, position, department and hire, with the cost structure and the advice rules.

Rates: the employee's own InterviewerRate in force on the interview day, else their grade's (the employee's
职位), else the monthly pay of the PayRecord in force that day ÷ 174. A fixed number of queries whatever the
number of interviews (each table read once; the pricing runs in Python over the rows).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hrportal.decimals import half_up
from interviews.models import Interview, InterviewAssignment, InterviewStatus, Scorecard
from payroll.costs.engine import (
    InterviewFacts,
    advice,
    hourly_from_monthly,
    hours_between,
    interview_cost,
    per_hire,
    roll_up,
    senior_threshold,
)
from payroll.models import InterviewerRate, PayRecord, RoomRate, TravelClaim
from recruiting.models import Application, Employee
from recruiting.pipeline import Stage

ZERO = Decimal("0")


class _Dated:
    """Values valid from dates: ``at(day)`` → the one in force (None before the first)."""

    def __init__(self):
        self._days: list[dt.date] = []
        self._values: list = []

    def add(self, day: dt.date, value) -> None:
        i = bisect.bisect_right(self._days, day)
        self._days.insert(i, day)
        self._values.insert(i, value)

    def at(self, day: dt.date):
        i = bisect.bisect_right(self._days, day)
        return self._values[i - 1] if i else None


def done_interviews(*, date_from=None, date_to=None):
    rows = Interview.objects.filter(status=InterviewStatus.DONE)
    if date_from:
        rows = rows.filter(starts_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(starts_at__date__lte=date_to)
    return rows


def interview_facts(*, date_from=None, date_to=None) -> tuple[list[InterviewFacts], dict]:
    """The engine's input for every done interview in the range, and the labels of rounds, positions and
    departments (for the page). Seven queries."""
    interviews = list(done_interviews(date_from=date_from, date_to=date_to).values(
        "id", "starts_at", "ends_at", "actual_started_at", "actual_ended_at", "room", "round_id", "round__name",
        "round__order", "application__position_id", "application__position__title_zh", "application__position__priority",
        "application__position__department_id", "application__position__department__name",
    ))
    ids = [r["id"] for r in interviews]
    panel = defaultdict(list)
    for interview_id, user_id in InterviewAssignment.objects.filter(
        interview__in=done_interviews(date_from=date_from, date_to=date_to)
    ).values_list("interview_id", "interviewer_id"):
        panel[interview_id].append(user_id)
    employees = {
        e["user_id"]: e for e in Employee.objects.filter(user_id__isnull=False).values("id", "user_id", "position_id")
    }
    own_rates, grade_rates = defaultdict(_Dated), defaultdict(_Dated)
    for rate in InterviewerRate.objects.all():
        if rate.employee_id:
            own_rates[rate.employee_id].add(rate.valid_from, rate.hourly_rate)
        else:
            grade_rates[rate.grade_id].add(rate.valid_from, rate.hourly_rate)
    pay = defaultdict(_Dated)
    for record in PayRecord.objects.filter(employee_id__in=[e["id"] for e in employees.values()]).only(
        "employee_id", "valid_from", "components_data",
    ):
        pay[record.employee_id].add(record.valid_from, record.monthly_total())
    rooms = defaultdict(_Dated)
    for room in RoomRate.objects.all():
        rooms[room.room].add(room.valid_from, room.hourly_price)
    travel = dict(
        TravelClaim.objects.filter(interview__in=done_interviews(date_from=date_from, date_to=date_to))
        .values("interview_id").annotate(total=Sum("amount")).values_list("interview_id", "total")
    )

    def rate_for(user_id, day):
        employee = employees.get(user_id)
        if employee is None:
            return None
        rate = own_rates[employee["id"]].at(day) if employee["id"] in own_rates else None
        if rate is None and employee["position_id"] in grade_rates:
            rate = grade_rates[employee["position_id"]].at(day)
        if rate is None and employee["id"] in pay:
            monthly = pay[employee["id"]].at(day)
            rate = hourly_from_monthly(monthly) if monthly else None
        return rate

    labels = {"round": {}, "position": {}, "department": {}, "priority": {}}
    facts = []
    for r in interviews:
        day = timezone.localtime(r["starts_at"]).date()
        actual = r["actual_started_at"] and r["actual_ended_at"] and r["actual_ended_at"] > r["actual_started_at"]
        hours = hours_between(r["actual_started_at"], r["actual_ended_at"]) if actual else hours_between(r["starts_at"], r["ends_at"])
        room_price = rooms[r["room"]].at(day) if r["room"] and r["room"] in rooms else None
        facts.append(InterviewFacts(
            interview_id=r["id"], hours=hours, rates=tuple(rate_for(u, day) for u in panel.get(r["id"], ())),
            room_price=room_price, travel=travel.get(r["id"]) or ZERO, round_key=r["round_id"],
            position_key=r["application__position_id"], department_key=r["application__position__department_id"],
            round_order=r["round__order"] or 1, position_priority=r["application__position__priority"],
        ))
        labels["round"][r["round_id"]] = f"{r['application__position__title_zh']} · {r['round__name']}"
        labels["position"][r["application__position_id"]] = r["application__position__title_zh"]
        labels["department"][r["application__position__department_id"]] = r["application__position__department__name"]
        labels["priority"][r["application__position_id"]] = r["application__position__priority"]
    labels["ids"] = ids
    return facts, labels


def cost_report(*, date_from=None, date_to=None) -> dict:
    """Totals, structure, per round / position / department / hire, and advice. Nine queries."""
    facts, labels = interview_facts(date_from=date_from, date_to=date_to)
    all_rates = sorted({r for f in facts for r in f.rates if r is not None})
    rollup = roll_up(facts, senior_from=senior_threshold(all_rates))
    hires = dict(
        Application.objects.filter(stage=Stage.HIRED, position_id__in=list(rollup.by_position))
        .values("position_id").annotate(n=Count("id")).values_list("position_id", "n")
    )
    hire_cost = per_hire(rollup.by_position, hires)
    pass_rows = (
        Scorecard.objects.filter(is_current=True, status=Scorecard.Status.SUBMITTED,
                                 interview__in=done_interviews(date_from=date_from, date_to=date_to))
        .values("interview__round_id").annotate(n=Count("id"), passed=Count("id", filter=Q(recommendation__in=["yes", "strong_yes"])))
    )
    round_pass = {
        r["interview__round_id"]: Decimal(100 * r["passed"]) / r["n"] for r in pass_rows if r["n"] >= 5
    }
    found = advice(rollup=rollup, hires_cost=hire_cost, round_pass_rates=round_pass, priorities=labels["priority"])

    def rows(bucket: dict, names: dict, *, with_hires=False) -> list[dict]:
        out = []
        for key, cost in bucket.items():
            row = {"key": key, "label": names.get(key, "—"), "cost": cost, "shares": cost.shares()}
            if with_hires:
                row["hires"] = hires.get(key, 0)
                row["per_hire"] = hire_cost.get(key)
                row["per_interview"] = half_up(cost.total / cost.interviews) if cost.interviews else None
            out.append(row)
        return sorted(out, key=lambda r: -r["cost"].total)

    for item in found:
        names = labels["round"] if item["rule"] == "near_all_pass" else labels["position"]
        item["label"] = names.get(item["key"], "—")
    return {
        "total": rollup.total, "shares": rollup.total.shares(),
        "rounds": rows(rollup.by_round, labels["round"]),
        "positions": rows(rollup.by_position, labels["position"], with_hires=True),
        "departments": rows(rollup.by_department, labels["department"]),
        "advice": found,
    }


def interview_cost_rows(*, date_from=None, date_to=None):
    """One row per priced interview (for the export): id, round, hours, time, room, travel, total."""
    facts, labels = interview_facts(date_from=date_from, date_to=date_to)
    for f in facts:
        cost = interview_cost(f)
        yield f, labels["round"].get(f.round_key, ""), cost
