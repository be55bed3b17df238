"""The schedule list: upcoming/past, filters by position, interviewer and status, a constant number of
queries whatever the number of interviews, and a layout for 375 px wide phones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrportal.roles import Role
from interviews.models import InterviewStatus
from recruiting.models import Application, Candidate
from tests.conftest import make_user
from tests.interviews.schedule_builders import at, book, make_round


@pytest.fixture
def interview_round(ehr, users):
    return make_round(ehr, users)


def _applications(ehr, n, start=0):
    return [
        Application.objects.create(candidate=Candidate.objects.create(name=f"候选人{start + i:02d}"), position=ehr["position"])
        for i in range(n)
    ]


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["hr", "manager", "interviewer"])
def test_query_count_does_not_grow_with_the_number_of_interviews(client, ehr, users, interview_round, role):
    client.force_login(users[role])
    url = reverse("interviews:schedule")
    extra = make_user("iv_extra", Role.INTERVIEWER)
    for i, application in enumerate(_applications(ehr, 2)):
        book(application, interview_round, at(9 + i), interviewers=[users["interviewer"], extra], room=f"R{i}")
    few = _queries(client, url)
    for i, application in enumerate(_applications(ehr, 12, start=2)):
        book(application, interview_round, at(9 + i % 8, day=dt.date(2031, 3, 11 + i // 8)),
             interviewers=[users["interviewer"], extra, users["manager"]], room=f"R{i}")
    many = _queries(client, url)
    assert few == many
    html = client.get(url).content.decode()
    assert html.count('class="sched-item') == 14


def test_upcoming_and_past(client, ehr, users, interview_round):
    now = timezone.now()
    old, soon = _applications(ehr, 2)
    book(old, interview_round, now - dt.timedelta(days=2), interviewers=[users["interviewer"]])
    book(soon, interview_round, now + dt.timedelta(hours=2), interviewers=[users["interviewer"]])
    client.force_login(users["hr"])
    url = reverse("interviews:schedule")
    upcoming = client.get(url).content.decode()
    assert "候选人01" in upcoming and "候选人00" not in upcoming
    past = client.get(url, {"when": "past"}).content.decode()
    assert "候选人00" in past and "候选人01" not in past
    both = client.get(url, {"when": "all"}).content.decode()
    assert both.index("候选人00") < both.index("候选人01")


def test_an_interview_in_progress_is_still_upcoming(client, ehr, users, interview_round):
    (app,) = _applications(ehr, 1)
    book(app, interview_round, timezone.now() - dt.timedelta(minutes=10), interviewers=[users["interviewer"]])
    client.force_login(users["interviewer"])
    assert "候选人00" in client.get(reverse("interviews:schedule")).content.decode()


def test_filters_by_position_interviewer_and_status(client, ehr, users, interview_round):
    a, b = _applications(ehr, 2)
    rd_round = make_round(ehr, users, position=ehr["rd_position"])
    book(a, interview_round, at(9), interviewers=[users["interviewer"]])
    book(b, interview_round, at(10), interviewers=[users["manager"]], status=InterviewStatus.CONFIRMED)
    book(ehr["rd_application"], rd_round, at(11), interviewers=[users["manager"]])
    client.force_login(users["hr"])
    url = reverse("interviews:schedule")
    by_position = client.get(url, {"position": ehr["rd_position"].pk}).content.decode()
    assert "赵研发" in by_position and "候选人00" not in by_position
    by_interviewer = client.get(url, {"interviewer": users["manager"].pk}).content.decode()
    assert "候选人01" in by_interviewer and "赵研发" in by_interviewer and "候选人00" not in by_interviewer
    by_status = client.get(url, {"status": "confirmed"}).content.decode()
    assert "候选人01" in by_status and "候选人00" not in by_status and "赵研发" not in by_status
    # nonsense filter values are ignored, not a 500
    assert client.get(url, {"position": "x", "when": "yesterday", "page": "zz"}).status_code == 200


def test_list_is_laid_out_as_cards_for_phones(client, ehr, users, interview_round):
    (app,) = _applications(ehr, 1)
    book(app, interview_round, at(9), interviewers=[users["interviewer"]], room="A-301")
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:schedule"), {"when": "all"}).content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert "<table" not in html  # no wide table: one card per interview
    assert "css/schedule.css" in html
    assert "09:00" in html and "A-301" in html
