"""Other interviewers' scores stay hidden until one's own scorecard is submitted — not a byte of them in the
room page or its partials before that."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interviews.room.services import ScoreInput, save_note_segment, save_scorecard_draft, submit_scorecard
from tests.interviews.room_setup import STRONG_ANSWER, build_interview, full_scores

pytestmark = pytest.mark.django_db

SECRET_EVIDENCE = "经理的评分依据：候选人独立签下三家大客户ZQX"
SECRET_SUMMARY = "经理总体评价：强烈建议录用QWV"


@pytest.fixture
def room(ehr, users):
    room = build_interview(ehr, users)
    # The manager (also on the panel) submits first, with recognisable evidence and summary.
    submit_scorecard(
        interview=room["interview"], interviewer=users["manager"],
        scores=[ScoreInput(room["comm"].pk, 5, SECRET_EVIDENCE), ScoreInput(room["drive"].pk, 2, "")],
        recommendation="strong_yes", summary=SECRET_SUMMARY,
    )
    save_note_segment(interview=room["interview"], author=users["manager"], client_id="m1", text=STRONG_ANSWER,
                      round_question_id=room["rq_comm"].pk)
    return room


def pages(client, room) -> list[bytes]:
    pk = room["interview"].pk
    return [client.get(reverse("interviews:room", args=[pk])).content,
            client.get(reverse("interviews:room_ai", args=[pk])).content]


def test_nothing_of_anothers_scorecard_reaches_the_page_before_submitting(client, users, room):
    save_scorecard_draft(interview=room["interview"], interviewer=users["interviewer"],
                         scores=[ScoreInput(room["comm"].pk, 3, "")])
    client.force_login(users["interviewer"])
    for body in pages(client, room):
        assert SECRET_EVIDENCE.encode() not in body
        assert SECRET_SUMMARY.encode() not in body
        assert b"ZQX" not in body and b"QWV" not in body
        assert b'value="strong_yes" selected' not in body
        assert body.count("强烈推荐".encode()) <= 1  # only as an option of the own recommendation field
        assert b"data-other-scorecard" not in body
    assert "提交后可见".encode() in pages(client, room)[0]


def test_after_submitting_ones_own_the_others_appear(client, users, room):
    submit_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                     recommendation="yes")
    client.force_login(users["interviewer"])
    page = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    assert "data-other-scorecard" in page
    assert SECRET_EVIDENCE in page
    assert SECRET_SUMMARY in page
    assert "强烈推荐" in page
    assert "提交后可见" not in page


def test_drafts_of_others_are_never_shown(client, users, room, ehr):
    from hrportal.roles import Role
    from interviews.models import InterviewAssignment
    from tests.conftest import make_user

    third = make_user("iv_third", Role.INTERVIEWER)
    InterviewAssignment.objects.create(interview=room["interview"], interviewer=third)
    save_scorecard_draft(interview=room["interview"], interviewer=third,
                         scores=[ScoreInput(room["comm"].pk, 1, "第三位面试官的草稿依据XYZ")])
    submit_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                     recommendation="yes")
    client.force_login(users["interviewer"])
    page = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    assert "第三位面试官的草稿依据XYZ" not in page
    assert "还有 1 位面试官尚未提交。" in page


def test_other_interviewers_ai_suggestions_are_not_shown(client, users, room):
    client.force_login(users["interviewer"])
    page = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    # The manager's notes produced a suggestion for 沟通能力; the interviewer has no notes, so none is shown.
    assert "data-ai-suggested" not in page
