"""seed_demo_interviews: demo interviews on the small demo company — one today a few minutes after seeding
for the demo interviewer, one tomorrow; deterministic choice, idempotent, removable (--remove) so that seed_demo --reset still works."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from interviews.demo import seed_demo_interviews
from interviews.models import Interview


@pytest.fixture
def demo_company(db, settings):
    settings.DEBUG = True  # demo accounts are created on development setups only
    call_command("seed_demo", "--small", stdout=io.StringIO(), stderr=io.StringIO())


def _run() -> str:
    out = io.StringIO()
    call_command("seed_demo_interviews", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_interviews_for_the_interviewer_today_and_tomorrow(demo_company, client):
    before = timezone.now()
    output = _run()
    assert "已安排 4 场演示面试" in output  # the small company has four schedulable applications
    # the upcoming open ones; besides them a no-show yesterday, a cancelled one and the 2024 history (all done)
    interviews = list(Interview.objects.filter(status="scheduled").order_by("starts_at"))
    assert len(interviews) == 3
    today, tomorrow, later = interviews
    assert set(Interview.objects.values_list("status", flat=True)) == {"scheduled", "no_show", "done"}
    assert dt.timedelta(minutes=4) <= today.starts_at - before <= dt.timedelta(minutes=10)
    assert [a.interviewer.username for a in today.assignments.all()] == ["interviewer"]
    assert today.room == "会议室 A-301"
    assert timezone.localtime(tomorrow.starts_at).date() == timezone.localtime(before).date() + dt.timedelta(days=1)
    assert timezone.localtime(tomorrow.starts_at).hour == 10
    assert {a.interviewer.username for a in tomorrow.assignments.all()} == {"interviewer", "manager"}
    assert later.video_link and not later.room
    for interview in interviews:
        assert interview.application.stage == "interviewing"
        assert interview.organizer.username == "hr"
    # the plan's first round has approved questions, so the room has something to ask
    first_round = today.round.plan.rounds.order_by("order").first()
    assert first_round.round_questions.exists()
    assert not first_round.round_questions.exclude(question__status="approved").exists()

    client.login(username="interviewer", password="zhipin-demo-2026")
    html = client.get(reverse("interviews:schedule")).content.decode()
    assert today.application.candidate.name in html
    assert client.get(reverse("interviews:interview_detail", args=[today.pk])).status_code == 200


def test_seeding_again_changes_nothing(demo_company):
    _run()
    snapshot = list(Interview.objects.order_by("pk").values_list("pk", "application_id", "starts_at"))
    assert "演示面试已存在" in _run()
    assert list(Interview.objects.order_by("pk").values_list("pk", "application_id", "starts_at")) == snapshot


def test_the_same_applications_on_every_installation(demo_company):
    first = [
        (i.application.candidate.name, i.application.position.code)
        for i in seed_demo_interviews(now=timezone.now()).created
    ]
    out = io.StringIO()
    call_command("seed_demo_interviews", "--remove", stdout=out)
    assert f"已删除演示面试 {len(first)} 场" not in out.getvalue()  # the history interviews go too
    assert "已删除演示面试" in out.getvalue()
    assert not Interview.objects.exists()
    call_command("seed_demo", "--reset", "--small", stdout=io.StringIO(), stderr=io.StringIO())
    second = [
        (i.application.candidate.name, i.application.position.code)
        for i in seed_demo_interviews(now=timezone.now()).created
    ]
    assert first == second and len(first) == 4


def test_without_demo_accounts_nothing_is_invented(db):
    err = io.StringIO()
    call_command("seed_demo_interviews", stdout=io.StringIO(), stderr=err)
    assert "缺少演示账号" in err.getvalue()
    assert not Interview.objects.exists()
