"""Who opens the interview room, what it shows of the candidate, and that opening it is audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrportal.models import AuditLog
from hrportal.roles import Role
from interviews.bank.services import approve_question
from interviews.models import InterviewAssignment, Question
from interviews.room.services import save_note_segment
from tests.conftest import make_user
from tests.interviews.room_setup import STRONG_ANSWER, build_interview, question

pytestmark = pytest.mark.django_db

ROOM_URLS = ["interviews:room", "interviews:room_ai"]
POST_URLS = ["interviews:room_notes", "interviews:scorecard_save", "interviews:scorecard_submit",
             "interviews:scorecard_amend"]


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def test_assigned_interviewer_opens_the_room_with_questions_and_rubric(client, users, room):
    client.force_login(users["interviewer"])
    response = client.get(reverse("interviews:room", args=[room["interview"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "请讲一次你说服关键客户改变决定的经历。" in html
    assert "如果季度过半业绩只完成三成，你会怎么做？" in html
    assert "实例完整，结果可量化" in html  # the question's anchor for a 5
    assert "你本人具体做了哪些事？" in html  # a follow-up probe
    assert "善于说服" in html  # the competency's anchor on the scorecard


@pytest.mark.parametrize("name", ROOM_URLS)
def test_an_interviewer_not_on_the_panel_gets_403(client, room, name):
    outsider = make_user("iv_other", Role.INTERVIEWER)
    client.force_login(outsider)
    assert client.get(reverse(name, args=[room["interview"].pk])).status_code == 403


@pytest.mark.parametrize("name", POST_URLS)
def test_writes_by_someone_not_on_the_panel_get_403(client, room, name):
    outsider = make_user("iv_other", Role.INTERVIEWER)
    client.force_login(outsider)
    response = client.post(reverse(name, args=[room["interview"].pk]), {"client_id": "x1", "text": "偷偷记录"})
    assert response.status_code == 403
    assert not room["interview"].note_segments.exists()
    assert not room["interview"].scorecards.exists()


def test_hr_who_is_not_assigned_is_refused_the_room(client, users, room):
    client.force_login(users["hr"])
    assert client.get(reverse("interviews:room", args=[room["interview"].pk])).status_code == 403


def test_finance_is_refused_even_when_somehow_assigned(client, users, room):
    InterviewAssignment.objects.create(interview=room["interview"], interviewer=users["finance"])
    client.force_login(users["finance"])
    assert client.get(reverse("interviews:room", args=[room["interview"].pk])).status_code == 403


def test_missing_interview_is_404(client, users, room):
    client.force_login(users["interviewer"])
    assert client.get(reverse("interviews:room", args=[999999])).status_code == 404


def test_the_interviewer_role_sees_no_contact_salary_or_id(client, users, ehr, room):
    candidate = ehr["candidate"]
    candidate.id_number = "110101199001011234"
    candidate.save()
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    assert "王小明" in html
    for secret in ("13912345678", "139****5678", "xiaoming@example.com", "x***@example.com", "20000",
                   "110101199001011234", "110***"):
        assert secret not in html


def test_a_manager_on_the_panel_sees_contact_masked_only(client, users, ehr, room):
    client.force_login(users["manager"])
    html = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    assert "139****5678" in html
    assert "x***@example.com" in html
    assert "13912345678" not in html
    assert "xiaoming@example.com" not in html
    assert "20000" not in html


def test_opening_the_room_is_audited(client, users, ehr, room):
    client.force_login(users["interviewer"])
    client.get(reverse("interviews:room", args=[room["interview"].pk]))
    entry = AuditLog.objects.get(object_type="recruiting.Candidate", object_id=str(ehr["candidate"].pk))
    assert entry.actor == users["interviewer"]
    assert entry.action == "view"
    assert "name" in entry.fields
    assert f"#{room['interview'].pk}" in entry.note


def _room_queries(client, interview) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("interviews:room", args=[interview.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_room_query_count_does_not_grow_with_questions_or_notes(client, users, ehr, room):
    interview = room["interview"]
    client.force_login(users["interviewer"])
    save_note_segment(interview=interview, author=users["interviewer"], client_id="n1", text=STRONG_ANSWER,
                      round_question_id=room["rq_comm"].pk)
    client.get(reverse("interviews:room", args=[interview.pk]))  # warm caches (session, content types)
    small = _room_queries(client, interview)
    for n in range(4):
        q = question(ehr["position"], room["comm"], f"请再讲一个沟通的例子（{n}）。", "behavioural", users["hr"])
        rq = room["round"].add_question(q)
        save_note_segment(interview=interview, author=users["interviewer"], client_id=f"m{n}", text=STRONG_ANSWER,
                          round_question_id=rq.pk)
    for n in range(3):  # bank questions outside the round feed the prompts' next-question suggestion
        approve_question(question=Question.objects.create(
            position=ehr["position"], competency=room["drive"], text_zh=f"备用题{n}", question_type="behavioural",
        ), by=users["hr"])
    large = _room_queries(client, interview)
    assert large == small
    assert small <= 17, small  # 16 + the recording's transcript (issue 22; +1 consent when ASR is configured)
