"""The interview status pipeline: every edge legal or illegal, with history; reasons for cancel/no-show;
reschedule (version, attendance, old/new times); status changes through the page with readable refusals."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from interviews.models import (
    INTERVIEW_TRANSITIONS,
    IllegalInterviewMove,
    InterviewAssignment,
    InterviewStatus,
    InterviewStatusChange,
)
from interviews.schedule.services import change_status
from interviews.signals import interview_status_changed
from tests.interviews.schedule_builders import at, book, make_round

ALL_PAIRS = list(itertools.product(InterviewStatus.values, InterviewStatus.values))


@pytest.fixture
def interview_round(ehr, users):
    return make_round(ehr, users)


def _interview(ehr, users, interview_round, status):
    return book(ehr["application"], interview_round, at(10), interviewers=[users["interviewer"]], room="A-301",
                status=status)


@pytest.mark.parametrize("from_status,to_status", ALL_PAIRS)
def test_every_edge(ehr, users, interview_round, from_status, to_status):
    interview = _interview(ehr, users, interview_round, from_status)
    legal = to_status in INTERVIEW_TRANSITIONS[from_status]
    if legal:
        change = change_status(interview=interview, new_status=to_status, by=users["hr"], reason="候选人临时有事")
        interview.refresh_from_db()
        assert interview.status == to_status
        row = InterviewStatusChange.objects.get(interview=interview)
        assert (row.from_status, row.to_status, row.changed_by, row.source) == (
            from_status, to_status, users["hr"], "hr")
        assert row == change
    else:
        with pytest.raises(IllegalInterviewMove):
            change_status(interview=interview, new_status=to_status, by=users["hr"], reason="候选人临时有事")
        interview.refresh_from_db()
        assert interview.status == from_status
        assert not InterviewStatusChange.objects.filter(interview=interview).exists()


def test_the_pipeline_has_the_issue_s_edges():
    assert set(INTERVIEW_TRANSITIONS[InterviewStatus.SCHEDULED]) == {
        "confirmed", "reschedule_requested", "done", "cancelled", "no_show"}
    for final in (InterviewStatus.DONE, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        assert INTERVIEW_TRANSITIONS[final] == ()


@pytest.mark.parametrize("to_status", [InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW])
def test_cancel_and_no_show_need_a_reason(ehr, users, interview_round, to_status):
    interview = _interview(ehr, users, interview_round, InterviewStatus.SCHEDULED)
    for blank in ("", "   "):
        with pytest.raises(IllegalInterviewMove, match="原因"):
            change_status(interview=interview, new_status=to_status, by=users["hr"], reason=blank)
    assert not interview.status_history.exists()
    change_status(interview=interview, new_status=to_status, by=users["hr"], reason="候选人未到场")
    assert interview.status_history.get().reason == "候选人未到场"


def test_status_change_sends_the_signal_once(ehr, users, interview_round):
    interview = _interview(ehr, users, interview_round, InterviewStatus.SCHEDULED)
    heard = []

    def receiver(sender, interview, previous, change, **kwargs):
        heard.append((previous, change.to_status))

    interview_status_changed.connect(receiver)
    try:
        change_status(interview=interview, new_status="confirmed", by=users["hr"])
    finally:
        interview_status_changed.disconnect(receiver)
    assert heard == [("scheduled", "confirmed")]


def test_reschedule_bumps_version_resets_attendance_and_records_old_and_new(ehr, users, interview_round):
    interview = _interview(ehr, users, interview_round, InterviewStatus.CONFIRMED)
    InterviewAssignment.objects.filter(interview=interview).update(attendance="accepted", attendance_changed_at=timezone.now())
    change = interview.reschedule(at(14), at(15), by=users["hr"], reason="面试官出差")
    interview.refresh_from_db()
    assert interview.schedule_version == 2
    assert interview.status == InterviewStatus.SCHEDULED
    assert (interview.starts_at, interview.ends_at) == (at(14), at(15))
    assignment = interview.assignments.get()
    assert (assignment.attendance, assignment.attendance_changed_at) == ("pending", None)
    assert change.kind == "reschedule"
    assert dt.datetime.fromisoformat(change.details["old_starts_at"]) == at(10)
    assert dt.datetime.fromisoformat(change.details["new_starts_at"]) == at(14)
    assert (change.from_status, change.to_status) == ("confirmed", "scheduled")


@pytest.mark.parametrize("status", [InterviewStatus.DONE, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW])
def test_a_closed_interview_cannot_be_rescheduled(ehr, users, interview_round, status):
    interview = _interview(ehr, users, interview_round, status)
    with pytest.raises(IllegalInterviewMove):
        interview.reschedule(at(14), at(15), by=users["hr"])
    interview.refresh_from_db()
    assert interview.schedule_version == 1


# --- through the page ----------------------------------------------------------------------------------


def test_hr_moves_the_status_on_the_page(client, ehr, users, interview_round):
    interview = _interview(ehr, users, interview_round, InterviewStatus.SCHEDULED)
    client.force_login(users["hr"])
    url = reverse("interviews:interview_status", args=[interview.pk])
    response = client.post(url, {"status": "confirmed"}, follow=True)
    assert "面试状态已改为“已确认”" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == "confirmed"


def test_an_illegal_move_on_the_page_shows_the_reason_not_a_500(client, ehr, users, interview_round):
    interview = _interview(ehr, users, interview_round, InterviewStatus.DONE)
    client.force_login(users["hr"])
    url = reverse("interviews:interview_status", args=[interview.pk])
    response = client.post(url, {"status": "confirmed"}, follow=True)
    assert response.status_code == 200
    assert "面试不能从“已完成”转到“已确认”。" in response.content.decode()
    response = client.post(url, {"status": "bogus"}, follow=True)
    assert "请选择有效的状态。" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == "done"


def test_cancel_without_reason_on_the_page_is_refused(client, ehr, users, interview_round):
    interview = _interview(ehr, users, interview_round, InterviewStatus.SCHEDULED)
    client.force_login(users["hr"])
    response = client.post(reverse("interviews:interview_status", args=[interview.pk]), {"status": "cancelled"}, follow=True)
    assert "转到“已取消”需要填写原因。" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == "scheduled"


def test_status_page_is_post_only_and_for_recruiters(client, ehr, users, interview_round):
    interview = _interview(ehr, users, interview_round, InterviewStatus.SCHEDULED)
    url = reverse("interviews:interview_status", args=[interview.pk])
    client.force_login(users["hr"])
    assert client.get(url).status_code == 405
    client.force_login(users["interviewer"])
    assert client.post(url, {"status": "cancelled", "reason": "x"}).status_code == 403
    interview.refresh_from_db()
    assert interview.status == "scheduled"
