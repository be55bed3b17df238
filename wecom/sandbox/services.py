"""The WeCom sandbox: the embedded default when WeCom is not configured (issue 5 item 9).

Messages on the ``sandbox`` channel land in an in-app "phone" per person (an employee's, or a candidate's)
instead of WeCom. The phone shows them the way WeCom renders them (text, textcard, button_interaction
template cards, and candidates' e-mails), and its buttons and replies act like WeCom's servers: they build
the callback XML WeCom would send (``template_card_event`` for a button, ``text`` for a reply), encrypt and
sign it with the sandbox's **own** Token / EncodingAESKey / corp id and POST it over real HTTP to the
portal's ``/wecom/callback/``. The endpoint verifies them with ``wecom.callbacks.services.callback_crypto()``, which
returns this module's crypto in sandbox mode, so the same code path runs as in production.

The sandbox's credentials are derived from SECRET_KEY (one set per installation), or set with
``WECOM_SANDBOX_TOKEN`` / ``WECOM_SANDBOX_ENCODING_AES_KEY`` / ``WECOM_SANDBOX_CORP_ID``.

Card updates: WeCom changes a card after ``message/update_template_card``. In the sandbox that call is a
sandbox-channel row whose payload is WeCom's update body (``{"response_code": …, "button": {"replace_name":
…}}`` or ``{"response_code": …, "template_card": {…}}``), bare or wrapped as ``{"msgtype":
"update_template_card", "task_id": …, "update_template_card": {…}}`` (wecom/cards/services.py); the phone applies it to the card the response code
belongs to (the codes the sandbox issues name their card: ``sbx<message id>x<random>``; a card's own
``OutboxMessage.response_code`` and its ``task_id`` are matched too) and shows the card's buttons replaced.
"""

from __future__ import annotations

import base64
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hrportal import audit, policy
from recruiting.models import Candidate, Employee
from wecom import conf
from wecom.models import Channel, OutboxMessage
from wecom.protocol.crypto import cdata_xml
from wecom.protocol.events import TEMPLATE_CARD_EVENT
from wecom.sandbox.mode import corp_id, crypto, require_active

log = logging.getLogger(__name__)

SANDBOX_AGENT_ID = 1000001
PHONE_MESSAGES = 100  # the most recent ones a phone shows
TEXT_REPLY_BYTES = 2048
POST_TIMEOUT = 10.0
USER, CANDIDATE = "user", "candidate"
PHONE_KINDS = (USER, CANDIDATE)
_RESPONSE_CODE = re.compile(r"^sbx(?P<message>\d+)x[0-9a-f]+$")


class SandboxError(Exception):
    """A sandbox action that cannot be done; the message is shown to the person (translated)."""


def new_response_code(message_id: int) -> str:
    """A single-use response code as WeCom issues for a button card, naming the card it belongs to."""
    return f"sbx{int(message_id)}x{secrets.token_hex(8)}"


# --- phones ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phone:
    kind: str
    owner: Any  # a User or a Candidate
    label: str
    userid: str = ""  # the WeCom userid a user's clicks come from ("" = none: clicks are not possible)

    @property
    def pk(self) -> int:
        return self.owner.pk


def _wecom_userid(user) -> str:
    return (
        Employee.objects.filter(user=user).exclude(wecom_userid="").values_list("wecom_userid", flat=True).first()
        or ""
    )


def _user_label(user) -> str:
    name = Employee.objects.filter(user=user).values_list("name", flat=True).first()
    return name or user.get_full_name() or user.get_username()


def phone_of_user(user) -> Phone:
    return Phone(kind=USER, owner=user, label=_user_label(user), userid=_wecom_userid(user))


def load_phone(request, kind: str, pk: int) -> Phone:
    """The phone ``request.user`` may open: their own; recruiters also everybody's and candidates'.

    404 when the sandbox is off, the kind is unknown or the owner does not exist; 403 out of scope. A
    recruiter opening a candidate's phone reads that candidate's messages, which is audited.
    """
    require_active()
    if kind not in PHONE_KINDS:
        raise Http404("unknown phone kind")
    viewer = request.user
    if kind == USER:
        owner = get_user_model().objects.filter(pk=pk).first()
        if owner is None:
            raise Http404("no such user")
        if owner.pk != viewer.pk and not policy.can(viewer, "view_all_sandbox_phones"):
            raise PermissionDenied("only your own sandbox phone")
        return phone_of_user(owner)
    candidate = Candidate.objects.filter(pk=pk).first()
    if candidate is None:
        raise Http404("no such candidate")
    if not policy.can(viewer, "view_all_sandbox_phones"):
        raise PermissionDenied("candidates' sandbox phones are for recruiters")
    audit.record(action="view", obj=candidate, fields=["sandbox_messages"], request=request,
                 note="sandbox phone")
    return Phone(kind=CANDIDATE, owner=candidate, label=candidate.name)


