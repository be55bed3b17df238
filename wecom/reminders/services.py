"""Day-before reminders to the candidate and every interviewer.

When: ``WECOM_REMINDER_HOUR`` (default 10) o'clock in the interview's local time (TIME_ZONE, Asia/Shanghai)
on the calendar day before it starts. A reminder is wanted when the interview is open, HR sent the
invitation for the current schedule_version *before* that moment (an interview booked for this afternoon
gets its invitation, not a reminder on top) and the interview has not started.

How: one ``OutboxMessage`` per person, kind reminder, ``not_before`` = the due time, dedupe key
``reminder:<interview>:<schedule_version>:<who>`` (who = "candidate" or "user<id>"). A reschedule bumps
the version, so the new reminders have new keys while the old pending ones are cancelled; a cancellation
cancels them. With Redis ``queue_message`` puts the send job on RQ's scheduler (``enqueue_at`` at
``not_before``); the idempotent sweep
``wecom_send_reminders`` (every few minutes in compose's sweeper) queues any wanted reminder that is missing
and releases due ones, so a lost scheduled job never means a missed reminder, and the outbox's atomic claim
means the job and the sweep never send one twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from wecom.messages import routes as message_routes
from wecom.messages import templates as message_templates
from wecom.models import OutboxMessage
from wecom.oauth import services as oauth
from wecom.outbox.jobs import wake

log = logging.getLogger(__name__)

Kind = OutboxMessage.Kind
DEFAULT_REMINDER_HOUR = 10
# How far ahead the sweep looks for interviews that need reminder rows (tomorrow's, plus slack).
SWEEP_HORIZON = dt.timedelta(days=3)


def reminder_hour() -> int:
    hour = int(getattr(settings, "WECOM_REMINDER_HOUR", DEFAULT_REMINDER_HOUR))
    return min(max(hour, 0), 23)


def due_at(interview) -> dt.datetime:
    """``reminder_hour()``:00 local time on the day before the interview starts (aware, DST-safe)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    day_before = timezone.localtime(interview.starts_at, zone).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day_before, dt.time(reminder_hour()), tzinfo=zone)


def invitation_time(interview) -> dt.datetime | None:
    """When the invitation for the current schedule_version was queued (None: not sent)."""
    row = OutboxMessage.objects.filter(
        dedupe_key=message_routes.dedupe_key(Kind.INVITATION, interview, message_routes.CANDIDATE_WHO),
    ).values_list("created_at", flat=True).first()
    if row is not None:
        return row
    # Interviewers may have been invited while the candidate was unreachable: their cards count too.
    return (
        OutboxMessage.objects.filter(interview=interview, kind=Kind.INTERVIEWER_CARD,
                                     dedupe_key__contains=f"-v{interview.schedule_version}-")
        .order_by("created_at").values_list("created_at", flat=True).first()
    )


def reminders_wanted(interview, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if not interview.is_open or interview.starts_at <= now:
        return False
    sent = invitation_time(interview)
    return sent is not None and sent < due_at(interview)


def reminder_key(interview, who: str) -> str:
    return message_routes.dedupe_key(Kind.REMINDER, interview, who)


@dataclass
class PlanResult:
    created: list[OutboxMessage]
    existing: list[OutboxMessage]


def plan_reminders(interview, *, now: dt.datetime | None = None) -> PlanResult:
    """Queue the missing reminders of the interview's current schedule (idempotent; nothing when no
    reminder is wanted). The outbox schedules each new one's send job for its due time (Redis)."""
    from interviews.models import InterviewAssignment

    result = PlanResult(created=[], existing=[])
    if not reminders_wanted(interview, now=now):
        return result
    when = due_at(interview)
    options = message_templates.options_for(interview)
    message, created = message_routes.queue_candidate_message(
        interview, Kind.REMINDER, options=options, not_before=when, key=reminder_key(interview, "candidate"), now=now,
    )
    if message is not None:
        (result.created if created else result.existing).append(message)
    assignments = (
        InterviewAssignment.objects.filter(interview=interview)
        .exclude(attendance=InterviewAssignment.Attendance.DECLINED).select_related("interviewer__employee")
    )
    for assignment in assignments:
        message, created = _queue_interviewer_reminder(interview, assignment.interviewer, when)
        if message is not None:
            (result.created if created else result.existing).append(message)
    return result


def _queue_interviewer_reminder(interview, user, when):
    with translation.override(settings.LANGUAGE_CODE):
        values = message_templates.placeholder_values(interview, options=message_templates.InvitationOptions(), link="")
        return message_routes.queue_staff_notice(
            interview, user, Kind.REMINDER,
            title=gettext("明日面试提醒"),
            lines=[
                ("gray", f"{values['start']} — {values['end']}"),
                ("normal", f"{values['candidate_name']} · {values['position']} · {values['round']}"),
                ("highlight", values["place"]),
            ],
            url=oauth.room_link(interview, user), key=reminder_key(interview, message_routes.who_for(user)), not_before=when,
        )


def cancel_reminder(interview, who: str) -> int:
    """Cancel one person's pending reminder for the current schedule (an interviewer declined)."""
    return OutboxMessage.objects.filter(
        dedupe_key=reminder_key(interview, who), status=OutboxMessage.Status.PENDING,
    ).update(status=OutboxMessage.Status.CANCELLED)


@dataclass
class SweepResult:
    planned: int = 0
    released: int = 0


def sweep_reminders(*, now: dt.datetime | None = None) -> SweepResult:
    """Idempotent: queue every wanted reminder that is missing (interviews starting within the horizon)
    and hand every due, pending reminder to the send job. Running it twice, or next to the scheduled
    jobs, sends nothing twice (dedupe keys + the outbox's atomic claim).

    ``now`` lets a test or a demo travel in time: reminders due at ``now`` are released even if the
    clock has not got there yet.
    """
    from interviews.models import OPEN_INTERVIEW_STATUSES, Interview

    real_now = timezone.now()
    now = now or real_now
    result = SweepResult()
    upcoming = Interview.objects.filter(
        status__in=OPEN_INTERVIEW_STATUSES, starts_at__gt=now, starts_at__lte=now + SWEEP_HORIZON,
    ).select_related("application__candidate", "application__position", "round", "organizer")
    for interview in upcoming:
        with transaction.atomic():
            result.planned += len(plan_reminders(interview, now=now).created)
    due = OutboxMessage.objects.filter(
        kind=Kind.REMINDER, status=OutboxMessage.Status.PENDING, attempts=0, next_attempt_at__lte=now,
    )
    due_ids = list(due.values_list("pk", flat=True))
    if due_ids and now > real_now:
        # Time travel only: make the rows due for the outbox's own (real-clock) claim.
        OutboxMessage.objects.filter(pk__in=due_ids, next_attempt_at__gt=real_now).update(next_attempt_at=real_now)
    for message_id in due_ids:
        wake(message_id)  # with Redis: one drain job for the whole batch of reminders
        result.released += 1
    return result
