"""The message log (issue 5 item 11): every outbound message, its channel, status, attempts, errors and the
replies it received; HR may send a failed or cancelled message again. Recruiters only (hrportal.policy)."""

from __future__ import annotations

import html
import json
import re

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import audit, params, policy
from hrportal.masking import mask_email, mask_phone
from wecom import access
from wecom.models import Channel, OutboxMessage
from wecom.outbox import selectors
from wecom.outbox import services as outbox

PAGE_SIZE = 50
_DIV = re.compile(r'<div class="(gray|normal|highlight)">(.*?)</div>', re.S)


def masked_address(message: OutboxMessage) -> str:
    """The address as the list shows it: e-mail and phone masked; WeCom ids are not personal contact data."""
    if message.channel == Channel.EMAIL:
        return mask_email(message.address)
    if message.channel == Channel.SMS:
        return mask_phone(message.address)
    return message.address


@require_GET
def message_log(request):
    filters = {
        "status": request.GET.get("status", "") if request.GET.get("status") in OutboxMessage.Status.values else "",
        "channel": request.GET.get("channel", "") if request.GET.get("channel") in Channel.values else "",
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in OutboxMessage.Kind.values else "",
        "interview_id": params.id_param(request.GET, "interview"),
    }
    page = Paginator(selectors.message_log(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    for message in page.object_list:
        message.shown_address = masked_address(message)
    return render(request, "wecom/message_log.html", {
        "page": page, "filters": filters, "counts": selectors.status_counts(),
        "statuses": OutboxMessage.Status.choices, "channels": Channel.choices, "kinds": OutboxMessage.Kind.choices,
    })


def rendered_payload(payload: dict) -> dict:
    """What the payload says, per msgtype, as plain values for the template (never marked safe)."""
    msgtype = payload.get("msgtype", "")
    if not msgtype and payload.get("response_code"):  # WeCom's bare update_template_card body
        msgtype = "update_template_card"
    view: dict = {"msgtype": msgtype}
    if (payload.get("meta") or {}).get("secret"):
        # a one-time code (offer signing): delivered to the candidate, never shown in the log
        view.update(text=_("（含一次性验证码，内容不显示）"), raw="", secret=True)
        return view
    if msgtype == "text":
        view["text"] = (payload.get("text") or {}).get("content", "")
    elif msgtype == "textcard":
        card = payload.get("textcard") or {}
        lines = [(cls, html.unescape(re.sub(r"<[^>]+>", "", text))) for cls, text in _DIV.findall(card.get("description", ""))]
        if not lines and card.get("description"):
            lines = [("normal", html.unescape(re.sub(r"<[^>]+>", " ", card["description"])))]
        view.update(title=card.get("title", ""), lines=lines, url=card.get("url", ""), btntxt=card.get("btntxt", ""))
    elif msgtype == "template_card":
        card = payload.get("template_card") or {}
        view.update(
            title=(card.get("main_title") or {}).get("title", ""), desc=(card.get("main_title") or {}).get("desc", ""),
            sub_title=card.get("sub_title_text", ""),
            rows=[(row.get("keyname", ""), row.get("value", "")) for row in card.get("horizontal_content_list") or []],
            buttons=[button.get("text", "") for button in card.get("button_list") or []],
            url=(card.get("card_action") or {}).get("url", ""), task_id=card.get("task_id", ""),
        )
    elif msgtype == "update_template_card":
        update = payload.get("update_template_card") if isinstance(payload.get("update_template_card"), dict) else payload
        view.update(replace_name=(update.get("button") or {}).get("replace_name", ""),
                    task_id=payload.get("task_id", ""), replaces_card=bool(update.get("template_card")))
    elif msgtype == "email":
        view.update(subject=payload.get("subject", ""), text=payload.get("body", ""),
                    has_html=bool(payload.get("html")), ics=payload.get("ics", ""))
    elif msgtype == "sms":
        view["text"] = payload.get("text", "")
    view["raw"] = json.dumps(payload, ensure_ascii=False, indent=2)
    return view


@require_GET
def message_detail(request, pk):
    message = access.get_message_for_user(request.user, pk)
    show_address = policy.can(request.user, "view_candidate_contact")
    replies = list(message.replies.all().order_by("received_at", "id"))
    # The payload (names, links, times), replies and, for those allowed, the address are shown in clear: audited.
    shown = ["payload"] + (["address"] if show_address else []) + (["replies"] if replies else [])
    audit.record(action="view", obj=message, fields=shown, request=request)
    return render(request, "wecom/message_detail.html", {
        "message": message,
        "address": message.address if show_address else masked_address(message),
        "payload": rendered_payload(message.data),
        "replies": replies,
        "can_retry": message.status in outbox.RETRYABLE,
    })


@require_POST
def message_retry(request, pk):
    message = access.get_message_for_user(request.user, pk)
    try:
        outbox.retry_message(message=message, by=request.user, request=request)
    except outbox.NotRetryable:
        flash.error(request, _("只有发送失败或已取消的消息可以重新发送。"))
    else:
        flash.success(request, _("消息已重新排队发送。"))
    return redirect("wecom:message_detail", pk=message.pk)