def phone_directory(viewer) -> dict[str, list[dict]]:
    """Phones with messages that ``viewer`` may open: ``{"users": [...], "candidates": [...]}`` with counts."""
    sent = OutboxMessage.objects.filter(channel=Channel.SANDBOX, status=OutboxMessage.Status.SENT)
    if not policy.can(viewer, "view_all_sandbox_phones"):
        return {"users": [], "candidates": []}
    user_rows = {
        row["recipient_user"]: row
        for row in sent.filter(recipient_user__isnull=False).values("recipient_user")
        .annotate(count=Count("id"), last=Max("sent_at"))
    }
    candidate_rows = {
        row["recipient_candidate"]: row
        for row in sent.filter(recipient_candidate__isnull=False).values("recipient_candidate")
        .annotate(count=Count("id"), last=Max("sent_at"))
    }
    names = dict(Employee.objects.filter(user_id__in=user_rows).values_list("user_id", "name"))
    users = [
        {"kind": USER, "pk": u.pk, "label": names.get(u.pk) or u.get_full_name() or u.get_username(),
         "count": user_rows[u.pk]["count"], "last": user_rows[u.pk]["last"]}
        for u in get_user_model().objects.filter(pk__in=user_rows)
    ]
    candidates = [
        {"kind": CANDIDATE, "pk": c.pk, "label": c.name, "count": candidate_rows[c.pk]["count"],
         "last": candidate_rows[c.pk]["last"]}
        for c in Candidate.objects.filter(pk__in=candidate_rows).only("id", "name")
    ]
    by_last = lambda row: (row["last"] is not None, row["last"])  # noqa: E731
    return {"users": sorted(users, key=by_last, reverse=True), "candidates": sorted(candidates, key=by_last, reverse=True)}


def _phone_rows(phone: Phone):
    rows = OutboxMessage.objects.filter(channel=Channel.SANDBOX, status=OutboxMessage.Status.SENT)
    rows = rows.filter(recipient_user=phone.owner) if phone.kind == USER else rows.filter(recipient_candidate=phone.owner)
    return rows


# --- rendering WeCom's message formats -------------------------------------------------------------------


@dataclass
class Part:
    text: str
    href: str = ""
    css: str = ""


class _RichText(HTMLParser):
    """WeCom's small markup (textcard ``<div class="gray|normal|highlight">``, ``<br>``, ``<a href>``) as lines
    of plain-text parts; everything else is dropped, so nothing from a payload reaches the page as HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[list[Part]] = [[]]
        self.css: list[str] = []
        self.href = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self.lines.append([])
        elif tag == "div":
            if self.lines[-1]:
                self.lines.append([])
            classes = (attrs.get("class") or "").split()
            self.css.append(next((c for c in classes if c in {"gray", "normal", "highlight"}), ""))
        elif tag == "a":
            self.href = attrs.get("href") or ""

    def handle_endtag(self, tag):
        if tag == "div":
            if self.css:
                self.css.pop()
            self.lines.append([])
        elif tag == "a":
            self.href = ""

    def handle_data(self, data):
        css = self.css[-1] if self.css else ""
        for index, chunk in enumerate(data.split("\n")):
            if index:
                self.lines.append([])
            if chunk and self.href:
                self.lines[-1].append(Part(text=chunk, href=local_href(self.href), css=css))
            elif chunk:
                self.lines[-1].extend(_link_parts(chunk, css))


# Chinese text puts no space before or after a link: stop at whitespace and full-width punctuation.
_URL = re.compile(r"https?://[^\s<>\"'，。；：！？、）】」》]+")


def _link_parts(text: str, css: str = "") -> list[Part]:
    parts, last = [], 0
    for match in _URL.finditer(text):
        if match.start() > last:
            parts.append(Part(text=text[last:match.start()], css=css))
        url = match.group(0).rstrip(".,;:!?)")
        parts.append(Part(text=url, href=local_href(url), css=css))
        last = match.start() + len(url)
    if last < len(text):
        parts.append(Part(text=text[last:], css=css))
    return parts


def rich_lines(markup: str) -> list[list[Part]]:
    """WeCom's markup (text content, textcard description) as lines of parts."""
    parser = _RichText()
    parser.feed(markup or "")
    parser.close()
    return [line for line in parser.lines if line]


