"""Notices to candidates and staff users for apps that do not know WeCom (recruiting.notices): an offer to
sign, a one-time code, "the candidate signed". Candidates go through ``candidate_route`` (customer contact →
e-mail → SMS; the sandbox phone on the embedded default); staff through ``staff_route``. Registered in
WecomConfig.ready()."""

from __future__ import annotations

from hrportal.display_names import label_separator
from wecom.messages.routes import candidate_payload, candidate_route, staff_route, staff_textcard
from wecom.messages.templates import Rendered
from wecom.models import Channel, OutboxMessage
from wecom.outbox.services import queue_message


def notify_candidate(*, candidate, title: str, lines: list[tuple[str, str]], url: str, dedupe_key: str, secret: bool = False) -> bool:
    route = candidate_route(candidate)
    if route is None:
        return False
    body = "\n".join(f"{label}{label_separator()}{value}" for label, value in lines)
    if url:
        body = f"{body}\n\n{url}"
    # ``secret`` (a one-time code): the message log shows that a code went out, never the code
    meta = {"link": url, "secret": True} if secret else {"link": url}
    if route.payload_shape == Channel.WECOM_CUSTOMER and not url:  # a code: text only, no link attachment
        payload = {"msgtype": "text", "sender": route.sender, "text": {"content": f"{title}\n\n{body}"}, "meta": meta}
    else:
        payload = candidate_payload(route, Rendered(subject=title, body=body), link=url, meta=meta, sms_text=f"{title} {body}"[:300])
    queue_message(
        channel=route.channel, kind=OutboxMessage.Kind.NOTICE, payload=payload, dedupe_key=dedupe_key,
        address=route.address, recipient_candidate=candidate, recipient_label=candidate.name,
    )
    return True


def notify_staff(*, user, title: str, lines: list[tuple[str, str]], url: str, dedupe_key: str) -> bool:
    route = staff_route(user)
    if route is None:
        return False
    queue_message(
        channel=route.channel, kind=OutboxMessage.Kind.NOTICE,
        payload=staff_textcard(route, title=title, lines=[("normal", f"{label}{label_separator()}{value}") for label, value in lines], url=url),
        dedupe_key=dedupe_key, address=route.address, recipient_user=user, recipient_label=user.get_username(),
    )
    return True
