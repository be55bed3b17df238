"""Payroll's sections of the recruiting analytics (payroll/analytics.py): offer acceptance and cost per hire by
source, on hand-built offers, interviews and rates; historical rows apart; a constant number of queries is held by
tests/interviews/test_analytics.py for every report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, InterviewAssignment, InterviewStatus
from payroll.models import City, InterviewerRate, Offer, OfferStatus
from recruiting.models import Application, Employee
from tests.interviews.analytics_builders import MARCH, RANGE, known_company
from tests.interviews.schedule_builders import make_round
from tests.payroll.bulk import ensure_policies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_report_cache(settings):
    """Every request computes (the cache: tests/interviews/test_analytics.py)."""
    settings.ANALYTICS_CACHE_SECONDS = 0


def report(client, user, key, **params):
    client.force_login(user)
    response = client.get(reverse("interviews:analytics"), {"report": key, **params})
    assert response.status_code == 200
    return response.context["result"]


def test_offer_acceptance(client, users, ehr):
    ensure_policies()
    apps = known_company(ehr)
    city = City.objects.get(code="beijing")
    now = timezone.now()
    for app, status in ((apps["a1"], OfferStatus.ACCEPTED), (apps["a2"], OfferStatus.ACCEPTED),
                        (apps["a3"], OfferStatus.DECLINED), (apps["b1"], OfferStatus.SENT),
                        (apps["h0"], OfferStatus.ACCEPTED)):
        Offer.objects.create(application=app, status=status, start_date=dt.date(2027, 1, 4), city=city,
                             sent_at=now - dt.timedelta(days=4), responded_at=None if status == OfferStatus.SENT else now)
    today = timezone.localdate().isoformat()
    result = report(client, users["hr"], "offers", date_from=today, date_to=today)
    rows = {row[0]: row for row in result.tables[0].rows}
    headers = result.tables[0].headers
    live = dict(zip(headers, rows["实时"], strict=True))
    assert live["已签约"] == 2 and live["已拒绝"] == 1 and live["已发送"] == 1 and live["合计"] == 4
    assert str(live["接受率 %"]) == "66.7"  # 2 of 3 answered
    assert float(live["答复用时中位数（天）"]) == 4.0
    assert dict(zip(headers, rows["历史导入"], strict=True))["合计"] == 1
    # the manager sees the offers of their departments only (RD-01's sent offer is not theirs)
    manager = report(client, users["manager"], "offers", date_from=today, date_to=today)
    assert dict(zip(headers, manager.tables[0].rows[0], strict=True))["合计"] == 3


def test_cost_per_hire_by_source(client, users, ehr):
    apps = known_company(ehr)
    employee = Employee.objects.create(employee_no="E0100", name="王面试", user=users["interviewer"],
                                       department=ehr["sales"], hire_date="2020-01-01")
    InterviewerRate.objects.create(employee=employee, hourly_rate=Decimal("200"), valid_from=dt.date(2025, 1, 1))
    interview_round = make_round(ehr, users)
    start = MARCH + dt.timedelta(days=5)
    for app in (apps["a1"], apps["a3"], apps["b1"]):  # referral, careers, referral — one hour each at 200 元
        interview = Interview.objects.create(application=app, round=interview_round, starts_at=start,
                                             ends_at=start + dt.timedelta(hours=1), status=InterviewStatus.DONE)
        InterviewAssignment.objects.create(interview=interview, interviewer=users["interviewer"], is_lead=True)
    result = report(client, users["finance"], "cost_per_hire", **RANGE)
    rows = {row[1]: row for row in result.tables[0].rows if row[0] == "实时"}
    referral, careers = rows[str(Application.Source.REFERRAL.label)], rows[str(Application.Source.CAREERS.label)]
    assert referral[2:] == [2, Decimal("400.00"), 2, Decimal("200.00")]
    assert careers[2:] == [1, Decimal("200.00"), 1, Decimal("200.00")]  # a2 hired through the careers page
    client.force_login(users["manager"])
    assert client.get(reverse("interviews:analytics"), {"report": "cost_per_hire"}).context["form"].errors
