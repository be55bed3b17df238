"""Scheduling writes: stage move, panel rules, signals, updates (reschedule vs place change), slots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from interviews.models import IllegalInterviewMove, Interview, InterviewAssignment, InterviewStatus, Scorecard
from interviews.schedule.services import (
    SchedulingConflict,
    assign_interviewers,
    offer_slots,
    schedule_interview,
    update_interview,
    withdraw_slot,
)
from interviews.signals import interview_scheduled, interviewers_changed
from recruiting.models import Application, Candidate
from tests.interviews.schedule_builders import at, book, make_round

PAST_DAY = dt.date(2020, 3, 10)


@pytest.fixture
def interview_round(ehr, users):
    return make_round(ehr, users)


@pytest.fixture
def shortlisted(ehr, users):
    ehr["application"].set_stage("shortlisted", by=users["hr"])
    return ehr["application"]


@pytest.fixture
def heard():
    events = []

    def on_scheduled(sender, interview, by, **kwargs):
        events.append(("scheduled", interview.pk, by.username))

    def on_panel(sender, interview, added, removed, **kwargs):
        events.append(("panel", sorted(u.username for u in added), sorted(u.username for u in removed)))

    interview_scheduled.connect(on_scheduled)
    interviewers_changed.connect(on_panel)
    yield events
    interview_scheduled.disconnect(on_scheduled)
    interviewers_changed.disconnect(on_panel)


def _schedule(application, interview_round, users, **overrides):
    kwargs = {
        "application": application, "interview_round": interview_round, "starts_at": at(10), "ends_at": at(10, 45),
        "interviewers": [users["interviewer"]], "room": "A-301", "by": users["hr"],
    }
    kwargs.update(overrides)
    return schedule_interview(**kwargs)


def test_scheduling_a_shortlisted_application_moves_it_to_interviewing(shortlisted, interview_round, users, heard):
    interview = _schedule(shortlisted, interview_round, users, interviewers=[users["interviewer"], users["manager"]])
    shortlisted.refresh_from_db()
    assert shortlisted.stage == "interviewing"
    last = shortlisted.stage_history.order_by("-id").first()
    assert (last.from_stage, last.to_stage, last.changed_by) == ("shortlisted", "interviewing", users["hr"])
    assert interview.status == InterviewStatus.SCHEDULED and interview.organizer == users["hr"]
    assert list(interview.assignments.values_list("interviewer__username", "is_lead", "attendance")) == [
        ("iv_wang", True, "pending"), ("mgr_li", False, "pending")]
    assert heard == [("scheduled", interview.pk, "hr_zhang")]  # creation is one event, not a panel change too
    history = interview.status_history.get()
    assert history.details["event"] == "scheduled"


def test_a_second_round_keeps_the_stage(shortlisted, interview_round, users, ehr):
    _schedule(shortlisted, interview_round, users)
    second = make_round(ehr, users, name="复面", pool=("manager",))
    _schedule(shortlisted, second, users, starts_at=at(14), ends_at=at(15), interviewers=[users["manager"]])
    shortlisted.refresh_from_db()
    assert shortlisted.stage == "interviewing"
    assert shortlisted.interviews.count() == 2


@pytest.mark.parametrize("stage_path", [[], ["screening"], ["rejected"]])
def test_only_shortlisted_or_interviewing_applications_are_scheduled(ehr, users, interview_round, stage_path):
    application = ehr["application"]
    for stage in stage_path:
        application.set_stage(stage, by=users["hr"], reason="不合适")
    with pytest.raises(ValidationError, match="已入围"):
        _schedule(application, interview_round, users)
    assert not Interview.objects.exists()


def test_the_round_must_belong_to_the_position(shortlisted, users, ehr):
    rd_round = make_round(ehr, users, position=ehr["rd_position"])
    with pytest.raises(ValidationError, match="不属于"):
        _schedule(shortlisted, rd_round, users)


def test_finance_cannot_interview_and_a_panel_is_required(shortlisted, interview_round, users):
    with pytest.raises(ValidationError, match="不能担任面试官"):
        _schedule(shortlisted, interview_round, users, interviewers=[users["finance"]])
    with pytest.raises(ValidationError, match="至少安排一位面试官"):
        _schedule(shortlisted, interview_round, users, interviewers=[])
    with pytest.raises(ValidationError, match="结束时间必须晚于开始时间"):
        _schedule(shortlisted, interview_round, users, starts_at=at(11), ends_at=at(10))
    assert not Interview.objects.exists()


def test_someone_outside_the_round_pool_may_interview(shortlisted, interview_round, users):
    interview = _schedule(shortlisted, interview_round, users, interviewers=[users["hr"]])
    assert list(interview.interviewers.all()) == [users["hr"]]


def test_moving_the_time_reschedules(shortlisted, interview_round, users, heard):
    interview = _schedule(shortlisted, interview_round, users)
    interview.set_status("confirmed", by=users["hr"])
    InterviewAssignment.objects.filter(interview=interview).update(attendance="accepted")
    update_interview(interview=interview, starts_at=at(15), ends_at=at(16), interviewers=[users["interviewer"]],
                     room="A-301", by=users["hr"], reason="候选人申请改期")
    interview.refresh_from_db()
    assert (interview.starts_at, interview.status, interview.schedule_version) == (at(15), "scheduled", 2)
    assert interview.assignments.get().attendance == "pending"
    change = interview.status_history.get(kind="reschedule")
    assert change.reason == "候选人申请改期"
    assert dt.datetime.fromisoformat(change.details["old_starts_at"]) == at(10)


def test_changing_only_the_place_keeps_version_status_and_attendance(shortlisted, interview_round, users):
    interview = _schedule(shortlisted, interview_round, users)
    interview.set_status("confirmed", by=users["hr"])
    InterviewAssignment.objects.filter(interview=interview).update(attendance="accepted")
    update_interview(interview=interview, starts_at=at(10), ends_at=at(10, 45), interviewers=[users["interviewer"]],
                     room="B-201", location="3楼", by=users["hr"])
    interview.refresh_from_db()
    assert (interview.room, interview.location, interview.status, interview.schedule_version) == (
        "B-201", "3楼", "confirmed", 1)
    assert interview.assignments.get().attendance == "accepted"
    change = interview.status_history.order_by("-id").first()
    assert change.details["event"] == "details_changed"
    assert change.details["changes"]["room"] == {"old": "A-301", "new": "B-201"}


def test_changing_the_panel_sends_added_and_removed(shortlisted, interview_round, users, heard):
    interview = _schedule(shortlisted, interview_round, users, interviewers=[users["interviewer"], users["manager"]])
    assign_interviewers(interview=interview, interviewers=[users["hr"], users["interviewer"]], by=users["hr"])
    assert heard[-1] == ("panel", ["hr_zhang"], ["mgr_li"])
    assert list(interview.assignments.values_list("interviewer__username", "is_lead")) == [
        ("hr_zhang", True), ("iv_wang", False)]
    assert interview.schedule_version == 1


def test_an_added_interviewer_who_is_busy_is_a_conflict(shortlisted, interview_round, users, ehr):
    interview = _schedule(shortlisted, interview_round, users)
    other = Application.objects.create(candidate=Candidate.objects.create(name="孙其"), position=ehr["position"])
    book(other, interview_round, at(10, 30), interviewers=[users["manager"]])
    with pytest.raises(SchedulingConflict):
        assign_interviewers(interview=interview, interviewers=[users["interviewer"], users["manager"]], by=users["hr"])
    assert interview.assignments.count() == 1
    assign_interviewers(interview=interview, interviewers=[users["interviewer"], users["manager"]], by=users["hr"],
                        override_conflicts=True)
    assert interview.assignments.count() == 2
    assert interview.status_history.filter(details__has_key="conflicts_overridden").exists()


def test_an_interviewer_with_a_submitted_scorecard_stays(shortlisted, interview_round, users):
    interview = _schedule(shortlisted, interview_round, users, interviewers=[users["interviewer"], users["manager"]])
    Scorecard.objects.create(interview=interview, interviewer=users["manager"], status=Scorecard.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="已提交评分表"):
        assign_interviewers(interview=interview, interviewers=[users["interviewer"]], by=users["hr"])
    assert interview.assignments.count() == 2


def test_a_closed_interview_cannot_be_changed(shortlisted, interview_round, users):
    interview = _schedule(shortlisted, interview_round, users)
    interview.set_status("cancelled", by=users["hr"], reason="职位暂停")
    with pytest.raises(IllegalInterviewMove):
        update_interview(interview=interview, starts_at=at(15), ends_at=at(16), interviewers=[users["interviewer"]],
                         by=users["hr"])


def test_slots_are_offered_once_in_the_future_and_withdrawn(shortlisted, interview_round, users):
    interview = _schedule(shortlisted, interview_round, users)
    created = offer_slots(interview=interview, slots=[(at(14), at(15)), (at(16), at(17)), (at(14), at(15))])
    assert len(created) == 2
    assert offer_slots(interview=interview, slots=[(at(14), at(15))]) == []
    with pytest.raises(ValidationError, match="将来"):
        offer_slots(interview=interview, slots=[(at(9, day=PAST_DAY), at(10, day=PAST_DAY))])
    withdraw_slot(interview=interview, slot_id=created[0].pk)
    assert list(interview.slot_offers.values_list("starts_at", flat=True)) == [at(16)]
    interview.set_status("cancelled", by=users["hr"], reason="职位暂停")
    with pytest.raises(IllegalInterviewMove):
        offer_slots(interview=interview, slots=[(at(18), at(19))])
