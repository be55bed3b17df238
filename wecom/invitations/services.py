"""Invitations: the "发送邀请" service — the candidate's invitation with their self-service link, the
interviewers' cards, the day-before reminders and the calendar entries, queued together.

Texts come from ``wecom.messages.templates``, channels from ``wecom.messages.routes``; the candidate's link
is ``wecom.messages.links``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from wecom.calendar import services as calendar_sync
from wecom.cards import services as cards
from wecom.messages import links
from wecom.messages.routes import (
    CANDIDATE_WHO,
    candidate_route,
    dedupe_key,
    queue_candidate_message,
    staff_route,
)
from wecom.messages.templates import InvitationOptions, Rendered, person_name, render
from wecom.models import OutboxMessage
from wecom.reminders import services as reminders

Kind = OutboxMessage.Kind


def invitations_sent(interview, *, version: int | None = None) -> bool:
    """Whether HR sent the invitation (for ``version``, or for any version when None)."""
    rows = OutboxMessage.objects.filter(interview=interview, kind=Kind.INVITATION)
    if version is not None:
        rows = rows.filter(dedupe_key=dedupe_key(Kind.INVITATION, interview, CANDIDATE_WHO, version=version))
    return rows.exists()


@dataclass
class Recipient:
    """One line of the preview / the outcome: who, through which channel, or why not."""

    label: str
    role: str
    channel: str = ""
    message: OutboxMessage | None = None
    created: bool = False


@dataclass
class InvitationResult:
    recipients: list[Recipient] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(1 for r in self.recipients if r.created)

    @property
    def unreachable(self) -> list[Recipient]:
        return [r for r in self.recipients if not r.channel]


def preview(interview, *, options: InvitationOptions) -> tuple[Rendered, list[Recipient]]:
    """What "发送邀请" would send: the candidate's rendered invitation and everyone's channel."""
    link = links.candidate_link(interview)
    rendered = render(Kind.INVITATION, interview, options=options, link=link)
    candidate = interview.application.candidate
    route = candidate_route(candidate)
    people = [Recipient(candidate.name, CANDIDATE_WHO, route.channel if route else "")]
    for assignment in interview.assignments.select_related("interviewer__employee"):
        staff = staff_route(assignment.interviewer)
        people.append(Recipient(person_name(assignment.interviewer), "interviewer", staff.channel if staff else ""))
    return rendered, people


@transaction.atomic
def send_invitations(*, interview, by, options: InvitationOptions, now: dt.datetime | None = None) -> InvitationResult:
    """Queue the candidate's invitation, one template card per interviewer and the day-before reminders,
    all in one transaction, for the interview's current schedule_version.

    Idempotent per version: pressing "发送邀请" twice (or two HR at once) finds the rows already queued
    under the same dedupe keys and queues nothing new. Refuses a closed interview (ValueError).
    """
    from interviews.models import Interview

    interview = Interview.objects.select_for_update(of=("self",)).select_related(
        "application__candidate", "application__position", "round", "organizer",
    ).get(pk=interview.pk)
    if not interview.is_open:
        raise ValueError(gettext("只能为未结束的面试发送邀请。"))
    result = InvitationResult()
    candidate = interview.application.candidate
    message, created = queue_candidate_message(interview, Kind.INVITATION, options=options, now=now)
    result.recipients.append(
        Recipient(candidate.name, CANDIDATE_WHO, message.channel if message else "", message, created)
    )
    for assignment in interview.assignments.select_related("interviewer__employee"):
        message, created = cards.queue_card(interview, assignment.interviewer)
        result.recipients.append(Recipient(
            person_name(assignment.interviewer), "interviewer", message.channel if message else "", message, created,
        ))
    reminders.plan_reminders(interview, now=now)
    calendar_sync.queue_sync(interview, reason=f"v{interview.schedule_version}")
    return result
