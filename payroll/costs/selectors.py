"""The interview cost report: every done interview priced by the engine (payroll/costs/engine.py) and rolled
up per round, position, department and hire, with the cost structure and the advice rules.

Rates: the employee's own InterviewerRate in force on the interview day, else their grade's (the employee's
职位), else the monthly pay of the PayRecord in force that day ÷ 174. The report (``grouped_rollup``) lets the
database group the panel seats and the interviews by everything their price depends on — interviewer or room,
price period (the days between two rate changes), seconds, round, position — and prices each group once, so it
reads a few thousand grouped rows rather than every interview, in a fixed number of queries. The export
(``interview_cost_rows``) prices each interview on its own (``interview_facts``); tests hold the two equal.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate

from hrportal.decimals import half_up
from hrportal.display_names import display_name
from interviews.models import Interview, InterviewAssignment, InterviewRound, InterviewStatus, Scorecard
from payroll.costs.engine import (
    EARLY_ROUND_ORDER,
    Group,
    InterviewFacts,
    Rollup,
    advice,
    hourly_from_monthly,
    interview_cost,
    per_hire,
    roll_up_groups,
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
    return Interview.objects.filter(_done("", date_from, date_to))


def _done(prefix: str, date_from, date_to) -> Q:
    """Done interviews starting in the range (``prefix`` = the path to the interview, to filter by a join
    rather than an ``IN (subquery)``)."""
    q = Q(**{f"{prefix}status": InterviewStatus.DONE})
    if date_from:
        q &= Q(**{f"{prefix}starts_at__date__gte": date_from})
    if date_to:
        q &= Q(**{f"{prefix}starts_at__date__lte": date_to})
    return q


def _durations(prefix: str = ""):
    """Seconds of each interview: actual when both ends are recorded (and in order), else planned — in SQL."""
    actual = ExpressionWrapper(F(f"{prefix}actual_ended_at") - F(f"{prefix}actual_started_at"), output_field=DurationField())
    planned = ExpressionWrapper(F(f"{prefix}ends_at") - F(f"{prefix}starts_at"), output_field=DurationField())
    return Case(
        When(**{f"{prefix}actual_started_at__isnull": False, f"{prefix}actual_ended_at__gt": F(f"{prefix}actual_started_at")},
             then=actual),
        default=planned, output_field=DurationField(),
    )


class Prices:
    """Every rate and room price with the days they apply from (five small queries): ``rate_for(user_id, day)``
    → fen per hour (own rate → grade rate → monthly pay in force ÷ 174; None without any), ``rooms[room].at(day)``,
    and ``change_days`` — every day from which some price changes (between two of them, all prices hold)."""

    def __init__(self):
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
        self.employees, self.own_rates, self.grade_rates, self.pay, self.rooms = employees, own_rates, grade_rates, pay, rooms
        self.rate_cache: dict = {}
        days = {d for table in (own_rates, grade_rates, pay, rooms) for dated in table.values() for d in dated._days}
        self.change_days = sorted(days)

    def rate_for(self, user_id, day):
        """Own rate → grade rate → monthly pay in force ÷ 174 (fen per hour), None without any."""
        key = (user_id, day)
        if key in self.rate_cache:
            return self.rate_cache[key]
        employee, rate = self.employees.get(user_id), None
        if employee is not None:
            if employee["id"] in self.own_rates:
                rate = self.own_rates[employee["id"]].at(day)
            if rate is None and employee["position_id"] in self.grade_rates:
                rate = self.grade_rates[employee["position_id"]].at(day)
            if rate is None and employee["id"] in self.pay:
                rate = self.pay[employee["id"]].at(day)
        self.rate_cache[key] = rate
        return rate

    def period_day(self, period: int) -> dt.date:
        """A day of price period ``period`` (0 = before the first change day)."""
        return self.change_days[period - 1] if period else dt.date.min


def _labels_of(round_ids, position_ids) -> tuple[dict, dict]:
    rounds = {r["id"]: r for r in InterviewRound.objects.filter(pk__in=round_ids).values(
        "id", "name", "name_en", "order", "plan__position__title_zh", "plan__position__title_en")}
    positions = {p["id"]: p for p in Position.objects.filter(pk__in=position_ids).values(
        "id", "title_zh", "title_en", "priority", "department_id", "department__name", "department__name_en")}
    return rounds, positions


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
    travel = {
        interview_id: to_fen(total) for interview_id, total in
        TravelClaim.objects.filter(interview__in=done).values("interview_id").annotate(total=Sum("amount"))
        .values_list("interview_id", "total")
    }
    prices = Prices()
    rounds, positions = _labels_of({row[4] for row in interviews}, {row[5] for row in interviews})
    rate_for, rooms = prices.rate_for, prices.rooms
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
    return facts, _labels(rounds, positions)


def _labels(rounds: dict, positions: dict) -> dict:
    """Names of rounds ("position · round"), positions and departments in the active language."""
    def position_of(row: dict, prefix: str) -> dict:
        return {"title_zh": row[f"{prefix}title_zh"], "title_en": row[f"{prefix}title_en"]}

    def department_of(row: dict) -> dict:
        return {"name": row["department__name"], "name_en": row["department__name_en"]}

    return {
        "round": {k: f"{display_name(position_of(r, 'plan__position__'))} · {display_name(r)}" for k, r in rounds.items()},
        "position": {k: display_name(p) for k, p in positions.items()},
        "department": {p["department_id"]: display_name(department_of(p)) for p in positions.values()},
        "priority": {k: p["priority"] for k, p in positions.items()},
    }


def _period(day_field: str, change_days: list[dt.date]):
    """SQL: the price period of a day — how many change days are on or before it (0 before the first)."""
    if not change_days:
        return Value(0, output_field=IntegerField())
    return Case(
        *[When(**{f"{day_field}__gte": day, "then": Value(i)}) for i, day in reversed(list(enumerate(change_days, start=1)))],
        default=Value(0), output_field=IntegerField(),
    )


def grouped_rollup(*, date_from=None, date_to=None) -> tuple[Rollup, dict]:
    """The roll-up of every done interview in the range, priced in groups: the database groups the panel seats
    by interviewer × price period × seconds × round × position and the interviews by room × price period ×
    seconds × round × position (prices hold between two change days), Python prices each group once. The same
    fen as ``roll_up(interview_facts(...))`` (tests/payroll/test_cost_groups.py compares them), without a row
    per interview: nine queries whatever the number of interviews."""
    prices = Prices()
    done = done_interviews(date_from=date_from, date_to=date_to)
    local_day = TruncDate("starts_at", tzinfo=SHANGHAI)
    seats = list(
        InterviewAssignment.objects.filter(_done("interview__", date_from, date_to))
        .annotate(day=TruncDate("interview__starts_at", tzinfo=SHANGHAI), duration=_durations("interview__"))
        .annotate(period=_period("day", prices.change_days))
        .values("interviewer_id", "period", "duration", "interview__round_id", "interview__application__position_id")
        .annotate(n=Count("id")).values_list("interviewer_id", "period", "duration", "interview__round_id",
                                             "interview__application__position_id", "n")
    )
    sessions = list(
        done.annotate(day=local_day, duration=_durations()).annotate(period=_period("day", prices.change_days))
        .values("room", "period", "duration", "round_id", "application__position_id").annotate(n=Count("id"))
        .values_list("room", "period", "duration", "round_id", "application__position_id", "n")
    )
    travel_rows = list(
        TravelClaim.objects.filter(_done("interview__", date_from, date_to)).values("interview__round_id", "interview__application__position_id")
        .annotate(total=Sum("amount")).values_list("interview__round_id", "interview__application__position_id", "total")
    )
    rounds, positions = _labels_of({r[3] for r in sessions}, {r[4] for r in sessions})

    def department(position_id):
        return positions[position_id]["department_id"] if position_id in positions else None

    def order(round_id):
        return rounds[round_id]["order"] if round_id in rounds else 1

    seat_groups = [
        Group(n=n, seconds=int(duration.total_seconds()), price_fen=prices.rate_for(user_id, prices.period_day(period)),
              round_key=round_id, position_key=position_id, department_key=department(position_id), round_order=order(round_id))
        for user_id, period, duration, round_id, position_id, n in seats
    ]
    room_groups = [
        Group(n=n, seconds=int(duration.total_seconds()),
              price_fen=prices.rooms[room].at(prices.period_day(period)) if room and room in prices.rooms else None,
              round_key=round_id, position_key=position_id, department_key=department(position_id))
        for room, period, duration, round_id, position_id, n in sessions
    ]
    travel = defaultdict(int)
    for round_id, position_id, total in travel_rows:
        travel[(round_id, position_id, department(position_id))] += to_fen(total)
    all_rates = sorted({g.price_fen for g in seat_groups if g.price_fen is not None})
    senior_from = senior_threshold(all_rates)
    senior_interviews = {}
    senior_seats = [g for g in seats if senior_from is not None and order(g[3]) <= EARLY_ROUND_ORDER]
    pairs = {(user_id, period) for user_id, period, _d, _r, _p, _n in senior_seats
             if (rate := prices.rate_for(user_id, prices.period_day(period))) is not None and rate >= senior_from}
    if pairs:
        # early-round interviews with at least one senior seat, per position (one more query)
        by_period = defaultdict(set)
        for user_id, period in pairs:
            by_period[period].add(user_id)
        senior = Q()
        for period, users in by_period.items():
            seat = InterviewAssignment.objects.filter(interview_id=OuterRef("pk"), interviewer_id__in=sorted(users))
            senior |= Q(period=period) & Q(Exists(seat))
        senior_interviews = dict(
            done.filter(round__order__lte=EARLY_ROUND_ORDER).annotate(day=local_day)
            .annotate(period=_period("day", prices.change_days)).filter(senior)
            .values("application__position_id").annotate(n=Count("id")).values_list("application__position_id", "n")
        )
    rollup = roll_up_groups(seats=seat_groups, rooms=room_groups, travel=travel, senior_from=senior_from,
                            senior_interviews=senior_interviews)
    return rollup, _labels(rounds, positions)


def grouped_costs(*, key_fields: tuple[str, ...], interviews: Q, date_from=None, date_to=None) -> dict:
    """Cost of the done interviews in the range that match ``interviews`` (a Q on Interview), per value of
    ``key_fields`` (Interview field paths, e.g. ``("application__source",)``) → ``Cost``. Priced in groups like
    ``grouped_rollup`` (seats by interviewer × price period × seconds × key, interviews by room × price period
    × seconds × key, each group priced once by ``roll_up_groups``): the same fen as pricing each interview on
    its own, in a fixed number of queries (seven) whatever the number of interviews."""
    prices = Prices()
    seat_keys = [f"interview__{f}" for f in key_fields]
    seat_scope = Interview.objects.filter(interviews).values("pk")
    seats = (
        InterviewAssignment.objects.filter(_done("interview__", date_from, date_to), interview__in=seat_scope)
        .annotate(day=TruncDate("interview__starts_at", tzinfo=SHANGHAI), duration=_durations("interview__"))
        .annotate(period=_period("day", prices.change_days))
        .values("interviewer_id", "period", "duration", *seat_keys).annotate(n=Count("id"))
        .values_list("interviewer_id", "period", "duration", "n", *seat_keys)
    )
    sessions = (
        done_interviews(date_from=date_from, date_to=date_to).filter(interviews)
        .annotate(day=TruncDate("starts_at", tzinfo=SHANGHAI), duration=_durations())
        .annotate(period=_period("day", prices.change_days))
        .values("room", "period", "duration", *key_fields).annotate(n=Count("id"))
        .values_list("room", "period", "duration", "n", *key_fields)
    )
    travel_rows = (
        TravelClaim.objects.filter(_done("interview__", date_from, date_to), interview__in=seat_scope)
        .values(*seat_keys).annotate(total=Sum("amount")).values_list("total", *seat_keys)
    )
    seat_groups = [
        Group(n=n, seconds=int(duration.total_seconds()), price_fen=prices.rate_for(user_id, prices.period_day(period)),
              round_key=tuple(key))
        for user_id, period, duration, n, *key in seats
    ]
    room_groups = [
        Group(n=n, seconds=int(duration.total_seconds()),
              price_fen=prices.rooms[room].at(prices.period_day(period)) if room and room in prices.rooms else None,
              round_key=tuple(key))
        for room, period, duration, n, *key in sessions
    ]
    travel = defaultdict(int)
    for total, *key in travel_rows:
        travel[(tuple(key), None, None)] += to_fen(total)
    rollup = roll_up_groups(seats=seat_groups, rooms=room_groups, travel=travel)
    return dict(rollup.by_round)


def cost_report(*, date_from=None, date_to=None) -> dict:
    """Totals, structure, per round / position / department / hire, and advice. A fixed number of queries."""
    rollup, labels = grouped_rollup(date_from=date_from, date_to=date_to)
    hires = dict(
        Application.objects.filter(stage=Stage.HIRED, position_id__in=list(rollup.by_position))
        .values("position_id").annotate(n=Count("id")).values_list("position_id", "n")
    )
    hire_cost = per_hire(rollup.by_position, hires)
    pass_rows = (
        Scorecard.objects.filter(_done("interview__", date_from, date_to), is_current=True, status=Scorecard.Status.SUBMITTED)
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
