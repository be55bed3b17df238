"""The demo company's WeCom side (``manage.py seed_demo_messages``, run by ``make run`` after the demo
interviews): invitations sent for the demo's open interviews and the candidates' answers, so the message log
(消息记录), the sandbox phones and the interview page show real traffic on first login.

Everything goes through the real services: ``send_invitations`` (the outbox delivers to the sandbox phones
in-process), the candidate's self-service replies ``confirm`` and ``ask_question`` (an ``InboundReply`` each,
the question forwarded to the owning HR), and HR marking the interview 申请改期 after the question — so the
interviews show the statuses 已确认 and 申请改期 with their history. Idempotent: once a demo interview has an
invitation, seeding again changes nothing. The messages go when the interviews go
(``seed_demo_interviews --remove``).
"""

from __future__ import annotations

from django.db import transaction

from interviews.models import Interview, InterviewStatus
from interviews.schedule.services import change_status
from wecom.invitations import replies
from wecom.invitations.services import invitations_sent, send_invitations
from wecom.messages.templates import InvitationOptions
from wecom.models import InboundReply, OutboxMessage

CONTACT = "招聘专员 曾老师 021-5555 0123"
RESCHEDULE_QUESTION = "您好，我周四上午要参加家里的事情，能否改到下周一或周二下午？谢谢！"


@transaction.atomic
def seed_demo_messages(*, hr) -> dict[str, int]:
    """Send the invitations of the demo HR account's upcoming interviews and play the candidates' replies:
    the first (tomorrow) is confirmed by the candidate, the second asks to move and HR marks it 申请改期."""
    counts = {"invitations": 0, "replies": 0}
    upcoming = list(
        Interview.objects.filter(organizer=hr, status=InterviewStatus.SCHEDULED).select_related("application")
        .order_by("starts_at", "id")
    )
    if not upcoming or any(invitations_sent(i) for i in upcoming):
        return counts
    for interview in upcoming:
        result = send_invitations(interview=interview, by=hr, options=InvitationOptions(contact=CONTACT))
        counts["invitations"] += result.queued
    if len(upcoming) >= 2:
        replies.confirm(interview=upcoming[1], version=upcoming[1].schedule_version)
    if len(upcoming) >= 3:
        moving = upcoming[2]
        replies.ask_question(interview=moving, version=moving.schedule_version, text=RESCHEDULE_QUESTION)
        change_status(interview=Interview.objects.get(pk=moving.pk), new_status=InterviewStatus.RESCHEDULE_REQUESTED,
                      by=hr, reason="候选人通过自助链接请求改期（见提问）")
    counts["replies"] = InboundReply.objects.filter(interview__in=upcoming).count()
    counts["messages"] = OutboxMessage.objects.filter(interview__in=upcoming).count()
    return counts


@transaction.atomic
def remove_demo_messages(*, hr) -> int:
    """Delete the messages about the demo HR account's interviews (run before the interviews go; their
    replies go with the interviews). Returns the number of messages deleted."""
    if hr is None:
        return 0
    return OutboxMessage.objects.filter(interview__organizer=hr).delete()[1].get(OutboxMessage._meta.label, 0)
