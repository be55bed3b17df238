"""The "消息与回复" section of the interview page (registered with interviews.sections; HR only): what was sent
for this interview and how it went, the candidate's and interviewers' replies, and the questions asked."""

from __future__ import annotations

from hrportal import policy
from interviews.sections import register_section
from wecom.invitations import services as invitations
from wecom.models import InboundReply, OutboxMessage

MAX_ROWS = 50


@register_section(key="wecom_messages", template="wecom/_interview_section.html", order=50)
def build(request, interview) -> dict | None:
    if not policy.can(request.user, "send_messages"):
        return None
    sent = list(
        OutboxMessage.objects.filter(interview=interview)
        .only("id", "kind", "channel", "status", "recipient_label", "attempts", "last_error", "created_at",
              "sent_at", "next_attempt_at")
        .order_by("-created_at", "-id")[:MAX_ROWS]
    )
    replies = list(
        InboundReply.objects.filter(interview=interview).order_by("-received_at", "-id")[:MAX_ROWS]
    )
    return {
        "messages_sent": sent,
        "replies": [r for r in replies if r.kind != InboundReply.Kind.QUESTION],
        "questions": [r for r in replies if r.kind == InboundReply.Kind.QUESTION],
        "can_send": interview.is_open,
        "already_sent": invitations.invitations_sent(interview, version=interview.schedule_version),
    }
