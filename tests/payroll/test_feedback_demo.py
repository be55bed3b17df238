"""seed_demo_feedback: answered demo surveys and demo interview costs on the small demo company — enough for
the feedback report's distributions and a suggestion, priced interviews for finance; idempotent, removable."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, InterviewStatus, Suggestion, SurveyResponse
from payroll.costs.selectors import cost_report
from payroll.models import RoomRate, TravelClaim

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_company(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for command, args in (("seed_demo", ("--small", "--allow-demo-accounts")), ("seed_demo_interviews", ()),
                          ("seed_demo_payroll", ())):
        call_command(command, *args, stdout=io.StringIO(), stderr=io.StringIO())


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo_feedback", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_feedback_fills_the_report_and_the_cost_page(demo_company, client):
    assert "8 done interviews" in seed()
    # the 2024 interviews held in the portal (interviews/demo_history.py) are done too, in another room
    done = Interview.objects.filter(status=InterviewStatus.DONE, room="会议室 A-301")
    assert done.count() == 8
    assert SurveyResponse.objects.filter(audience="candidate").count() == 8
    assert SurveyResponse.objects.filter(audience="interviewer").count() == 16
    report = cost_report(date_from=timezone.localdate() - dt.timedelta(days=30))
    assert report["total"].interviews == 8 and report["total"].travel == Decimal("2200.00")
    assert report["total"].room > 0 and report["total"].time > 0 and report["total"].missing_rates == 0

    client.login(username="hr", password="zhipin-demo-2026")
    page = client.get(reverse("interviews:survey_report")).content.decode()
    assert 'data-metric="candidate_answered">8 / 8' in page and "data-theme" in page
    assert Suggestion.objects.filter(rule="question_type_too_easy").exists()
    client.login(username="finance", password="zhipin-demo-2026")
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    costs_page = client.get(reverse("payroll:interview_costs"), {"date_from": since}).content.decode()
    assert 'data-metric="interviews">8' in costs_page

    # a second run changes nothing; --remove takes the cost rows away
    counts = (Interview.objects.count(), SurveyResponse.objects.count(), TravelClaim.objects.count(), RoomRate.objects.count())
    assert "nothing changed" in seed()
    assert counts == (Interview.objects.count(), SurveyResponse.objects.count(), TravelClaim.objects.count(), RoomRate.objects.count())
    seed("--remove")
    assert not RoomRate.objects.exists() and not TravelClaim.objects.exists()
