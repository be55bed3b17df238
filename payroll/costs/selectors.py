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
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, DurationField, ExpressionWrapper, F, Q, Sum, When
from django.db.models.functions import TruncDate

from hrportal.decimals import half_up
from interviews.models import Interview, InterviewAssignment, InterviewRound, InterviewStatus, Scorecard
from payroll.costs.engine import (
    InterviewFacts,
    advice,
    hourly_from_monthly,
    interview_cost,
    per_hire,
    roll_up,
    senior_threshold,
    to_fen,
)
from payroll.models import InterviewerRate, PayRecord, RoomRate, TravelClaim
from recruiting.models import Application, Employee, Position
from recruiting.pipeline import Stage

ZERO = Decimal("0")
SHANGHAI = ZoneInfo(settings.TIME_ZONE)


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


def _durations():
    """Seconds of each interview: actual when both ends are recorded (and in order), else planned — in SQL."""
    actual = ExpressionWrapper(F("actual_ended_at") - F("actual_started_at"), output_field=DurationField())
    planned = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    return Case(
        When(actual_started_at__isnull=False, actual_ended_at__gt=F("actual_started_at"), then=actual),
        default=planned, output_field=DurationField(),
    )


def interview_facts(*, date_from=None, date_to=None) -> tuple[list[InterviewFacts], dict]:
    """The engine's input for every done interview in the range, and the labels of rounds, positions and
    departments (for the page). Eleven small queries; per interview only integers and a date are read."""
    done = done_interviews(date_from=date_from, date_to=date_to)
    interviews = list(done.annotate(duration=_durations(), day=TruncDate("starts_at", tzinfo=SHANGHAI)).values_list(
        "id", "duration", "day", "room", "round_id", "application__position_id",
    ))
    panel = defaultdict(list)
    for interview_id, user_id in InterviewAssignment.objects.filter(interview__in=done).values_list("interview_id", "interviewer_id"):
        panel[interview_id].append(user_id)
    employees = {
        e["user_id"]: e for e in Employee.objects.filter(user_id__isnull=False).values("id", "user_id", "position_id")
    }
    own_rates, grade_rates = defaultdict(_Dated), defaultdict(_Dated)
    for rate in InterviewerRate.objects.all():
        target = own_rates[rate.employee_id] if rate.employee_id else grade_rates[rate.grade_id]
        target.add(rate.valid_from, to_fen(rate.hourly_rate))
    pay = defaultdict(_Dated)
    for record in PayRecord.objects.filter(employee_id__in=[e["id"] for e in employees.values()]).only(
        "employee_id", "valid_from", "components_data",
    ):
        pay[record.employee_id].add(record.valid_from, to_fen(hourly_from_monthly(record.monthly_total())))
    rooms = defaultdict(_Dated)
    for room in RoomRate.objects.all():
        rooms[room.room].add(room.valid_from, to_fen(room.hourly_price))
    travel = {
        interview_id: to_fen(total) for interview_id, total in
        TravelClaim.objects.filter(interview__in=done).values("interview_id").annotate(total=Sum("amount"))
        .values_list("interview_id", "total")
    }
    rounds = {r["id"]: r for r in InterviewRound.objects.filter(pk__in={row[4] for row in interviews}).values(
        "id", "name", "order", "plan__position__title_zh")}
    positions = {p["id"]: p for p in Position.objects.filter(pk__in={row[5] for row in interviews}).values(
        "id", "title_zh", "priority", "department_id", "department__name")}

    rate_cache: dict = {}

    def rate_for(user_id, day):
        """Own rate → grade rate → monthly pay in force ÷ 174 (fen per hour), None without any."""
        key = (user_id, day)
        if key in rate_cache:
            return rate_cache[key]
        employee, rate = employees.get(user_id), None
        if employee is not None:
            if employee["id"] in own_rates:
                rate = own_rates[employee["id"]].at(day)
            if rate is None and employee["position_id"] in grade_rates:
                rate = grade_rates[employee["position_id"]].at(day)
            if rate is None and employee["id"] in pay:
                rate = pay[employee["id"]].at(day)
        rate_cache[key] = rate
        return rate

    facts = []
    for interview_id, duration, day, room, round_id, position_id in interviews:
        facts.append(InterviewFacts(
            interview_id=interview_id, seconds=int(duration.total_seconds()),
            rates_fen=tuple(rate_for(u, day) for u in panel.get(interview_id, ())),
            room_fen=rooms[room].at(day) if room and room in rooms else None, travel_fen=travel.get(interview_id, 0),
            round_key=round_id, position_key=position_id,
            department_key=positions[position_id]["department_id"] if position_id in positions else None,
            round_order=rounds[round_id]["order"] if round_id in rounds else 1,
        ))
    labels = {
        "round": {k: f"{r['plan__position__title_zh']} · {r['name']}" for k, r in rounds.items()},
        "position": {k: p["title_zh"] for k, p in positions.items()},
        "department": {p["department_id"]: p["department__name"] for p in positions.values()},
        "priority": {k: p["priority"] for k, p in positions.items()},
    }
    return facts, labels


def cost_report(*, date_from=None, date_to=None) -> dict:
    """Totals, structure, per round / position / department / hire, and advice. A fixed number of queries."""
    facts, labels = interview_facts(date_from=date_from, date_to=date_to)
    all_rates = sorted({r for f in facts for r in f.rates_fen if r is not None})
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
