"""Shared set-up of the invitation, card and reminder tests: an interview with an interviewer and an owning
HR who both have WeCom accounts, in sandbox mode or against the fake WeCom server."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewAssignment, InterviewPlan, InterviewRound
from recruiting.models import Employee
from tests.fakes.fake_wecom import FakeClock, FakeWeCom

SHANGHAI = ZoneInfo("Asia/Shanghai")
WECOM_SETTINGS = ("WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY")


def local(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """``hour``:``minute`` Shanghai time, ``days`` calendar days from today (aware)."""
    today = timezone.localtime(timezone.now(), SHANGHAI).date()
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def sandbox(settings):
    """WeCom not configured: every message goes to the sandbox phone."""
    for name in WECOM_SETTINGS:
        setattr(settings, name, "")
    settings.PORTAL_BASE_URL = "https://hr.example.com"
    return settings


@pytest.fixture
def fake(settings):
    """A running fake WeCom (clock = real time, so callbacks pass the freshness window) the portal talks to."""
    server = FakeWeCom(clock=FakeClock(start=time.time()))
    server.start()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    settings.PORTAL_BASE_URL = "https://hr.example.com"
    settings.WECOM_CALLBACK_MAX_AGE = 300
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.cache import cache

    cache.clear()  # no access token from another test's fake server
    yield server
    server.stop()


def give_wecom_account(user, userid: str, department) -> Employee:
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        return Employee.objects.create(
            employee_no=f"E-{userid}"[:20], name=userid, user=user, department=department,
            hire_date="2021-01-01", wecom_userid=userid, phone="13500000001",
        )
    employee.wecom_userid = userid
    employee.save()
    return employee


@pytest.fixture
def interview(ehr, users) -> Interview:
    """初面 of the ehr application, three days from now 14:00–14:45 Shanghai, interviewer iv_wang, HR hr_zhang."""
    give_wecom_account(users["interviewer"], "iv_wang", ehr["sales"])
    give_wecom_account(users["hr"], "hr_zhang", ehr["sales"])
    plan = InterviewPlan.objects.create(position=ehr["position"])
    interview_round = InterviewRound.objects.create(plan=plan, name="初面", order=1, duration_minutes=45)
    starts = local(3, 14)
    interview = Interview.objects.create(
        application=ehr["application"], round=interview_round, starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45), location="上海市浦东新区世纪大道100号", room="A-301",
        organizer=users["hr"],
    )
    InterviewAssignment.objects.create(interview=interview, interviewer=users["interviewer"], is_lead=True)
    return interview


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what would run after each commit (the outbox's send jobs), as in production."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
