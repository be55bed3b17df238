"""The scorecard through the room's forms: autosave, submit, errors shown, amendment, and the scores
reaching the candidate's EHR page at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import Scorecard
from recruiting.models import ApplicationCompetencyScore
from tests.interviews.room_setup import build_interview, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def url(name, room):
    return reverse(f"interviews:{name}", args=[room["interview"].pk])


def test_autosave_keeps_a_draft(client, users, room):
    client.force_login(users["interviewer"])
    response = client.post(url("scorecard_save", room), form_data(room, drive="", recommendation=""),
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json() == {"ok": True}
    card = Scorecard.objects.get()
    assert card.status == "draft"
    assert {s.competency_id: s.score for s in card.scores.all()} == {room["comm"].pk: 4, room["drive"].pk: None}
    page = client.get(url("room", room)).content.decode()
    assert f'name="score_{room["comm"].pk}" value="4" checked' in page


def test_autosave_before_the_start_answers_409_with_the_reason(client, users, ehr):
    import datetime as dt

    room = build_interview(ehr, users, starts_in=dt.timedelta(minutes=30))
    client.force_login(users["interviewer"])
    response = client.post(url("scorecard_save", room), form_data(room), HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert response.json()["error"] == "面试开始后才能评分。"
    page = client.get(url("room", room)).content.decode()
    assert "面试开始后才能评分。" in page
    assert 'class="score-rows" disabled' in page


def test_submit_locks_the_scorecard_and_reaches_the_ehr(client, users, ehr, room):
    client.force_login(users["interviewer"])
    response = client.post(url("scorecard_submit", room), form_data(room))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "评分表已提交" in page
    assert 'id="scorecard-submit"' not in page  # the editable form is gone; only the amendment remains
    assert 'id="scorecard-amend"' in page
    scores = {s.competency_id: s.score for s in ApplicationCompetencyScore.objects.filter(source="interview")}
    assert scores == {room["comm"].pk: Decimal("4.00"), room["drive"].pk: Decimal("3.00")}

    client.force_login(users["manager"])
    client.post(url("scorecard_submit", room), form_data(room, comm="5", drive="2",
                                                         **{f"evidence_{room['comm'].pk}": "独立说服3家客户续约"}))
    scores = {s.competency_id: s.score for s in ApplicationCompetencyScore.objects.filter(source="interview")}
    assert scores == {room["comm"].pk: Decimal("4.50"), room["drive"].pk: Decimal("2.50")}

    client.force_login(users["hr"])
    detail = client.get(reverse("recruiting:candidate_detail", args=[ehr["candidate"].pk])).content.decode()
    assert "面试评分" in detail
    assert "4.50" in detail and "2.50" in detail


def test_an_incomplete_submit_shows_what_is_missing(client, users, room):
    client.force_login(users["interviewer"])
    response = client.post(url("scorecard_submit", room), form_data(room, comm="5", drive="", recommendation=""))
    assert response.status_code == 422
    html = response.content.decode()
    assert "请为“结果导向”打分。" in html
    assert "打 1 分或 5 分时必须填写依据。" in html
    assert "请选择总体建议。" in html
    assert f'name="score_{room["comm"].pk}" value="5" checked' in html  # what was entered is kept
    assert not Scorecard.objects.filter(status="submitted").exists()


def test_double_submit_through_the_form_makes_one_scorecard(client, users, room):
    client.force_login(users["interviewer"])
    client.post(url("scorecard_submit", room), form_data(room))
    second = client.post(url("scorecard_submit", room), form_data(room))
    assert second.status_code == 302
    assert Scorecard.objects.count() == 1


def test_amend_through_the_form(client, users, room):
    client.force_login(users["interviewer"])
    client.post(url("scorecard_submit", room), form_data(room))
    refused = client.post(url("scorecard_amend", room), form_data(room, comm="2", reason=""))
    assert refused.status_code == 422
    assert "修订评分表必须填写原因。" in refused.content.decode()
    response = client.post(url("scorecard_amend", room), form_data(room, comm="2", reason="看错了题目"))
    assert response.status_code == 302
    assert Scorecard.objects.get(is_current=True).version == 2
    page = client.get(url("room", room)).content.decode()
    assert "看错了题目" in page  # the reason is shown with the current version
    assert "历史版本" in page
    assert ApplicationCompetencyScore.objects.get(source="interview", competency=room["comm"]).score == Decimal("2.00")


@pytest.mark.parametrize("name", ["room_notes", "scorecard_save", "scorecard_submit", "scorecard_amend"])
def test_writes_need_the_csrf_token(users, room, name):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["interviewer"])
    assert client.post(url(name, room), form_data(room, client_id="c1", text="x")).status_code == 403


def test_a_panel_member_sees_the_rolled_up_scores_only_after_submitting(client, users, ehr, room):
    client.force_login(users["interviewer"])
    client.post(url("scorecard_submit", room), form_data(room, comm="2"))
    detail_url = reverse("recruiting:candidate_detail", args=[ehr["candidate"].pk])

    client.force_login(users["manager"])  # on the panel, not yet submitted
    detail = client.get(detail_url).content.decode()
    assert 'data-source="interview"' not in detail
    assert "提交自己的评分表后才能看到面试评分" in detail

    client.post(url("scorecard_submit", room), form_data(room, comm="4"))
    detail = client.get(detail_url).content.decode()
    assert 'data-source="interview"' in detail
    assert "3.00" in detail  # the mean of 2 and 4

    client.force_login(users["hr"])  # not on the panel: sees them
    assert 'data-source="interview"' in client.get(detail_url).content.decode()


def test_question_ratings_are_stored_with_the_scorecard_and_kept_by_an_amendment(client, users, room):
    """Issue 17: the optional 1–5 rating of each asked question, what question effectiveness is learned from."""
    from interviews.models import QuestionScore

    q1, q2 = room["rq_comm"].question_id, room["rq_drive"].question_id
    client.force_login(users["interviewer"])
    page = client.get(url("room", room)).content.decode()
    assert f'name="question_score_{q1}"' in page
    client.post(url("scorecard_submit", room), {**form_data(room), f"question_score_{q1}": "4"})
    card = Scorecard.objects.get(interviewer=users["interviewer"], is_current=True)
    assert dict(QuestionScore.objects.filter(scorecard=card).values_list("question_id", "score")) == {q1: 4}
    client.post(url("scorecard_amend", room), {**form_data(room), f"question_score_{q2}": "2", "reason": "补评题目"})
    amended = Scorecard.objects.get(interviewer=users["interviewer"], is_current=True)
    assert amended.version == 2
    assert dict(QuestionScore.objects.filter(scorecard=amended).values_list("question_id", "score")) == {q1: 4, q2: 2}
    # the first version keeps what it had
    assert dict(QuestionScore.objects.filter(scorecard=card).values_list("question_id", "score")) == {q1: 4}
