"""Two HR saving overlapping bookings at the same moment: the second one must see the first and be refused.

Runs on PostgreSQL (skipped on SQLite, whose single writer cannot interleave two bookings). The first
booking is held open right after its insert (a receiver of ``interview_scheduled`` runs inside its
transaction) while the second HR books; the first commits only once the second is either waiting on a
lock — what ``lock_booking_resources`` makes it do — or already finished, which is the race the lock
prevents (both would then be saved). No timing is asserted.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from hrportal.roles import Role
from interviews.models import Interview
from interviews.schedule.services import SchedulingConflict, schedule_interview
from interviews.signals import interview_scheduled
from recruiting.models import Application, Candidate
from tests.conftest import make_user
from tests.interviews.schedule_builders import at, make_round

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs two concurrent writers: run with DATABASE_URL=postgres://…")


def _others_waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL caches the statistics snapshot at its first read
        # (stats_fetch_consistency = cache): clear it, or the poll never sees the other session start waiting.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def _race(first_kwargs: dict, second_kwargs: dict) -> dict:
    outcome: dict = {}
    second_done = threading.Event()

    def second():
        try:
            outcome["second"] = schedule_interview(**second_kwargs)
        except SchedulingConflict as exc:
            outcome["second_refused"] = exc
        finally:
            second_done.set()
            connections.close_all()

    second_thread = threading.Thread(target=second, name="second-hr")

    def hold_first_open(sender, interview, **kwargs):
        if threading.current_thread().name != "first-hr":
            return
        second_thread.start()
        deadline = time.monotonic() + 60  # a safety net against a hung test, not a measured timing
        while not second_done.is_set() and not _others_waiting_on_a_lock() and time.monotonic() < deadline:
            time.sleep(0.02)
        outcome["second_was_waiting"] = not second_done.is_set()

    def first():
        try:
            outcome["first"] = schedule_interview(**first_kwargs)
        finally:
            connections.close_all()

    interview_scheduled.connect(hold_first_open)
    try:
        first_thread = threading.Thread(target=first, name="first-hr")
        first_thread.start()
        first_thread.join()
        second_thread.join()
    finally:
        interview_scheduled.disconnect(hold_first_open)
    return outcome


@pytest.fixture
def two_applications(ehr, users):
    interview_round = make_round(ehr, users)
    ehr["application"].set_stage("shortlisted", by=users["hr"])
    other = Application.objects.create(candidate=Candidate.objects.create(name="钱多多"), position=ehr["position"])
    other.set_stage("shortlisted", by=users["hr"])
    hr2 = make_user("hr_wu", Role.HR)
    return interview_round, ehr["application"], other, hr2


def test_two_hr_booking_the_same_interviewer_at_once(users, two_applications):
    interview_round, first_app, second_app, hr2 = two_applications
    common = {"interview_round": interview_round, "interviewers": [users["interviewer"]]}
    outcome = _race(
        {**common, "application": first_app, "starts_at": at(10), "ends_at": at(11), "by": users["hr"]},
        {**common, "application": second_app, "starts_at": at(10, 30), "ends_at": at(11, 30), "by": hr2},
    )
    assert "first" in outcome
    assert outcome["second_was_waiting"] is True
    assert "second_refused" in outcome, "both bookings were saved: the interviewer is double-booked"
    assert [c.interviewer.pk for c in outcome["second_refused"].conflicts] == [users["interviewer"].pk]
    assert Interview.objects.count() == 1


def test_two_hr_booking_the_same_room_at_once(users, two_applications):
    interview_round, first_app, second_app, hr2 = two_applications
    outcome = _race(
        {"application": first_app, "interview_round": interview_round, "starts_at": at(10), "ends_at": at(11),
         "interviewers": [users["interviewer"]], "room": "A-301", "by": users["hr"]},
        {"application": second_app, "interview_round": interview_round, "starts_at": at(10, 30),
         "ends_at": at(11, 30), "interviewers": [users["manager"]], "room": " a-301", "by": hr2},
    )
    assert outcome["second_was_waiting"] is True
    assert "second_refused" in outcome, "both bookings were saved: the room is double-booked"
    assert [c.kind for c in outcome["second_refused"].conflicts] == ["room"]
    assert Interview.objects.count() == 1


def test_bookings_that_do_not_collide_both_succeed(users, two_applications):
    interview_round, first_app, second_app, hr2 = two_applications
    outcome = _race(
        {"application": first_app, "interview_round": interview_round, "starts_at": at(10), "ends_at": at(11),
         "interviewers": [users["interviewer"]], "room": "A-301", "by": users["hr"]},
        {"application": second_app, "interview_round": interview_round, "starts_at": at(10),
         "ends_at": at(11), "interviewers": [users["manager"]], "room": "B-202", "by": hr2},
    )
    assert "first" in outcome and "second" in outcome
    assert outcome["second_was_waiting"] is False  # nothing shared, nothing to wait for
    assert Interview.objects.count() == 2
