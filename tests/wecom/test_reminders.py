"""Day-before reminders (10:00 Asia/Shanghai): one per person, never twice, re-planned on a reschedule,
gone on a cancellation — checked by time travel (the sweep's ``now``) against the fake WeCom server."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from interviews.models import InterviewStatus
from tests.wecom.invitation_setup import (  # noqa: F401 - fixtures
    SHANGHAI,
    fake,
    interview,
    local,
    run_on_commit,
    sandbox,
)
from wecom.invitations import services as invitations
from wecom.messages.templates import InvitationOptions
from wecom.models import OutboxMessage
from wecom.outbox.jobs import send_outbox_message
from wecom.reminders import services as reminders

pytestmark = pytest.mark.django_db


def reminder_rows(interview, **filters):  # noqa: F811
    return OutboxMessage.objects.filter(interview=interview, kind="reminder", **filters)


def reminders_to_interviewer(fake) -> list[dict]:  # noqa: F811
    return [m for m in fake.messages_to("iv_wang") if m["msgtype"] == "textcard" and "面试提醒" in m["textcard"]["title"]]


def reminder_emails() -> list:
    return [m for m in mail.outbox if m.subject.startswith("面试提醒")]


def test_reminders_are_planned_for_the_day_before_at_ten_shanghai_time(sandbox, interview, users):  # noqa: F811
    assert reminders.due_at(interview) == local(2, 10)
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    rows = list(reminder_rows(interview))
    assert sorted(r.dedupe_key for r in rows) == [
        f"reminder:{interview.pk}:1:candidate", f"reminder:{interview.pk}:1:user{users['interviewer'].pk}",
    ]
    for row in rows:
        assert row.status == "pending"
        assert row.next_attempt_at.astimezone(SHANGHAI) == local(2, 10)


def test_the_hour_is_configurable(sandbox, interview, settings):  # noqa: F811
    settings.WECOM_REMINDER_HOUR = 18
    assert reminders.due_at(interview) == local(2, 18)


def test_time_travel_to_the_day_before_sends_one_reminder_per_person_and_never_twice(
    fake, interview, users, run_on_commit,  # noqa: F811
):
    run_on_commit(invitations.send_invitations, interview=interview, by=users["hr"], options=InvitationOptions())
    assert reminders_to_interviewer(fake) == [] and reminder_emails() == []

    # the evening before the day before: nothing yet
    run_on_commit(reminders.sweep_reminders, now=local(1, 22))
    assert reminders_to_interviewer(fake) == [] and reminder_emails() == []

    # the day before, 10:00 Shanghai
    result = run_on_commit(reminders.sweep_reminders, now=local(2, 10))
    assert result.planned == 0 and result.released == 2
    assert len(reminders_to_interviewer(fake)) == 1
    [email] = reminder_emails()
    assert email.to == ["xiaoming@example.com"] and "提醒您明天的面试" in email.body

    # the scheduled job fires too, the sweep runs again a few minutes later, the command as well
    for row in reminder_rows(interview):
        run_on_commit(send_outbox_message, row.pk)
    run_on_commit(reminders.sweep_reminders, now=local(2, 10, 5))
    run_on_commit(call_command, "wecom_send_reminders", "--now", local(2, 10, 10).isoformat())
    assert len(reminders_to_interviewer(fake)) == 1 and len(reminder_emails()) == 1
    assert reminder_rows(interview).count() == 2
    assert set(reminder_rows(interview).values_list("status", flat=True)) == {"sent"}


def test_a_lost_reminder_is_planned_again_by_the_sweep(sandbox, interview, users, run_on_commit):  # noqa: F811
    run_on_commit(invitations.send_invitations, interview=interview, by=users["hr"], options=InvitationOptions())
    reminder_rows(interview).delete()  # e.g. the rows never got written or were removed by hand
    result = run_on_commit(reminders.sweep_reminders, now=local(2, 10))
    assert result.planned == 2
    assert set(reminder_rows(interview).values_list("status", flat=True)) == {"sent"}


def test_reschedule_cancels_the_old_reminders_and_plans_new_ones(fake, interview, users, run_on_commit):  # noqa: F811
    run_on_commit(invitations.send_invitations, interview=interview, by=users["hr"], options=InvitationOptions())
    old_keys = set(reminder_rows(interview).values_list("dedupe_key", flat=True))

    run_on_commit(interview.reschedule, local(5, 9), local(5, 10), by=users["hr"], reason="面试官出差")
    assert set(reminder_rows(interview, dedupe_key__in=old_keys).values_list("status", flat=True)) == {"cancelled"}
    new = reminder_rows(interview, status="pending")
    assert set(new.values_list("dedupe_key", flat=True)) == {
        f"reminder:{interview.pk}:2:candidate", f"reminder:{interview.pk}:2:user{users['interviewer'].pk}",
    }
    assert {r.next_attempt_at.astimezone(SHANGHAI) for r in new} == {local(4, 10)}

    # the candidate was told the new time (with a new link), the interviewer got a new card
    notice = OutboxMessage.objects.get(interview=interview, kind="reschedule")
    assert notice.status == "sent" and "之前的链接已失效" in notice.data["body"]
    assert [m["msgtype"] for m in fake.messages_to("iv_wang")] == ["template_card", "template_card"]

    # the old day-before passes without a reminder; the new one comes once
    run_on_commit(reminders.sweep_reminders, now=local(2, 10))
    assert reminders_to_interviewer(fake) == [] and reminder_emails() == []
    run_on_commit(reminders.sweep_reminders, now=local(4, 10))
    assert len(reminders_to_interviewer(fake)) == 1 and len(reminder_emails()) == 1


def test_cancellation_notifies_everyone_and_no_reminder_follows(fake, interview, users, run_on_commit):  # noqa: F811
    run_on_commit(invitations.send_invitations, interview=interview, by=users["hr"], options=InvitationOptions())
    run_on_commit(interview.set_status, InterviewStatus.CANCELLED, by=users["hr"], reason="岗位已关闭")

    assert set(reminder_rows(interview).values_list("status", flat=True)) == {"cancelled"}
    [email] = [m for m in mail.outbox if m.subject.startswith("面试取消")]
    assert email.to == ["xiaoming@example.com"]
    cancelled = [m for m in fake.messages_to("iv_wang") if m["msgtype"] == "textcard"]
    assert len(cancelled) == 1 and cancelled[0]["textcard"]["title"] == "面试已取消"
    assert "岗位已关闭" in cancelled[0]["textcard"]["description"]

    run_on_commit(reminders.sweep_reminders, now=local(2, 10))
    assert reminders_to_interviewer(fake) == [] and reminder_emails() == []
    assert reminder_rows(interview).count() == 2  # the sweep planned nothing for a cancelled interview


def test_an_interview_booked_after_the_reminder_time_gets_no_extra_reminder(sandbox, ehr, users, interview):  # noqa: F811
    now = dt.datetime.now(dt.UTC)
    interview.starts_at = now + dt.timedelta(hours=3)
    interview.ends_at = now + dt.timedelta(hours=4)
    interview.save()
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    assert OutboxMessage.objects.filter(interview=interview, kind="invitation").exists()
    assert not reminder_rows(interview).exists()
    reminders.sweep_reminders()
    assert not reminder_rows(interview).exists()


def test_no_invitation_no_reminder(sandbox, interview):  # noqa: F811
    assert reminders.sweep_reminders(now=local(2, 10)).planned == 0
    assert not OutboxMessage.objects.exists()