def plain_lines(text: str) -> list[list[Part]]:
    """Plain text (an e-mail body) as lines of parts, links found in it made clickable."""
    return [_link_parts(line) if line else [] for line in (text or "").splitlines()]


def local_href(url: str) -> str:
    """A link fit for the phone page: portal links become site-relative (the phone may be opened on another
    host name than PORTAL_BASE_URL), other http(s) links stay, anything else (javascript:, data:) is dropped."""
    url = (url or "").strip()
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/")
    if base and (url == base or url.startswith(base + "/")):
        return url[len(base):] or "/"
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("/") and not url.startswith("//"):
        return url
    return ""


@dataclass
class Bubble:
    """One message as the phone shows it."""

    message: OutboxMessage
    msgtype: str
    when: Any
    lines: list[list[Part]] = field(default_factory=list)
    title: str = ""
    url: str = ""
    button_text: str = ""
    subject: str = ""
    ics_href: str = ""
    card: dict[str, Any] = field(default_factory=dict)
    replaced_button: str = ""
    updated: bool = False

    @property
    def card_source(self) -> str:
        return str((self.card.get("source") or {}).get("desc") or "")

    @property
    def card_title(self) -> str:
        return str((self.card.get("main_title") or {}).get("title") or "")

    @property
    def card_desc(self) -> str:
        return str((self.card.get("main_title") or {}).get("desc") or "")

    @property
    def card_subtitle(self) -> str:
        return str(self.card.get("sub_title_text") or "")

    @property
    def card_url(self) -> str:
        return local_href(str((self.card.get("card_action") or {}).get("url") or ""))

    @property
    def card_rows(self) -> list[dict[str, str]]:
        rows = []
        for item in self.card.get("horizontal_content_list") or []:
            if isinstance(item, dict):
                href = local_href(str(item.get("url") or "")) if str(item.get("type", "")) == "1" else ""
                rows.append({"key": str(item.get("keyname") or ""), "value": str(item.get("value") or ""), "href": href})
        return rows

    @property
    def buttons(self) -> list[dict[str, Any]]:
        result = []
        for button in self.card.get("button_list") or []:
            if not isinstance(button, dict):
                continue
            is_link = str(button.get("type", "0")) == "1"
            result.append({
                "text": str(button.get("text") or ""),
                "key": str(button.get("key") or ""),
                "style": int(button.get("style") or 1),
                "href": local_href(str(button.get("url") or "")) if is_link else "",
                "is_link": is_link,
            })
        return result


