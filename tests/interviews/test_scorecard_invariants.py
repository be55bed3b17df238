"""The scorecard invariants of issue 4 item 5, through the room's services (where they are enforced)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hrportal.roles import Role
from interviews.models import Scorecard, ScorecardScore
from interviews.room.services import (
    RoomRefused,
    ScoreInput,
    amend_scorecard,
    save_scorecard_draft,
    submit_scorecard,
)
from tests.conftest import make_user
from tests.interviews.room_setup import build_interview, full_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def submit(room, user, **kwargs):
    kwargs.setdefault("scores", full_scores(room))
    kwargs.setdefault("recommendation", "yes")
    return submit_scorecard(interview=room["interview"], interviewer=user, **kwargs)


# --- only assigned interviewers ---------------------------------------------------------------------------


def test_only_an_assigned_interviewer_can_write_a_scorecard(users, room):
    outsider = make_user("iv_outsider", Role.INTERVIEWER)
    with pytest.raises(PermissionDenied):
        submit(room, outsider)
    with pytest.raises(PermissionDenied):
        save_scorecard_draft(interview=room["interview"], interviewer=users["hr"], scores=[])
    assert not Scorecard.objects.exists()


# --- not before the interview starts; never for cancelled or no-show ---------------------------------------


def test_nothing_is_scored_before_the_interview_starts(users, ehr):
    room = build_interview(ehr, users, starts_in=dt.timedelta(minutes=5))
    with pytest.raises(RoomRefused, match="面试开始后才能评分"):
        submit(room, users["interviewer"])
    with pytest.raises(RoomRefused):
        save_scorecard_draft(interview=room["interview"], interviewer=users["interviewer"], scores=[])
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_cancelled_and_no_show_interviews_cannot_be_scored(users, room, status):
    room["interview"].set_status(status, by=users["hr"], reason="候选人未能参加")
    with pytest.raises(RoomRefused):
        submit(room, users["interviewer"])
    assert not Scorecard.objects.exists()


def test_a_status_change_after_the_page_was_loaded_still_counts(users, room):
    stale = room["interview"]
    from interviews.models import Interview

    Interview.objects.get(pk=stale.pk).set_status("cancelled", by=users["hr"], reason="取消")
    assert stale.status == "scheduled"
    with pytest.raises(RoomRefused):
        submit(room, users["interviewer"])


# --- complete before submit -----------------------------------------------------------------------------


def test_submit_needs_every_competency_of_the_round(users, room):
    with pytest.raises(ValidationError) as exc:
        submit(room, users["interviewer"], scores=[ScoreInput(room["comm"].pk, 4, "")])
    assert f"score_{room['drive'].pk}" in exc.value.message_dict
    assert not Scorecard.objects.filter(status="submitted").exists()


def test_a_one_or_a_five_needs_evidence(users, room):
    with pytest.raises(ValidationError) as exc:
        submit(room, users["interviewer"], scores=[ScoreInput(room["comm"].pk, 5, ""), ScoreInput(room["drive"].pk, 1, " ")])
    assert set(exc.value.message_dict) == {f"evidence_{room['comm'].pk}", f"evidence_{room['drive'].pk}"}
    card = submit(room, users["interviewer"], scores=[
        ScoreInput(room["comm"].pk, 5, "说服客户续约 120 万元"), ScoreInput(room["drive"].pk, 1, "没有任何目标意识"),
    ])
    assert card.is_submitted


def test_submit_needs_a_recommendation_and_scores_in_range(users, room):
    with pytest.raises(ValidationError) as exc:
        submit(room, users["interviewer"], recommendation="")
    assert "recommendation" in exc.value.message_dict
    with pytest.raises(ValidationError):
        submit(room, users["interviewer"], scores=[ScoreInput(room["comm"].pk, 6, ""), ScoreInput(room["drive"].pk, 3, "")])


def test_a_competency_outside_the_round_is_refused(users, room, ehr):
    from recruiting.models import Competency

    other = Competency.objects.create(code="X", name_zh="无关", anchor_1="a", anchor_3="b", anchor_5="c")
    with pytest.raises(ValidationError):
        save_scorecard_draft(interview=room["interview"], interviewer=users["interviewer"],
                             scores=[ScoreInput(other.pk, 3, "")])


# --- one scorecard per interviewer; double submit --------------------------------------------------------


def test_draft_saves_and_submit_keep_one_scorecard(users, room):
    user = users["interviewer"]
    save_scorecard_draft(interview=room["interview"], interviewer=user, scores=[ScoreInput(room["comm"].pk, 3, "")])
    save_scorecard_draft(interview=room["interview"], interviewer=user, scores=[ScoreInput(room["comm"].pk, 4, "")])
    card = submit(room, user)
    assert Scorecard.objects.filter(interview=room["interview"], interviewer=user).count() == 1
    assert ScorecardScore.objects.filter(scorecard=card).count() == 2
    assert card.version == 1 and card.is_current


def test_double_submit_gives_the_same_scorecard(users, room):
    first = submit(room, users["interviewer"])
    second = submit(room, users["interviewer"])
    assert second.pk == first.pk
    assert second.submitted_at == first.submitted_at
    assert Scorecard.objects.count() == 1
    assert ScorecardScore.objects.count() == 2


def test_the_database_refuses_a_second_current_scorecard(users, room):
    submit(room, users["interviewer"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(interview=room["interview"], interviewer=users["interviewer"], version=2)


def test_each_interviewer_has_their_own_scorecard(users, room):
    submit(room, users["interviewer"])
    submit(room, users["manager"], scores=full_scores(room, comm=2, drive=2))
    assert Scorecard.objects.filter(interview=room["interview"]).count() == 2


# --- locked once submitted; amendments are new versions --------------------------------------------------


def test_a_submitted_scorecard_is_locked(users, room):
    card = submit(room, users["interviewer"])
    with pytest.raises(RoomRefused, match="已提交"):
        save_scorecard_draft(interview=room["interview"], interviewer=users["interviewer"],
                             scores=[ScoreInput(room["comm"].pk, 1, "")])
    with pytest.raises(RoomRefused):
        submit(room, users["interviewer"], scores=full_scores(room, comm=2))
    card.refresh_from_db()
    assert {s.competency_id: s.score for s in card.scores.all()} == {room["comm"].pk: 4, room["drive"].pk: 3}


def test_an_amendment_is_a_new_version_and_the_previous_one_is_kept(users, room):
    first = submit(room, users["interviewer"])
    before = {s.competency_id: (s.score, s.evidence, s.ai_suggested) for s in first.scores.all()}
    amended = amend_scorecard(
        interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room, comm=2),
        recommendation="no", reason="复核录音后发现沟通案例并非本人主导",
    )
    first.refresh_from_db()
    assert amended.version == 2
    assert amended.amends == first
    assert amended.amendment_reason == "复核录音后发现沟通案例并非本人主导"
    assert amended.is_current and amended.is_submitted
    assert not first.is_current
    assert first.is_submitted and first.recommendation == "yes"
    assert {s.competency_id: (s.score, s.evidence, s.ai_suggested) for s in first.scores.all()} == before
    assert {s.competency_id: s.score for s in amended.scores.all()}[room["comm"].pk] == 2


def test_an_amendment_needs_a_reason(users, room):
    submit(room, users["interviewer"])
    with pytest.raises(ValidationError) as exc:
        amend_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                        recommendation="no", reason="  ")
    assert "reason" in exc.value.message_dict
    assert Scorecard.objects.count() == 1


def test_only_a_submitted_scorecard_can_be_amended(users, room):
    save_scorecard_draft(interview=room["interview"], interviewer=users["interviewer"], scores=[])
    with pytest.raises(RoomRefused):
        amend_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                        recommendation="no", reason="改主意了")


def test_repeating_the_same_amendment_does_not_add_a_third_version(users, room):
    submit(room, users["interviewer"])
    kwargs = {"interview": room["interview"], "interviewer": users["interviewer"],
              "scores": full_scores(room, comm=2), "recommendation": "no", "reason": "复核后下调"}
    first = amend_scorecard(**kwargs)
    second = amend_scorecard(**kwargs)
    assert second.pk == first.pk
    assert Scorecard.objects.count() == 2
    third = amend_scorecard(**{**kwargs, "reason": "再次复核后再调", "scores": full_scores(room, comm=3)})
    assert third.version == 3 and third.amends == first


def test_a_round_naming_no_competencies_is_scored_on_its_questions_competencies(users, room):
    room["round"].competencies.clear()
    room["round"].round_questions.filter(pk=room["rq_drive"].pk).delete()
    card = submit(room, users["interviewer"], scores=[ScoreInput(room["comm"].pk, 3, "")])
    assert [s.competency_id for s in card.scores.all()] == [room["comm"].pk]
    with pytest.raises(ValidationError):  # 结果导向 is no longer part of this round
        submit(room, users["manager"], scores=full_scores(room))
