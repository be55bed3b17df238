"""How WeCom messaging reacts to the interview schedule (signals from interviews.signals; connected in
``WecomConfig.ready``). Receivers run inside the sender's transaction, so every message they queue commits or
rolls back with the change that caused it.

- ``interview_scheduled``: nothing is sent automatically. HR presses "发送邀请" on the interview page, after
  checking the rendered invitation, the materials and the offered slots (docs/decisions.md).
- ``interview_status_changed``:
  - a reschedule cancels the old schedule's pending invitation, cards and reminders and updates the old
    cards already delivered to a final state (``cards.finalize_superseded_cards``); if invitations had
    gone out, the candidate gets a reschedule notice with a new link, every interviewer a new card, and
    the reminders are planned for the new time;
  - a cancellation cancels everything pending and notifies everyone who had been invited;
  - done / no-show cancel pending reminders.
- ``interviewers_changed``: once invitations are out, an added interviewer gets a card (and a reminder); a
  removed one's pending messages are cancelled.
- ``survey_requested`` (interviews.surveys): the survey link (or its one reminder) goes to the candidate or
  interviewer on their channel, not before the invitation's ``send_at`` (wecom/messages/surveys.py).
- With ``WECOM_SCHEDULE_ENABLED``, each of these (and 发送邀请) also queues a calendar sync
  (``wecom.calendar.services``): interviewers' WeCom calendars follow the schedule.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext

from interviews.models import InterviewStatus, InterviewStatusChange
from interviews.signals import (
    interview_scheduled,
    interview_status_changed,
    interviewers_changed,
    survey_requested,
)
from wecom.calendar import services as calendar_sync
from wecom.cards import services as cards
from wecom.invitations import services as invitations
from wecom.messages import routes as message_routes
from wecom.messages import surveys as survey_messages
from wecom.messages import templates as message_templates
from wecom.models import OutboxMessage
from wecom.outbox.services import cancel_messages
from wecom.reminders import services as reminders

log = logging.getLogger(__name__)

Kind = OutboxMessage.Kind
PENDING_SCHEDULE_KINDS = (Kind.INVITATION, Kind.INTERVIEWER_CARD, Kind.REMINDER, Kind.RESCHEDULE)


def cancel_pending(interview, kinds, *, recipient_user=None) -> int:
    """Cancel this interview's pending messages of ``kinds`` (never one already sent or being sent)."""
    if recipient_user is None:
        return cancel_messages(interview=interview, kinds=list(kinds))
    rows = OutboxMessage.objects.filter(interview=interview, kind__in=list(kinds), status=OutboxMessage.Status.PENDING)
    if recipient_user is not None:
        rows = rows.filter(recipient_user=recipient_user)
    return rows.update(status=OutboxMessage.Status.CANCELLED)


@receiver(interview_scheduled, dispatch_uid="wecom.interview_scheduled")
def on_interview_scheduled(sender, interview, by=None, **kwargs) -> None:
    log.debug("interview %s scheduled; invitations wait for HR to send them", interview.pk)


@receiver(interview_status_changed, dispatch_uid="wecom.interview_status_changed")
def on_interview_status_changed(sender, interview, previous, change, **kwargs) -> None:
    if change.kind == InterviewStatusChange.Kind.RESCHEDULE:
        _rescheduled(interview, change)
    elif change.to_status == InterviewStatus.CANCELLED:
        _cancelled(interview, change)
    elif change.to_status in (InterviewStatus.DONE, InterviewStatus.NO_SHOW):
        cancel_pending(interview, [Kind.REMINDER])


def _rescheduled(interview, change) -> None:
    cancel_pending(interview, PENDING_SCHEDULE_KINDS)
    cards.finalize_superseded_cards(interview)
    if not invitations.invitations_sent(interview):
        return
    calendar_sync.queue_sync(interview, reason=f"v{interview.schedule_version}")
    options = message_templates.options_for(interview)
    message_routes.queue_candidate_message(interview, Kind.RESCHEDULE, options=options)
    for assignment in interview.assignments.select_related("interviewer__employee"):
        cards.queue_card(interview, assignment.interviewer)
    reminders.plan_reminders(interview)


def _cancelled(interview, change) -> None:
    cancel_pending(interview, PENDING_SCHEDULE_KINDS)
    cards.finalize_superseded_cards(interview)
    calendar_sync.queue_sync(interview, reason="cancel")
    if not invitations.invitations_sent(interview):
        return
    options = message_templates.options_for(interview)
    key = f"{Kind.CANCELLATION}:{interview.pk}:candidate"
    message_routes.queue_candidate_message(interview, Kind.CANCELLATION, options=options, key=key)
    with translation.override(settings.LANGUAGE_CODE):
        values = message_templates.placeholder_values(interview, options=message_templates.InvitationOptions(), link="")
        for assignment in interview.assignments.select_related("interviewer__employee"):
            user = assignment.interviewer
            message_routes.queue_staff_notice(
                interview, user, Kind.CANCELLATION,
                title=gettext("面试已取消"),
                lines=[
                    ("normal", f"{values['candidate_name']} · {values['position']} · {values['round']}"),
                    ("gray", f"{values['start']} — {values['end']}"),
                    ("highlight", change.reason),
                ],
                url=message_templates.interview_page_url(interview),
                key=f"{Kind.CANCELLATION}:{interview.pk}:{message_routes.who_for(user)}",
            )


@receiver(interviewers_changed, dispatch_uid="wecom.interviewers_changed")
def on_interviewers_changed(sender, interview, added=(), removed=(), **kwargs) -> None:
    for user in removed or ():
        cancel_pending(interview, PENDING_SCHEDULE_KINDS, recipient_user=user)
    if removed:
        cards.finalize_superseded_cards(interview)
    if not interview.is_open or not invitations.invitations_sent(interview, version=interview.schedule_version):
        return
    if added or removed:
        calendar_sync.queue_sync(interview, reason="panel")
    if not added:
        return
    for user in added:
        cards.queue_card(interview, user)
    reminders.plan_reminders(interview)



@receiver(survey_requested, dispatch_uid="wecom.survey_requested")
def on_survey_requested(sender, invitation, link, reminder=False, **kwargs) -> None:
    survey_messages.queue_survey(invitation, link=link, reminder=reminder)