def _card_update(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The update_template_card body a payload carries, or None: either ``{"msgtype": "update_template_card",
    "update_template_card": {...body...}, "task_id": ...}`` or WeCom's bare body (response_code + button or
    template_card)."""
    if payload.get("msgtype") == "update_template_card":
        nested = payload.get("update_template_card")
        body = dict(nested) if isinstance(nested, dict) else dict(payload)
        body.setdefault("task_id", payload.get("task_id") or "")
        return body
    if "msgtype" not in payload and payload.get("response_code") and ("button" in payload or "template_card" in payload):
        return dict(payload)
    return None


def _ics_href(ics: str) -> str:
    return "data:text/calendar;charset=utf-8;base64," + base64.b64encode(ics.encode("utf-8")).decode("ascii")


def _bubble(message: OutboxMessage, payload: dict[str, Any]) -> Bubble | None:
    msgtype = str(payload.get("msgtype") or "")
    bubble = Bubble(message=message, msgtype=msgtype, when=message.sent_at or message.created_at)
    content = payload.get(msgtype) if isinstance(payload.get(msgtype), dict) else {}
    if msgtype == "text":
        bubble.lines = rich_lines(str(content.get("content") or ""))
    elif msgtype == "textcard":
        bubble.title = str(content.get("title") or "")
        bubble.lines = rich_lines(str(content.get("description") or ""))
        bubble.url = local_href(str(content.get("url") or ""))
        bubble.button_text = str(content.get("btntxt") or "") or _("详情")
    elif msgtype == "template_card":
        bubble.card = dict(content)
    elif msgtype == "email":
        bubble.subject = str(payload.get("subject") or "")
        bubble.lines = plain_lines(str(payload.get("body") or ""))
        if payload.get("ics"):
            bubble.ics_href = _ics_href(str(payload["ics"]))
    else:
        log.info("sandbox message %s has msgtype %r, which the phone does not render", message.pk, msgtype)
        return None
    return bubble


def _card_for_update(payload: dict[str, Any], cards: list[Bubble]) -> Bubble | None:
    code = str(payload.get("response_code") or "")
    match = _RESPONSE_CODE.match(code)
    if match:
        wanted = int(match["message"])
        return next((c for c in cards if c.message.pk == wanted), None)
    by_code = next((c for c in cards if code and c.message.response_code == code), None)
    if by_code is not None:
        return by_code
    task_id = str(payload.get("task_id") or (payload.get("template_card") or {}).get("task_id") or "")
    return next((c for c in reversed(cards) if task_id and c.card.get("task_id") == task_id), None)


def inbox_version(phone: Phone) -> str:
    """Changes whenever the phone would show something new (a message or a card update arrived): the page polls
    with it and gets "nothing new" (204) without rendering while it is unchanged."""
    from django.db.models import Count, Max

    seen = _phone_rows(phone).aggregate(last=Max("id"), count=Count("id"))
    return f"{seen['last'] or 0}-{seen['count']}"


def phone_messages(phone: Phone) -> list[Bubble]:
    """The phone's most recent messages, oldest first, with card updates applied to their cards."""
    rows = list(_phone_rows(phone).order_by("-sent_at", "-id")[:PHONE_MESSAGES])
    rows.reverse()
    bubbles: list[Bubble] = []
    for message in rows:
        try:
            payload = message.data
        except ValueError:
            log.warning("sandbox message %s has a payload that is not JSON", message.pk)
            continue
        if not isinstance(payload, dict):
            continue
        update = _card_update(payload)
        if update is not None:
            card = _card_for_update(update, [b for b in bubbles if b.msgtype == "template_card"])
            if card is None:
                log.info("sandbox card update %s matches no card on this phone", message.pk)
                continue
            card.updated = True
            if isinstance(update.get("template_card"), dict):
                card.card = dict(update["template_card"])
                card.replaced_button = ""
            else:
                card.replaced_button = str((update.get("button") or {}).get("replace_name") or "")
            continue
        bubble = _bubble(message, payload)
        if bubble is not None:
            bubbles.append(bubble)
    return bubbles


# --- acting like WeCom's servers ---------------------------------------------------------------------------


def callback_url() -> str:
    """Where sandbox callbacks go: ``WECOM_SANDBOX_CALLBACK_URL``, else ``PORTAL_BASE_URL`` + /wecom/callback/.

    Never the request's origin: ALLOWED_HOSTS checks the Host header's name but not its port (and may be "*"),
    so a signed-in user could otherwise point this server's POST at any port or host and read its status.
    """
    from django.urls import reverse

    return (getattr(settings, "WECOM_SANDBOX_CALLBACK_URL", "") or "").strip() or conf.portal_url(reverse("wecom:callback"))


def post_callback(url: str, message_xml: str) -> httpx.Response:
    """Encrypt, sign and POST one callback like WeCom does; raises SandboxError when it is not accepted."""
    params, body = crypto().encrypt_callback(message_xml, agent_id=SANDBOX_AGENT_ID)
    try:
        response = httpx.post(url, params=params, content=body.encode("utf-8"),
                              headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=POST_TIMEOUT)
    except httpx.HTTPError as exc:
        log.warning("sandbox callback to %s failed: %s", url, exc)
        raise SandboxError(_("无法连接回调地址，请稍后再试。")) from exc
    if response.status_code != 200:
        log.warning("sandbox callback to %s answered %s", url, response.status_code)
        raise SandboxError(_("回调未被接受（HTTP %(status)s）。") % {"status": response.status_code})
    return response


def _own_card(phone: Phone, user, message_id: int) -> Bubble:
    """The card ``message_id`` on ``user``'s own phone: 404 when no sandbox message has that id, 403 when it
    is on somebody else's phone (nobody presses buttons for another person)."""
    message = OutboxMessage.objects.filter(
        pk=message_id, channel=Channel.SANDBOX, status=OutboxMessage.Status.SENT
    ).only("id", "recipient_user_id").first()
    if message is None:
        raise Http404("no such sandbox message")
    if phone.kind != USER or phone.owner.pk != user.pk or message.recipient_user_id != user.pk:
        raise PermissionDenied("only the phone's owner presses its buttons")
    bubble = next((b for b in phone_messages(phone) if b.message.pk == message.pk), None)
    if bubble is None or bubble.msgtype != "template_card":
        raise SandboxError(_("这条消息没有可点击的按钮。"))
    return bubble


