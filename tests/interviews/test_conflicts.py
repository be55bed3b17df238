"""Conflict detection: double-booked interviewers and rooms, half-open intervals, only open interviews block,
room names normalised; the scheduling service refuses a conflict unless HR overrides (recorded)."""

from __future__ import annotations

import datetime as dt

import pytest

from interviews.models import Interview, InterviewStatus
from interviews.schedule.conflicts import Conflict, find_conflicts, normalise_room
from interviews.schedule.services import SchedulingConflict, schedule_interview
from recruiting.models import Application, Candidate
from tests.interviews.schedule_builders import at, book, make_round


@pytest.fixture
def setup(ehr, users):
    interview_round = make_round(ehr, users)
    other = Application.objects.create(candidate=Candidate.objects.create(name="钱多多"), position=ehr["position"])
    booked = book(other, interview_round, at(10), minutes=60, interviewers=[users["interviewer"]], room="A-301")
    return {"round": interview_round, "booked": booked, "other": other}


def _kinds(conflicts):
    return [(c.kind, c.interview.pk) for c in conflicts]


def test_overlapping_interviewer_is_a_conflict(setup, users):
    found = find_conflicts(starts_at=at(10, 30), ends_at=at(11, 30), interviewer_ids=[users["interviewer"].pk])
    assert _kinds(found) == [(Conflict.INTERVIEWER, setup["booked"].pk)]
    assert found[0].interviewer == users["interviewer"]
    assert "iv_wang" in found[0].message


def test_an_interval_inside_or_around_the_booking_conflicts(setup, users):
    ids = [users["interviewer"].pk]
    assert find_conflicts(starts_at=at(10, 15), ends_at=at(10, 45), interviewer_ids=ids)
    assert find_conflicts(starts_at=at(9), ends_at=at(12), interviewer_ids=ids)


def test_touching_intervals_are_not_a_conflict(setup, users):
    ids = [users["interviewer"].pk]
    assert find_conflicts(starts_at=at(11), ends_at=at(12), interviewer_ids=ids, room="A-301") == []
    assert find_conflicts(starts_at=at(9), ends_at=at(10), interviewer_ids=ids, room="A-301") == []


def test_another_interviewer_at_the_same_time_is_free(setup, users):
    assert find_conflicts(starts_at=at(10), ends_at=at(11), interviewer_ids=[users["manager"].pk]) == []


@pytest.mark.parametrize("status,blocks", [
    (InterviewStatus.SCHEDULED, True),
    (InterviewStatus.CONFIRMED, True),
    (InterviewStatus.RESCHEDULE_REQUESTED, True),
    (InterviewStatus.CANCELLED, False),
    (InterviewStatus.DONE, False),
    (InterviewStatus.NO_SHOW, False),
])
def test_only_open_interviews_block(setup, users, status, blocks):
    Interview.objects.filter(pk=setup["booked"].pk).update(status=status)
    found = find_conflicts(starts_at=at(10), ends_at=at(11), interviewer_ids=[users["interviewer"].pk], room="A-301")
    assert bool(found) is blocks
    if blocks:
        assert {c.kind for c in found} == {Conflict.INTERVIEWER, Conflict.ROOM}


@pytest.mark.parametrize("spelling", ["A-301", "a-301", " A-301 ", "A - 301", "Ａ－３０１", "a-301\t"])
def test_room_names_are_normalised(setup, spelling):
    found = find_conflicts(starts_at=at(10, 30), ends_at=at(11), room=spelling)
    assert _kinds(found) == [(Conflict.ROOM, setup["booked"].pk)]
    assert "A-301" in found[0].message


def test_other_rooms_and_no_room_do_not_conflict(setup):
    assert find_conflicts(starts_at=at(10), ends_at=at(11), room="A-302") == []
    assert find_conflicts(starts_at=at(10), ends_at=at(11), room="") == []
    assert normalise_room("  ") == ""


def test_the_interview_itself_is_excluded(setup, users):
    booked = setup["booked"]
    found = find_conflicts(
        starts_at=at(10), ends_at=at(11), room="A-301", interviewer_ids=[users["interviewer"].pk],
        exclude_interview_id=booked.pk,
    )
    assert found == []


def test_scheduling_with_a_conflict_is_refused_and_nothing_is_written(setup, ehr, users):
    ehr["application"].set_stage("shortlisted", by=users["hr"])
    with pytest.raises(SchedulingConflict) as exc:
        schedule_interview(
            application=ehr["application"], interview_round=setup["round"], starts_at=at(10, 30),
            ends_at=at(11, 15), interviewers=[users["interviewer"]], room="a-301", by=users["hr"],
        )
    assert {c.kind for c in exc.value.conflicts} == {Conflict.INTERVIEWER, Conflict.ROOM}
    assert not Interview.objects.filter(application=ehr["application"]).exists()
    ehr["application"].refresh_from_db()
    assert ehr["application"].stage == "shortlisted"  # the stage move rolled back with the refusal


def test_override_schedules_and_records_the_conflicts_in_the_history(setup, ehr, users):
    ehr["application"].set_stage("shortlisted", by=users["hr"])
    interview = schedule_interview(
        application=ehr["application"], interview_round=setup["round"], starts_at=at(10, 30),
        ends_at=at(11, 15), interviewers=[users["interviewer"]], room="A-301", by=users["hr"],
        override_conflicts=True,
    )
    first = interview.status_history.get()
    recorded = first.details["conflicts_overridden"]
    assert sorted(r["kind"] for r in recorded) == ["interviewer", "room"]
    assert {r["interview"] for r in recorded} == {setup["booked"].pk}
    assert first.changed_by == users["hr"]


def test_conflicts_are_found_with_a_constant_number_of_queries(setup, ehr, users, django_assert_num_queries):
    for hour in (10, 10, 10):
        book(setup["other"], setup["round"], at(hour, 15), interviewers=[users["interviewer"], users["manager"]],
             room="A-301")
    with django_assert_num_queries(2):
        found = find_conflicts(
            starts_at=at(10), ends_at=at(11), room="A-301",
            interviewer_ids=[users["interviewer"].pk, users["manager"].pk],
        )
        [c.message for c in found]
    assert len(found) == 1 + 3 * 2 + 4  # interviewer rows (1 + 3×2), room rows (4)


def test_a_nonsense_interval_finds_nothing(setup, users):
    assert find_conflicts(starts_at=at(11), ends_at=at(10), interviewer_ids=[users["interviewer"].pk]) == []
    assert find_conflicts(starts_at=at(10), ends_at=at(10) + dt.timedelta(0), room="A-301") == []
