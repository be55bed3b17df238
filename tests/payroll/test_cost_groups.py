"""The cost report prices grouped facts (payroll/costs/selectors.grouped_rollup): after every kind of change —
a rate from a new day, a grade rate, a new pay record, a room price change, travel entered or imported, actual
times recorded, an interviewer without any rate, a date range, the senior-time rule — its roll-up equals pricing
every interview on its own (``roll_up(interview_facts())``, the engine's per-interview path), to the fen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from interviews.models import InterviewStatus
from payroll.costs import selectors, services
from payroll.costs.engine import roll_up, senior_threshold
from payroll.models import City
from payroll.structures.services import create_pay_record
from recruiting.models import Application, Candidate, Employee
from tests.interviews.schedule_builders import book, make_round

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _per_interview(**filters):
    facts, labels = selectors.interview_facts(**filters)
    all_rates = sorted({r for f in facts for r in f.rates_fen if r is not None})
    return roll_up(facts, senior_from=senior_threshold(all_rates)), labels


def _same(**filters):
    expected, expected_labels = _per_interview(**filters)
    grouped, labels = selectors.grouped_rollup(**filters)

    def norm(r):
        return (r.total, dict(r.by_round), dict(r.by_position), dict(r.by_department),
                {k: tuple(v) for k, v in r.senior_early.items()})

    assert norm(grouped) == norm(expected)
    assert labels == expected_labels
    return grouped


@pytest.fixture
def company(ehr, users):
    """Six interviewers with rates 100…600 元/h (one from a pay record, one with no rate at all), two rounds, two
    rooms, twenty done interviews over the last 60 days with actual times on some and travel on others."""
    finance = users["finance"]
    panel = []
    for i in range(6):
        user = User.objects.create_user(username=f"cost_iv{i}", password="x")
        employee = Employee.objects.create(employee_no=f"C{i:03d}", name=f"面试官{i}", user=user, department=ehr["sales"],
                                           hire_date="2020-01-01")
        if i == 4:
            create_pay_record(employee=employee, valid_from=dt.date(2024, 1, 1), city=City.objects.get(code="beijing"),
                              components=[{"code": "base", "name": "基本工资", "kind": "base", "amount": "17401"}], by=finance)
        elif i < 4:
            services.set_interviewer_rate(hourly_rate=Decimal(100 * (i + 1)) + Decimal("0.37"), valid_from=dt.date(2024, 1, 1),
                                          employee=employee, by=finance)
        panel.append(user)
    for room, price in (("A-301", "200"), ("B-202", "133.33")):
        services.set_room_rate(room=room, hourly_price=Decimal(price), valid_from=dt.date(2024, 1, 1))
    first = make_round(ehr, users, pool=("interviewer", "manager"))
    second = make_round(ehr, users, name="复面", pool=("interviewer", "manager"))
    interviews = []
    for i in range(20):
        application = Application.objects.create(candidate=Candidate.objects.create(name=f"候选{i}"), position=ehr["position"])
        starts = timezone.now() - dt.timedelta(days=3 * i + 1, minutes=7 * i)
        interview = book(application, first if i % 2 else second, starts, minutes=45 + 5 * (i % 4),
                         interviewers=[panel[i % 6], panel[(i + 1) % 6]], room=("A-301", "B-202", "")[i % 3])
        interview.set_status(InterviewStatus.DONE, by=users["hr"])
        if i % 4 == 0:
            type(interview).objects.filter(pk=interview.pk).update(
                actual_started_at=starts + dt.timedelta(minutes=3), actual_ended_at=starts + dt.timedelta(minutes=71 + i))
        if i % 5 == 0:
            services.add_travel_claim(interview=interview, kind="airfare", amount=Decimal("812.35"))
        interviews.append(interview)
    return {"panel": panel, "interviews": interviews, "first": first, "second": second}


def test_the_grouped_roll_up_equals_pricing_each_interview(company):
    rollup = _same()
    assert rollup.total.interviews == 20 and rollup.total.missing_rates > 0 and rollup.senior_early


def test_a_rate_from_a_new_day_splits_the_price_periods(company):
    employee = Employee.objects.get(user=company["panel"][0])
    services.set_interviewer_rate(hourly_rate=Decimal("777.77"), valid_from=TODAY - dt.timedelta(days=20), employee=employee)
    before = _per_interview()[0].total.time_fen
    _same()
    services.set_interviewer_rate(hourly_rate=Decimal("55.55"), valid_from=TODAY - dt.timedelta(days=40), employee=employee)
    assert _same().total.time_fen != before


def test_a_grade_rate_and_a_new_pay_record(company, ehr, users):
    services.set_interviewer_rate(hourly_rate=Decimal("321"), valid_from=TODAY - dt.timedelta(days=30), grade=ehr["position"])
    Employee.objects.filter(user=company["panel"][5]).update(position=ehr["position"])  # the one without a rate
    _same()
    create_pay_record(employee=Employee.objects.get(user=company["panel"][4]), valid_from=TODAY - dt.timedelta(days=10),
                      city=City.objects.get(code="beijing"),
                      components=[{"code": "base", "name": "基本工资", "kind": "base", "amount": "30000"}], by=users["finance"])
    _same()


def test_a_room_price_change_and_travel_entered_or_imported(company):
    services.set_room_rate(room="A-301", hourly_price=Decimal("250.5"), valid_from=TODAY - dt.timedelta(days=25))
    _same()
    interview = company["interviews"][3]
    csv = f"claim_no,interview_id,kind,amount,note\nX-1,{interview.pk},lodging,300.05,\nX-2,{interview.pk},train,0.01,\n"
    assert services.import_travel_claims(data=csv.encode()).created == 2
    assert _same().total.travel_fen == _per_interview()[0].total.travel_fen


def test_actual_times_recorded_later_and_a_date_range(company):
    interview = company["interviews"][1]
    type(interview).objects.filter(pk=interview.pk).update(
        actual_started_at=interview.starts_at, actual_ended_at=interview.starts_at + dt.timedelta(minutes=133))
    _same()
    _same(date_from=TODAY - dt.timedelta(days=30))
    _same(date_to=TODAY - dt.timedelta(days=30))
    _same(date_from=TODAY - dt.timedelta(days=45), date_to=TODAY - dt.timedelta(days=10))


def test_the_cost_report_uses_the_grouped_roll_up(company):
    report = selectors.cost_report()
    expected, _labels = _per_interview()
    assert report["total"] == expected.total
    assert {r["key"]: r["cost"] for r in report["rounds"]} == dict(expected.by_round)


def test_grouped_costs_by_a_key_and_a_scope_equal_pricing_each_interview(company, django_assert_max_num_queries):
    """The analytics' cost per source prices in groups too: per key (source × cohort here), only the scoped
    interviews — the same fen as pricing each interview and summing by the key."""
    from django.db.models import Q

    from payroll.costs.engine import Cost, interview_cost

    for i, interview in enumerate(company["interviews"]):
        Application.objects.filter(pk=interview.application_id).update(
            source=(Application.Source.REFERRAL, Application.Source.CAREERS)[i % 2], is_historical=i % 3 == 0)
    scope = Q(application__candidate__name__in=[f"候选{i}" for i in range(20) if i % 7])
    facts, _labels = selectors.interview_facts(date_from=TODAY - dt.timedelta(days=50))
    keys = {i.pk: (i.application.source, i.application.is_historical)
            for i in selectors.done_interviews().filter(scope).select_related("application")}
    expected = {}
    for fact in facts:
        if fact.interview_id in keys:
            expected.setdefault(keys[fact.interview_id], Cost()).add(interview_cost(fact))
    with django_assert_max_num_queries(8):
        grouped = selectors.grouped_costs(key_fields=("application__source", "application__is_historical"),
                                          interviews=scope, date_from=TODAY - dt.timedelta(days=50))
    assert grouped == expected
    assert len(expected) == 4 and sum(c.interviews for c in expected.values()) < 17
    assert sum(c.travel_fen for c in expected.values()) and sum(c.room_fen for c in expected.values())
