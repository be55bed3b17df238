"""WeCom customer contact (客户联系) for candidates who are a recruiter's WeCom customers.

Candidates are not corp members, so message/send cannot reach them (shared/reference/wecom.md §3). This
transport creates a 群发 task with externalcontact/add_msg_template: ``address`` is the candidate's
external_userid, ``sender`` the recruiter's userid (payload ``sender``, else the candidate's
``CandidateContact.recruiter_userid``). WeCom sends it once the recruiter confirms in their client; the
returned ``msgid`` is stored and ``group_send_status()`` asks get_groupmsg_send_result whether it went out.

Payload: ``{"msgtype": "text", "text": {"content": …}, "attachments": [...]?, "sender": …?}``; a
``textcard`` payload is accepted too and becomes text + a link attachment.
"""

from __future__ import annotations

import html
import re

from wecom import conf
from wecom.outbox.transports.base import Delivery, Transport, TransportError, require
from wecom.outbox.transports.wecom_app import as_transport_error, shared_client
from wecom.protocol.client import GroupSendStatus
from wecom.protocol.errors import WeComError

_TAGS = re.compile(r"<[^>]+>")


def _content_and_attachments(payload: dict) -> tuple[str, list[dict]]:
    attachments = list(payload.get("attachments") or [])
    msgtype = payload.get("msgtype")
    if msgtype == "text":
        return str((payload.get("text") or {}).get("content") or ""), attachments
    if msgtype == "textcard":
        card = payload.get("textcard") or {}
        description = html.unescape(_TAGS.sub("\n", str(card.get("description") or ""))).strip()
        description = re.sub(r"\n{2,}", "\n", description)
        content = "\n".join(part for part in (str(card.get("title") or ""), description) if part)
        if card.get("url"):
            attachments.append({"msgtype": "link", "link": {"title": str(card.get("title") or "")[:128],
                                                            "url": card["url"]}})
        return content, attachments
    raise TransportError(f"msgtype {msgtype!r} cannot go to a WeCom customer", permanent=True)


def sender_for(message) -> str:
    sender = str(message.data.get("sender") or "")
    if sender:
        return sender
    contact = getattr(message.recipient_candidate, "wecom_contact", None) if message.recipient_candidate_id else None
    return contact.recruiter_userid if contact is not None else ""


class WeComCustomerTransport(Transport):
    channel = "wecom_customer"

    def send(self, message) -> Delivery:
        if not conf.is_configured():
            raise TransportError("WeCom is not configured (WECOM_CORP_ID / WECOM_AGENT_ID / WECOM_SECRET)",
                                 permanent=True)
        require({"address": message.address}, "address")
        sender = sender_for(message)
        if not sender:
            raise TransportError("no recruiter userid to send from (payload sender / CandidateContact)",
                                 permanent=True)
        content, attachments = _content_and_attachments(message.data)
        if not content:
            raise TransportError("payload has no text", permanent=True)
        try:
            result = shared_client().add_msg_template(
                sender=sender, external_userids=[message.address], content=content, attachments=attachments,
            )
        except ValueError as exc:
            raise TransportError(f"invalid payload: {exc}", permanent=True) from None
        except WeComError as exc:
            raise as_transport_error(exc) from None
        if message.address in result.fail_list:
            raise TransportError(f"{message.address} is not a customer of {sender} (fail_list)", permanent=True)
        return Delivery(msgid=result.msgid, external_ref=sender[:128])


def group_send_status(message) -> GroupSendStatus | None:
    """Whether the recruiter confirmed the 群发 and WeCom delivered it (``status`` 1), or None when WeCom has
    no row for this candidate yet. Needs a message sent through this transport (msgid + sender stored)."""
    if not (message.msgid and message.external_ref):
        return None
    cursor = ""
    while True:
        rows, cursor = shared_client().get_groupmsg_send_result(
            msgid=message.msgid, userid=message.external_ref, cursor=cursor
        )
        for row in rows:
            if row.external_userid == message.address:
                return row
        if not cursor:
            return None
