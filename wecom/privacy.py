"""What wecom holds about a candidate, registered with the retention purge (hrportal.privacy.registry) in
WecomConfig.ready(): message bodies and addresses to the candidate and about their interviews (interviewer
cards name the candidate), the candidate's replies, the callbacks that carried them, and the link to their
WeCom external contact. Kept: each message's kind, channel, status and times (delivery statistics)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hrportal.privacy import registry
from hrportal.privacy.audit_scrub import scrub_audit_repr
from wecom.models import CallbackEvent, CandidateContact, InboundReply, OutboxMessage


def erase_messages(ids: Sequence[int]) -> int:
    """Blank message bodies, addresses and reply texts about the candidates ``ids``; no files."""
    about = Q(recipient_candidate_id__in=ids) | Q(interview__application__candidate_id__in=ids)
    message_ids = list(OutboxMessage.objects.filter(about).values_list("id", flat=True))
    if message_ids:
        OutboxMessage.objects.filter(id__in=message_ids).update(payload="", address="", recipient_label="", last_error="")
    replies = InboundReply.objects.filter(Q(message_id__in=message_ids) | Q(interview__application__candidate_id__in=ids))
    reply_ids = list(replies.values_list("id", flat=True))
    contacts = CandidateContact.objects.filter(candidate_id__in=ids)
    external = list(contacts.values_list("external_userid", flat=True))
    events = Q(id__in=InboundReply.objects.filter(id__in=reply_ids).exclude(callback_event=None).values("callback_event_id"))
    if external:
        events |= Q(from_user__in=external)
    CallbackEvent.objects.filter(events).update(payload="", from_user="")
    if reply_ids:
        InboundReply.objects.filter(id__in=reply_ids).update(text="", from_label="")
    contacts.delete()
    scrub_audit_repr("wecom.OutboxMessage", message_ids)
    scrub_audit_repr("wecom.InboundReply", reply_ids)
    return 0


def export_messages(candidate_id: int) -> dict:
    """WeCom's part of the Art. 45 copy: the messages sent to the person and what they replied."""
    messages = OutboxMessage.objects.filter(recipient_candidate_id=candidate_id).order_by("created_at", "id")
    replies = InboundReply.objects.filter(message__recipient_candidate_id=candidate_id).order_by("received_at", "id")
    return {
        "messages": [{"kind": m.kind, "channel": m.channel, "status": m.status, "created_at": m.created_at.isoformat(),
                      "content": m.payload} for m in messages],
        "replies": [{"kind": r.kind, "text": r.text, "received_at": r.received_at.isoformat()} for r in replies],
    }


def register() -> None:
    registry.register_holder("wecom.messages", category=_("企业微信与短信消息、候选人回复"), erase=erase_messages,
                             export=export_messages)
