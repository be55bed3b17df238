"""What a candidate does through the self-service link: confirm, pick an offered slot, ask a question.

Every action locks the interview row first, so a double click, a reloaded form or two tabs posting at once
are serialised: the second sees the first's effect and changes nothing (``ReplyOutcome.repeated``). Each
effect is immediate and recorded — the interview's status/history through ``set_status``/``reschedule``
with source "candidate", an ``InboundReply`` linked to the invitation it answers — and a question is
forwarded to the owning HR (``interview.organizer``) as a WeCom app message (sandbox when not configured).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from interviews.models import (
    IllegalInterviewMove,
    Interview,
    InterviewStatus,
    InterviewStatusChange,
    SlotOffer,
)
from wecom.messages import routes as message_routes
from wecom.messages import templates as message_templates
from wecom.models import InboundReply, OutboxMessage

Kind = OutboxMessage.Kind
QUESTION_MAX_CHARS = 1000
# Each question is a WeCom message to the owning HR: a leaked or forwarded link must not be a way to flood
# them (or spend the app's message quota). Far above what a candidate asks about one interview.
QUESTIONS_PER_INTERVIEW = 20
LINK_CHANNEL = "link"


@dataclass(frozen=True)
class ReplyOutcome:
    done: bool  # False: nothing changed (already done, or refused — see ``message``)
    message: str
    interview: Interview
    repeated: bool = False


def _lock(interview: Interview) -> Interview:
    return Interview.objects.select_for_update(of=("self",)).select_related(
        "application__candidate", "application__position", "round", "organizer",
    ).get(pk=interview.pk)


def _answered_message(interview: Interview) -> OutboxMessage | None:
    """The latest message the candidate received that this reply answers (invitation, reschedule notice or
    a reminder already delivered)."""
    received = Q(kind__in=[Kind.INVITATION, Kind.RESCHEDULE]) | Q(kind=Kind.REMINDER, status=OutboxMessage.Status.SENT)
    return (
        OutboxMessage.objects.filter(received, interview=interview, recipient_candidate__isnull=False)
        .exclude(status=OutboxMessage.Status.CANCELLED).order_by("-created_at", "-id").first()
    )


def _reply(interview: Interview, kind: str, text: str = "") -> InboundReply:
    return InboundReply.objects.create(
        message=_answered_message(interview), interview=interview, kind=kind, channel=LINK_CHANNEL,
        from_label=interview.application.candidate.name, text=text,
    )


def _check_version(interview: Interview, version: int) -> None:
    if interview.schedule_version != version:
        raise IllegalInterviewMove(gettext("链接已过期，请以最新邀请为准"))


@transaction.atomic
def confirm(*, interview: Interview, version: int) -> ReplyOutcome:
    """The candidate confirms the current time: status → confirmed (history source candidate)."""
    interview = _lock(interview)
    _check_version(interview, version)
    if interview.status == InterviewStatus.CONFIRMED:
        return ReplyOutcome(False, gettext("您已确认参加，无需重复提交。"), interview, repeated=True)
    try:
        interview.set_status(InterviewStatus.CONFIRMED, source=InterviewStatusChange.Source.CANDIDATE,
                             reason=gettext("候选人通过自助链接确认"))
    except IllegalInterviewMove as exc:
        return ReplyOutcome(False, " ".join(exc.messages), interview)
    _reply(interview, InboundReply.Kind.CONFIRM)
    return ReplyOutcome(True, gettext("已确认参加，期待与您见面！"), interview)


@transaction.atomic
def pick_slot(*, interview: Interview, version: int, slot_id: int) -> ReplyOutcome:
    """The candidate takes one of the alternative times HR offered: the interview is rescheduled to it
    (version + 1, old links and reminders superseded) and, since the candidate chose it, confirmed."""
    interview = _lock(interview)
    slot = SlotOffer.objects.select_for_update().filter(pk=slot_id, interview=interview).first()
    if slot is not None and slot.chosen_at is not None and interview.starts_at == slot.starts_at:
        return ReplyOutcome(False, gettext("您已选择该时间，无需重复提交。"), interview, repeated=True)
    _check_version(interview, version)
    if slot is None or slot.chosen_at is not None:
        return ReplyOutcome(False, gettext("该时间已不可选，请选择其他时间或联系我们。"), interview)
    if slot.starts_at <= timezone.now():
        return ReplyOutcome(False, gettext("该时间已过，请选择其他时间。"), interview)
    reason = gettext("候选人选择了其他时间")
    interview.reschedule(slot.starts_at, slot.ends_at, source=InterviewStatusChange.Source.CANDIDATE, reason=reason)
    SlotOffer.objects.filter(pk=slot.pk).update(chosen_at=timezone.now())
    interview.set_status(InterviewStatus.CONFIRMED, source=InterviewStatusChange.Source.CANDIDATE, reason=reason)
    _reply(interview, InboundReply.Kind.PICK_SLOT, text=slot.starts_at.isoformat())
    return ReplyOutcome(True, gettext("面试时间已改为您选择的时间。"), interview)


def question_key(interview: Interview, text: str) -> str:
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:24]
    return f"{Kind.QUESTION}:{interview.pk}:{digest}"


@transaction.atomic
def ask_question(*, interview: Interview, version: int, text: str) -> ReplyOutcome:
    """Record the question and forward it to the owning HR. The same text twice is one question; nothing is
    taken once the interview is cancelled or over (the page offers no question box then), nor beyond
    ``QUESTIONS_PER_INTERVIEW`` questions."""
    interview = _lock(interview)
    _check_version(interview, version)
    if not interview.is_open:
        return ReplyOutcome(False, gettext("面试已取消或已结束，无法再提交。如有疑问，请联系负责您面试的 HR。"), interview)
    text = (text or "").strip()[:QUESTION_MAX_CHARS]
    if not text:
        return ReplyOutcome(False, gettext("请填写您的问题。"), interview)
    key = question_key(interview, text)
    normalised = " ".join(text.split())
    asked = list(
        InboundReply.objects.filter(interview=interview, kind=InboundReply.Kind.QUESTION).values_list("text", flat=True)
    )
    if any(" ".join(previous.split()) == normalised for previous in asked):
        return ReplyOutcome(False, gettext("您的问题已提交，HR 会尽快回复。"), interview, repeated=True)
    if len(asked) >= QUESTIONS_PER_INTERVIEW:
        return ReplyOutcome(False, gettext("您已提交了很多问题，请直接联系负责您面试的 HR。"), interview)
    _reply(interview, InboundReply.Kind.QUESTION, text=text)
    if interview.organizer is not None:
        with translation.override(settings.LANGUAGE_CODE):
            values = message_templates.placeholder_values(interview, options=message_templates.InvitationOptions(), link="")
            message_routes.queue_staff_notice(
                interview, interview.organizer, Kind.QUESTION,
                title=gettext("候选人提问：%(name)s") % {"name": values["candidate_name"]},
                lines=[
                    ("gray", f"{values['position']} · {values['round']} · {values['start']}"),
                    ("normal", text),
                ],
                url=message_templates.interview_page_url(interview), key=key,
            )
    return ReplyOutcome(True, gettext("问题已提交，HR 会尽快回复您。"), interview)
