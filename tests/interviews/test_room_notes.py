"""Note segments: autosave is idempotent per client id, and notes follow the room's time window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from interviews.models import NoteSegment
from interviews.room.services import submit_scorecard
from tests.interviews.room_setup import STRONG_ANSWER, build_interview, full_scores

pytestmark = pytest.mark.django_db


def post_note(client, interview, **data):
    return client.post(reverse("interviews:room_notes", args=[interview.pk]), data, HTTP_ACCEPT="application/json")


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def test_the_same_client_id_twice_is_one_row_with_the_newest_text(client, users, room):
    interview = room["interview"]
    client.force_login(users["interviewer"])
    first = post_note(client, interview, client_id="seg-1", text="候选人说", round_question=room["rq_comm"].pk)
    again = post_note(client, interview, client_id="seg-1", text="候选人说", round_question=room["rq_comm"].pk)
    longer = post_note(client, interview, client_id="seg-1", text="候选人说主导过3个项目", round_question=room["rq_comm"].pk)
    assert (first.status_code, again.status_code, longer.status_code) == (200, 200, 200)
    assert first.json()["created"] is True
    assert again.json() == {**first.json(), "created": False, "changed": False}
    assert longer.json()["changed"] is True
    segment = NoteSegment.objects.get(interview=interview)
    assert segment.text == "候选人说主导过3个项目"
    assert segment.round_question == room["rq_comm"]
    assert segment.competency == room["comm"]


def test_segments_are_kept_apart_and_in_order(client, users, room):
    interview = room["interview"]
    client.force_login(users["interviewer"])
    post_note(client, interview, client_id="a", text="第一段", round_question=room["rq_comm"].pk)
    post_note(client, interview, client_id="b", text="第二段", round_question=room["rq_comm"].pk)
    post_note(client, interview, client_id="c", text="开场寒暄")
    rows = list(NoteSegment.objects.filter(interview=interview).order_by("order").values_list("text", "order"))
    assert rows == [("第一段", 1), ("第二段", 2), ("开场寒暄", 3)]


def test_an_empty_new_segment_stores_nothing(client, users, room):
    client.force_login(users["interviewer"])
    response = post_note(client, room["interview"], client_id="blank", text="   ")
    assert response.status_code == 200
    assert response.json()["segment"] is None
    assert not NoteSegment.objects.exists()


def test_notes_are_encrypted_at_rest(client, users, room):
    from django.db import connection

    client.force_login(users["interviewer"])
    post_note(client, room["interview"], client_id="enc", text="主导过3个产品迭代项目")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM interviews_notesegment")
        (stored,) = cursor.fetchone()
    assert "主导过" not in stored


def test_a_question_of_another_round_is_refused(client, users, ehr, room):
    other = build_interview(ehr, users)  # a second round with its own round questions
    client.force_login(users["interviewer"])
    response = post_note(client, room["interview"], client_id="x", text="记录", round_question=other["rq_comm"].pk)
    assert response.status_code == 400
    assert not NoteSegment.objects.exists()


def test_notes_open_fifteen_minutes_before_the_start(client, users, ehr):
    room = build_interview(ehr, users, starts_in=dt.timedelta(minutes=10))
    client.force_login(users["interviewer"])
    response = post_note(client, room["interview"], client_id="early", text="提前准备的追问")
    assert response.status_code == 200
    assert NoteSegment.objects.count() == 1


def test_notes_are_refused_earlier_than_that(client, users, ehr):
    room = build_interview(ehr, users, starts_in=dt.timedelta(hours=2))
    client.force_login(users["interviewer"])
    response = post_note(client, room["interview"], client_id="early", text="太早了")
    assert response.status_code == 409
    assert "15 分钟" in response.json()["error"]
    assert not NoteSegment.objects.exists()


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_no_notes_for_a_cancelled_or_no_show_interview(client, users, room, status):
    room["interview"].set_status(status, by=users["hr"], reason="候选人来不了")
    client.force_login(users["interviewer"])
    response = post_note(client, room["interview"], client_id="late", text="记录")
    assert response.status_code == 409
    assert not NoteSegment.objects.exists()


def test_notes_may_continue_after_the_scorecard_is_submitted(client, users, room):
    submit_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                     recommendation="yes")
    client.force_login(users["interviewer"])
    response = post_note(client, room["interview"], client_id="after", text="候选人最后问了培训机制")
    assert response.status_code == 200
    assert NoteSegment.objects.filter(client_id="after").exists()


def test_without_javascript_the_note_form_posts_and_returns_to_the_room(client, users, room):
    client.force_login(users["interviewer"])
    response = client.post(reverse("interviews:room_notes", args=[room["interview"].pk]),
                           {"client_id": "plain", "text": STRONG_ANSWER, "round_question": room["rq_comm"].pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("interviews:room", args=[room["interview"].pk]))
    page = client.get(response["Location"]).content.decode()
    assert "续约金额 120 万元" in page


def test_each_interviewer_sees_only_their_own_notes(client, users, room):
    client.force_login(users["manager"])
    post_note(client, room["interview"], client_id="mgr", text="经理的私人记录：表达很流畅")
    client.force_login(users["interviewer"])
    page = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    ai = client.get(reverse("interviews:room_ai", args=[room["interview"].pk])).content.decode()
    assert "经理的私人记录" not in page
    assert "经理的私人记录" not in ai


def test_still_to_assess_prompts_name_competencies_in_the_room_language(client, users, room):
    """Issue 20: the AI notes' prompts name the competency through hrportal.display_names."""
    from django.utils import translation

    from interviews.room.selectors import ai_notes

    client.force_login(users["interviewer"])
    post_note(client, room["interview"], client_id="c1", text="团队完成了目标", round_question=room["rq_comm"].pk)
    with translation.override("en"):
        english = {p["competency"] for p in ai_notes(room["interview"], users["interviewer"]).prompts}
    with translation.override("zh-hans"):
        chinese = {p["competency"] for p in ai_notes(room["interview"], users["interviewer"]).prompts}
    assert english and english <= {"Communication", "Drive for results"}
    assert chinese and chinese <= {"沟通能力", "结果导向"}