def card_click_xml(*, corp: str, userid: str, task_id: str, key: str, card_type: str, response_code: str) -> str:
    """The decrypted ``template_card_event`` WeCom sends for a button click (reference §2, field for field)."""
    return cdata_xml("xml", {
        "ToUserName": corp,
        "FromUserName": userid,
        "CreateTime": int(time.time()),
        "MsgType": "event",
        "Event": TEMPLATE_CARD_EVENT,
        "EventKey": key,
        "TaskId": task_id,
        "CardType": card_type,
        "ResponseCode": response_code,
        "AgentID": SANDBOX_AGENT_ID,
    })


STALE_CARD = _lazy("此邀请已更新，请查看最新卡片。")


def is_superseded(message: OutboxMessage) -> bool:
    """An interviewer card that no longer counts: its interview is closed, or a newer card went to the same
    person for the same interview (a reschedule)."""
    if message.kind != OutboxMessage.Kind.INTERVIEWER_CARD or message.interview_id is None:
        return False
    interview = message.interview
    if interview is not None and not interview.is_open:
        return True
    return OutboxMessage.objects.filter(
        kind=OutboxMessage.Kind.INTERVIEWER_CARD, interview_id=message.interview_id,
        recipient_user_id=message.recipient_user_id, id__gt=message.pk,
    ).exclude(status=OutboxMessage.Status.CANCELLED).exists()


def press_button(*, phone: Phone, user, message_id: int, key: str, url: str) -> Bubble:
    """The owner pressed button ``key`` of a card on their phone: post WeCom's click event to ``url``.

    Refused (SandboxError) when the card was already updated (WeCom makes its buttons inert; a superseded
    card says so: "此邀请已更新，请查看最新卡片"), the key is not one of the card's callback buttons, or the
    person has no WeCom userid (no employee record with one).
    """
    bubble = _own_card(phone, user, message_id)
    if bubble.updated:
        if is_superseded(bubble.message):
            raise SandboxError(str(STALE_CARD))
        raise SandboxError(_("这张卡片已处理，按钮不可再点击。"))
    button = next((b for b in bubble.buttons if b["key"] == key and not b["is_link"]), None)
    if button is None or not key:
        raise SandboxError(_("这张卡片上没有这个按钮。"))
    if not phone.userid:
        raise SandboxError(_("你的员工档案没有企业微信账号，无法模拟点击。"))
    xml = card_click_xml(
        corp=corp_id(), userid=phone.userid, task_id=str(bubble.card.get("task_id") or ""), key=key,
        card_type=str(bubble.card.get("card_type") or "button_interaction"),
        response_code=new_response_code(bubble.message.pk),
    )
    post_callback(url, xml)
    log.info("sandbox: user %s pressed %r on card message %s", user.pk, key, bubble.message.pk)
    return bubble


def text_reply_xml(*, corp: str, userid: str, content: str, msg_id: str) -> str:
    """The decrypted ``text`` message WeCom sends when a member writes to the app."""
    return cdata_xml("xml", {
        "ToUserName": corp,
        "FromUserName": userid,
        "CreateTime": int(time.time()),
        "MsgType": "text",
        "Content": content,
        "MsgId": msg_id,
        "AgentID": SANDBOX_AGENT_ID,
    })


def send_text(*, phone: Phone, user, content: str, url: str) -> None:
    """The owner wrote ``content`` to the app from their phone: post WeCom's text message to ``url``."""
    if phone.kind != USER or phone.owner.pk != user.pk:
        raise PermissionDenied("only the phone's owner writes from it")
    content = (content or "").strip()
    if not content:
        raise SandboxError(_("请输入回复内容。"))
    if len(content.encode("utf-8")) > TEXT_REPLY_BYTES:
        raise SandboxError(_("回复太长（最多 2048 字节）。"))
    if not phone.userid:
        raise SandboxError(_("你的员工档案没有企业微信账号，无法模拟回复。"))
    # WeCom's MsgIds are 64-bit numbers written as text
    xml = text_reply_xml(corp=corp_id(), userid=phone.userid, content=content, msg_id=str(secrets.randbits(63)))
    post_callback(url, xml)
