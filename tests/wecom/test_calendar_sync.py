"""Interviewers' WeCom calendars (WECOM_SCHEDULE_ENABLED): written when invitations go out, updated on a
reschedule or a new panel, deleted on a cancellation — through the outbox, against the fake WeCom server."""

from __future__ import annotations

import pytest

from hrportal.roles import Role
from interviews.models import InterviewAssignment, InterviewStatus
from interviews.schedule.services import update_interview
from tests.conftest import make_user
from tests.wecom.invitation_setup import (  # noqa: F401 - fixtures
    fake,
    give_wecom_account,
    interview,
    local,
    run_on_commit,
    sandbox,
)
from wecom.invitations import services as invitations
from wecom.messages.templates import InvitationOptions
from wecom.models import CalendarEntry, OutboxMessage
from wecom.outbox.jobs import send_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_on(fake, settings):  # noqa: F811
    settings.WECOM_SCHEDULE_ENABLED = True
    return fake


def invite(interview, users, run_on_commit):  # noqa: F811
    return run_on_commit(invitations.send_invitations, interview=interview, by=users["hr"], options=InvitationOptions())


def calendar_rows(interview):  # noqa: F811
    return OutboxMessage.objects.filter(interview=interview, kind="calendar").order_by("pk")


def test_invitations_write_the_interview_into_the_interviewers_calendar_once(calendar_on, interview, users,  # noqa: F811
                                                                              run_on_commit):  # noqa: F811
    invite(interview, users, run_on_commit)

    [row] = calendar_rows(interview)
    assert (row.channel, row.status) == ("wecom_calendar", "sent")
    entry = CalendarEntry.objects.get(interview=interview)
    assert entry.is_live and entry.schedule_id == row.external_ref
    assert entry.attendees == ["iv_wang"] and entry.synced_version == interview.schedule_version
    schedule = calendar_on.schedules[entry.schedule_id]
    assert schedule["attendees"] == [{"userid": "iv_wang"}]
    assert schedule["start_time"] == int(interview.starts_at.timestamp())
    assert schedule["end_time"] == int(interview.ends_at.timestamp())
    assert interview.application.candidate.name in schedule["summary"] and "初面" in schedule["summary"]
    assert "A-301" in schedule["location"]
    assert f"/interviews/{interview.pk}/" in schedule["description"]
    assert schedule["reminders"]["remind_before_event_secs"] == 3600

    invite(interview, users, run_on_commit)  # 发送邀请 pressed again: nothing new
    assert calendar_rows(interview).count() == 1
    assert len(calendar_on.calls("oa/schedule/add")) == 1


def test_reschedule_updates_the_entry_and_cancellation_deletes_it(calendar_on, interview, users,  # noqa: F811
                                                                  run_on_commit):  # noqa: F811
    invite(interview, users, run_on_commit)
    schedule_id = CalendarEntry.objects.get(interview=interview).schedule_id

    run_on_commit(interview.reschedule, local(6, 9), local(6, 10), by=users["hr"], reason="面试官出差")

    assert len(calendar_on.calls("oa/schedule/update")) == 1
    assert calendar_on.schedules[schedule_id]["start_time"] == int(local(6, 9).timestamp())
    entry = CalendarEntry.objects.get(interview=interview)
    assert entry.schedule_id == schedule_id and entry.synced_version == 2

    run_on_commit(interview.set_status, InterviewStatus.CANCELLED, by=users["hr"], reason="岗位已关闭")

    assert calendar_on.deleted_schedules == [schedule_id]
    entry.refresh_from_db()
    assert entry.removed_at is not None and not entry.is_live
    assert set(calendar_rows(interview).values_list("status", flat=True)) == {"sent"}


def test_a_new_interviewer_is_added_to_the_entry(calendar_on, interview, users, ehr, run_on_commit):  # noqa: F811
    invite(interview, users, run_on_commit)
    second = make_user("iv_li", Role.INTERVIEWER)
    give_wecom_account(second, "iv_li", ehr["sales"])
    run_on_commit(
        update_interview, interview=interview, starts_at=interview.starts_at, ends_at=interview.ends_at,
        interviewers=[users["interviewer"], second], lead=users["interviewer"], room=interview.room,
        location=interview.location, by=users["hr"],
    )
    entry = CalendarEntry.objects.get(interview=interview)
    assert entry.attendees == ["iv_wang", "iv_li"]
    assert calendar_on.schedules[entry.schedule_id]["attendees"] == [{"userid": "iv_wang"}, {"userid": "iv_li"}]


def test_an_entry_deleted_in_wecom_is_written_again(calendar_on, interview, users, run_on_commit):  # noqa: F811
    invite(interview, users, run_on_commit)
    old_id = CalendarEntry.objects.get(interview=interview).schedule_id
    del calendar_on.schedules[old_id]  # someone removed it in the WeCom app

    run_on_commit(interview.reschedule, local(7, 15), local(7, 16), by=users["hr"], reason="改到下午")

    entry = CalendarEntry.objects.get(interview=interview)
    assert entry.schedule_id != old_id and entry.schedule_id in calendar_on.schedules
    assert calendar_on.schedules[entry.schedule_id]["start_time"] == int(local(7, 15).timestamp())


def test_a_transient_error_is_retried_by_the_outbox(calendar_on, interview, users, run_on_commit):  # noqa: F811
    calendar_on.fail_next("oa/schedule/add", -1, times=3)  # WeCom busy beyond the client's own three tries
    invite(interview, users, run_on_commit)
    [row] = calendar_rows(interview)
    assert row.status == "pending" and row.last_errcode == -1
    assert not CalendarEntry.objects.filter(interview=interview).exclude(schedule_id="").exists()

    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)  # the backoff has passed
    assert send_message(row.pk) == "sent"
    assert CalendarEntry.objects.get(interview=interview).is_live
    assert len(calendar_on.schedules) == 1


def test_a_sync_that_runs_late_follows_the_interview_as_it_is_now(calendar_on, interview, users,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the sync is queued but not sent yet
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    interview.set_status(InterviewStatus.CANCELLED, by=users["hr"], reason="候选人放弃")
    rows = list(calendar_rows(interview))  # the invitation's sync, and the cancellation's (the first may be adding)
    assert len(rows) == 2

    assert [send_message(row.pk) for row in rows] == ["sent", "sent"]
    assert calendar_on.calls("oa/schedule/add") == []  # a cancelled interview is never written
    assert not CalendarEntry.objects.get(interview=interview).is_live


def test_an_interviewer_without_a_wecom_account_is_left_out(calendar_on, interview, users, ehr,  # noqa: F811
                                                            run_on_commit):  # noqa: F811
    no_account = make_user("iv_zhao", Role.INTERVIEWER)
    InterviewAssignment.objects.create(interview=interview, interviewer=no_account)
    invite(interview, users, run_on_commit)
    assert CalendarEntry.objects.get(interview=interview).attendees == ["iv_wang"]


def test_calendars_are_off_by_default(fake, interview, users, run_on_commit):  # noqa: F811
    invite(interview, users, run_on_commit)
    assert not calendar_rows(interview).exists()
    assert fake.calls("oa/schedule/add") == []


def test_the_sandbox_has_no_calendar_even_when_switched_on(sandbox, interview, users, run_on_commit):  # noqa: F811
    sandbox.WECOM_SCHEDULE_ENABLED = True
    invite(interview, users, run_on_commit)
    run_on_commit(interview.reschedule, local(8, 9), local(8, 10), by=users["hr"], reason="改期")
    assert not calendar_rows(interview).exists()
