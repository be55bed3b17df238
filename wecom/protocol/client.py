"""A thin WeCom server-API client (httpx) for one self-built app.

Rules it keeps (shared/reference/wecom.md §1):

- The access_token is cached in the Django cache (Redis when configured, so every worker shares it) under a
  key per corp id + sha256(secret)[:16], and refreshed a little before ``expires_in`` runs out.
- When WeCom says the token is stale (40014, 42001, and 40001 on anything but gettoken) the client drops
  it, fetches a new one and repeats the request **once**; a second failure is raised, never looped.
  gettoken's own 40001 (wrong secret) is never retried.
- -1 (busy), 45009 and 45033 (rate limits) are retried a few times with short, growing sleeps; then the
  transient error is raised and the caller (the outbox) schedules a later attempt.
- Network failures, timeouts and HTTP 5xx raise ``WeComUnavailable`` (transient) at once: a POST that
  timed out may have been delivered, so repeating it here could message someone twice.
- Every errcode goes through ``wecom.protocol.errors.error_for`` — the one errcode table.

Payload builders apply WeCom's field limits before sending (byte limits are cut on a UTF-8 character
boundary, so the server never cuts a Chinese character in half).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from wecom.protocol.errors import (
    BACKOFF_ERRCODES,
    TOKEN_ERRCODES_OUTSIDE_GETTOKEN,
    WeComUnavailable,
    error_for,
)

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin/"

# Field limits from message/send (D:90236) and update_template_card (D:94888).
MAX_RECIPIENTS = 1000
TEXT_CONTENT_BYTES = 2048
TEXTCARD_TITLE_BYTES = 128
TEXTCARD_DESCRIPTION_BYTES = 512
URL_BYTES = 2048
TEXTCARD_BTNTXT_CHARS = 4
TASK_ID_BYTES = 128
TASK_ID_RE = re.compile(r"^[A-Za-z0-9_\-@]{1,128}$")
MAX_BUTTONS = 6
BUTTON_TEXT_CHARS = 10
BUTTON_KEY_BYTES = 1024
MAX_DUPLICATE_CHECK_INTERVAL = 4 * 3600
SCHEDULE_SUMMARY_CHARS = 128
SCHEDULE_MAX_ADMINS = 3
MAX_ATTACHMENTS = 9


# --- keep secrets out of logs --------------------------------------------------------------------------
# httpx logs every request URL at INFO; gettoken carries the secret and every call the token in the query.
_SECRET_QUERY_RE = re.compile(r"((?:access_token|corpsecret|code)=)[^&\s\"']+")


class _RedactWeComSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET_QUERY_RE.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _install_log_redaction() -> None:
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactWeComSecrets) for f in logger.filters):
        logger.addFilter(_RedactWeComSecrets())


_install_log_redaction()


# --- small helpers ---------------------------------------------------------------------------------------


def truncate_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes without splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def _recipients(users: str | Iterable[str]) -> str:
    ids = [u for u in (users.split("|") if isinstance(users, str) else list(users)) if u]
    if not ids:
        raise ValueError("a WeCom message needs at least one recipient")
    if len(ids) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} recipients per call, got {len(ids)}")
    return "|".join(ids)


def _check_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ValueError("WeCom links must start with http:// or https://")
    if len(url.encode("utf-8")) > URL_BYTES:
        raise ValueError(f"WeCom links are limited to {URL_BYTES} bytes")
    return url


def _split_ids(value: str | None) -> list[str]:
    return [item for item in (value or "").split("|") if item]


def _message_options(enable_duplicate_check: bool, duplicate_check_interval: int | None) -> dict[str, Any]:
    if not enable_duplicate_check:
        return {}
    options: dict[str, Any] = {"enable_duplicate_check": 1}
    if duplicate_check_interval is not None:
        options["duplicate_check_interval"] = max(1, min(int(duplicate_check_interval), MAX_DUPLICATE_CHECK_INTERVAL))
    return options


# --- payload builders (agentid is added by the client) ----------------------------------------------------


def text_message(
    to_users: str | Iterable[str],
    content: str,
    *,
    safe: bool = False,
    enable_duplicate_check: bool = False,
    duplicate_check_interval: int | None = None,
) -> dict[str, Any]:
    """A ``text`` message; content is cut to 2048 bytes (WeCom would truncate it anyway, mid-character)."""
    return {
        "touser": _recipients(to_users),
        "msgtype": "text",
        "text": {"content": truncate_utf8(content, TEXT_CONTENT_BYTES)},
        "safe": 1 if safe else 0,
        **_message_options(enable_duplicate_check, duplicate_check_interval),
    }


def card_description(parts: Sequence[tuple[str, str]], *, max_bytes: int = TEXTCARD_DESCRIPTION_BYTES) -> str:
    """textcard description from ``[(css_class, text), ...]`` with class gray / normal / highlight.

    Text is HTML-escaped and the result fits in ``max_bytes`` without cutting a tag: lines that do not fit
    are shortened, then dropped (WeCom would otherwise truncate at 512 bytes and leave a dangling ``<div``).
    """
    out = ""
    for css_class, text in parts:
        if css_class not in {"gray", "normal", "highlight"}:
            raise ValueError(f"unknown textcard class {css_class!r}")
        opening, closing = f'<div class="{css_class}">', "</div>"
        budget = max_bytes - len(out.encode("utf-8")) - len(opening) - len(closing)
        if budget <= 0:
            break
        escaped = html.escape(text, quote=False)
        if len(escaped.encode("utf-8")) > budget:
            # Shorten the raw text, then re-escape, so no entity like "&amp;" is cut in two.
            shortened = truncate_utf8(text, budget)
            while shortened and len(html.escape(shortened, quote=False).encode("utf-8")) > budget:
                shortened = shortened[:-1]
            escaped = html.escape(shortened, quote=False)
        out += opening + escaped + closing
    return out


def textcard_message(
    to_users: str | Iterable[str],
    *,
    title: str,
    description: str,
    url: str,
    btntxt: str | None = None,
    enable_duplicate_check: bool = False,
    duplicate_check_interval: int | None = None,
) -> dict[str, Any]:
    """A ``textcard``: title ≤128 bytes, description ≤512 bytes (build it with ``card_description``),
    url required (http/https, ≤2048 bytes), button text ≤4 characters (WeCom shows 详情 when omitted)."""
    card = {
        "title": truncate_utf8(title, TEXTCARD_TITLE_BYTES),
        "description": truncate_utf8(description, TEXTCARD_DESCRIPTION_BYTES),
        "url": _check_url(url),
    }
    if btntxt:
        card["btntxt"] = btntxt[:TEXTCARD_BTNTXT_CHARS]
    return {
        "touser": _recipients(to_users),
        "msgtype": "textcard",
        "textcard": card,
        **_message_options(enable_duplicate_check, duplicate_check_interval),
    }


@dataclass(frozen=True)
class CardButton:
    """One button of a button_interaction card: clicking it calls back with ``key`` as EventKey."""

    text: str
    key: str
    style: int = 1  # 1–4

    def as_payload(self) -> dict[str, Any]:
        if not self.key or len(self.key.encode("utf-8")) > BUTTON_KEY_BYTES:
            raise ValueError(f"button key must be 1..{BUTTON_KEY_BYTES} bytes")
        if self.style not in (1, 2, 3, 4):
            raise ValueError("button style must be 1, 2, 3 or 4")
        return {"text": self.text[:BUTTON_TEXT_CHARS], "style": self.style, "key": self.key}


def check_task_id(task_id: str) -> str:
    if not TASK_ID_RE.match(task_id or ""):
        raise ValueError("task_id must be 1..128 characters of letters, digits and _-@")
    return task_id


def button_card(
    *,
    task_id: str,
    title: str,
    buttons: Sequence[CardButton],
    desc: str = "",
    source_desc: str = "",
    sub_title_text: str = "",
    horizontal_content: Sequence[tuple[str, str]] = (),
    url: str | None = None,
) -> dict[str, Any]:
    """The ``template_card`` object of a button_interaction card (also usable to replace a card)."""
    if not 1 <= len(buttons) <= MAX_BUTTONS:
        raise ValueError(f"a button card needs 1..{MAX_BUTTONS} buttons")
    keys = [b.key for b in buttons]
    if len(set(keys)) != len(keys):
        raise ValueError("button keys must be unique within a card")
    card: dict[str, Any] = {
        "card_type": "button_interaction",
        "main_title": {"title": title, **({"desc": desc} if desc else {})},
        "task_id": check_task_id(task_id),
        "button_list": [b.as_payload() for b in buttons],
    }
    if source_desc:
        card["source"] = {"desc": source_desc, "desc_color": 0}
    if sub_title_text:
        card["sub_title_text"] = sub_title_text
    if horizontal_content:
        card["horizontal_content_list"] = [{"keyname": k, "value": v} for k, v in horizontal_content]
    if url:
        card["card_action"] = {"type": 1, "url": _check_url(url)}
    return card


def button_card_message(
    to_users: str | Iterable[str],
    card: dict[str, Any],
    *,
    enable_duplicate_check: bool = False,
    duplicate_check_interval: int | None = None,
) -> dict[str, Any]:
    """A ``template_card`` message carrying ``button_card(...)``. The app needs a callback URL for it."""
    return {
        "touser": _recipients(to_users),
        "msgtype": "template_card",
        "template_card": card,
        **_message_options(enable_duplicate_check, duplicate_check_interval),
    }


def update_card_payload(
    *,
    response_code: str,
    userids: Iterable[str] = (),
    replace_name: str | None = None,
    template_card: dict[str, Any] | None = None,
    atall: bool = False,
) -> dict[str, Any]:
    """Body of message/update_template_card: either grey the buttons out with ``replace_name`` or
    replace the whole card. Each response_code works once, within 72 h."""
    if (replace_name is None) == (template_card is None):
        raise ValueError("give exactly one of replace_name or template_card")
    ids = list(userids)
    if len(ids) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} userids per update")
    if not ids and not atall:
        raise ValueError("an update needs userids or atall")
    payload: dict[str, Any] = {"response_code": response_code}
    if ids:
        payload["userids"] = ids
    if atall:
        payload["atall"] = 1
    if replace_name is not None:
        payload["button"] = {"replace_name": replace_name}
    else:
        payload["template_card"] = template_card
    return payload


def schedule_payload(
    *,
    start: datetime,
    end: datetime,
    summary: str,
    attendees: Iterable[str],
    admins: Iterable[str] = (),
    description: str = "",
    location: str = "",
    remind_before_event_secs: int | None = 3600,
    cal_id: str | None = None,
) -> dict[str, Any]:
    """The ``schedule`` object of oa/schedule/add|update (times as aware datetimes → Unix seconds)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("schedule times must be timezone-aware")
    if end <= start:
        raise ValueError("a schedule must end after it starts")
    admin_ids = list(admins)
    if len(admin_ids) > SCHEDULE_MAX_ADMINS:
        raise ValueError(f"at most {SCHEDULE_MAX_ADMINS} schedule admins")
    attendee_ids = list(attendees)
    if len(attendee_ids) > MAX_RECIPIENTS:
        raise ValueError(f"at most {MAX_RECIPIENTS} attendees")
    schedule: dict[str, Any] = {
        "start_time": int(start.timestamp()),
        "end_time": int(end.timestamp()),
        "is_whole_day": 0,
        "summary": summary[:SCHEDULE_SUMMARY_CHARS],
        "attendees": [{"userid": u} for u in attendee_ids],
    }
    if admin_ids:
        schedule["admins"] = admin_ids
    if description:
        schedule["description"] = description
    if location:
        schedule["location"] = location
    if cal_id:
        schedule["cal_id"] = cal_id
    if remind_before_event_secs is not None:
        schedule["reminders"] = {
            "is_remind": 1, "remind_before_event_secs": int(remind_before_event_secs), "is_repeat": 0, "timezone": 8,
        }
    return schedule


# --- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    """message/send answer. Recipients listed as invalid did not get the message (the others did)."""

    msgid: str = ""
    response_code: str = ""
    invalid_users: list[str] = field(default_factory=list)
    invalid_parties: list[str] = field(default_factory=list)
    invalid_tags: list[str] = field(default_factory=list)
    unlicensed_users: list[str] = field(default_factory=list)

    @classmethod
    def from_response(cls, data: dict[str, Any]) -> SendResult:
        return cls(
            msgid=str(data.get("msgid") or ""),
            response_code=str(data.get("response_code") or ""),
            invalid_users=_split_ids(data.get("invaliduser")),
            invalid_parties=_split_ids(data.get("invalidparty")),
            invalid_tags=_split_ids(data.get("invalidtag")),
            unlicensed_users=_split_ids(data.get("unlicenseduser")),
        )


@dataclass(frozen=True)
class OAuthIdentity:
    """auth/getuserinfo: a member has ``userid``; a non-member has ``openid`` (and maybe external_userid)."""

    userid: str = ""
    user_ticket: str = ""
    openid: str = ""
    external_userid: str = ""

    @property
    def is_member(self) -> bool:
        return bool(self.userid)


@dataclass(frozen=True)
class GroupMessage:
    """externalcontact/add_msg_template: ``msgid`` of the task; ``fail_list`` customers it cannot reach."""

    msgid: str
    fail_list: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupSendStatus:
    """One row of get_groupmsg_send_result. status: 0 not sent yet (member has not confirmed), 1 sent,
    2 failed (not a friend), 3 failed (customer already got a group message in this period)."""

    NOT_SENT = 0
    SENT = 1
    NOT_FRIEND = 2
    QUOTA_REACHED = 3

    external_userid: str
    userid: str
    status: int
    send_time: int | None = None


# --- the client ------------------------------------------------------------------------------------------


class WeComClient:
    """One WeCom self-built app. Thread-safe for concurrent calls (httpx.Client is); close() when done."""

    def __init__(
        self,
        corp_id: str,
        secret: str,
        agent_id: int | str,
        *,
        base_url: str = DEFAULT_API_BASE,
        timeout: float = 10.0,
        cache=None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_attempts: int = 3,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 4.0,
        refresh_margin_seconds: int = 300,
        http_client: httpx.Client | None = None,
    ):
        if not corp_id or not secret:
            raise ValueError("WeComClient needs a corp id and an app secret")
        if cache is None:
            from django.core.cache import cache as default_cache

            cache = default_cache
        self.corp_id = corp_id
        self._secret = secret
        self.agent_id = int(agent_id)
        self.cache = cache
        self.clock = clock
        self.sleep = sleep
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.refresh_margin_seconds = refresh_margin_seconds
        self._http = http_client or httpx.Client(
            base_url=base_url if base_url.endswith("/") else base_url + "/",
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": "hrportal-wecom/1"},
        )

    def __repr__(self) -> str:  # never show the secret
        return f"<WeComClient corp={self.corp_id} agent={self.agent_id}>"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> WeComClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- access token -----------------------------------------------------------------------------------

    @property
    def token_cache_key(self) -> str:
        digest = hashlib.sha256(self._secret.encode("utf-8")).hexdigest()[:16]
        return f"wecom:access_token:{self.corp_id}:{digest}"

    def get_access_token(self, *, force_refresh: bool = False) -> str:
        """The cached token, or a new one from gettoken when missing, close to expiry or forced."""
        if not force_refresh:
            entry = self.cache.get(self.token_cache_key)
            if entry and self.clock() < entry["refresh_at"]:
                return entry["token"]
        now = self.clock()
        data = self._checked(
            self._request("GET", "gettoken", params={"corpid": self.corp_id, "corpsecret": self._secret}), "gettoken"
        )
        token = data.get("access_token")
        if not token:
            raise WeComUnavailable(None, "gettoken answered without access_token", path="gettoken")
        expires_in = int(data.get("expires_in") or 7200)
        # Refresh a little early; with a short-lived token, at least half of its life is used.
        refresh_after = max(expires_in - self.refresh_margin_seconds, expires_in // 2)
        self.cache.set(
            self.token_cache_key,
            {"token": token, "refresh_at": now + refresh_after, "expires_at": now + expires_in},
            timeout=max(1, expires_in),
        )
        log.info("wecom: fetched access token for corp %s (expires in %ss)", self.corp_id, expires_in)
        return token

    def invalidate_token(self, token: str | None = None) -> None:
        """Forget the cached token (only if it is still ``token``, so a fresher one from another worker stays)."""
        entry = self.cache.get(self.token_cache_key)
        if entry and (token is None or entry.get("token") == token):
            self.cache.delete(self.token_cache_key)

    # -- transport --------------------------------------------------------------------------------------

    def _backoff_delay(self, attempt: int) -> float:
        base = min(self.backoff_seconds * (2 ** (attempt - 1)), self.max_backoff_seconds)
        return base + random.uniform(0, base / 4)

    def _http_once(self, method: str, path: str, params: dict[str, Any], body: dict[str, Any] | None) -> dict:
        try:
            if body is None:
                response = self._http.request(method, path, params=params)
            else:
                response = self._http.request(
                    method, path, params=params,
                    content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                    headers={"Content-Type": "application/json; charset=utf-8"},
                )
        except httpx.TimeoutException as exc:
            raise WeComUnavailable(None, f"timeout ({type(exc).__name__})", path=path) from None
        except httpx.TransportError as exc:
            raise WeComUnavailable(None, f"network error ({type(exc).__name__}: {exc})", path=path) from None
        if response.status_code != 200:
            transient = response.status_code >= 500 or response.status_code == 429
            raise WeComUnavailable(None, f"HTTP {response.status_code}", path=path, transient=transient)
        try:
            data = response.json()
        except ValueError:
            raise WeComUnavailable(None, "answer is not JSON", path=path) from None
        if not isinstance(data, dict):
            raise WeComUnavailable(None, "answer is not a JSON object", path=path)
        return data

    @staticmethod
    def _errcode(data: dict) -> int:
        try:
            return int(data.get("errcode") or 0)
        except (TypeError, ValueError):
            return -1

    def _request(self, method: str, path: str, *, params: dict[str, Any], body: dict[str, Any] | None = None) -> dict:
        """One logical request: retried with backoff on busy / rate-limit answers, at most max_attempts times."""
        for attempt in range(1, self.max_attempts + 1):
            data = self._http_once(method, path, params, body)
            errcode = self._errcode(data)
            if errcode in BACKOFF_ERRCODES and attempt < self.max_attempts:
                delay = self._backoff_delay(attempt)
                log.warning("wecom: %s answered errcode %s, retrying in %.2fs", path, errcode, delay)
                self.sleep(delay)
                continue
            return data
        raise AssertionError("unreachable")  # pragma: no cover

    def _checked(self, data: dict, path: str) -> dict:
        errcode = self._errcode(data)
        if errcode != 0:
            error = error_for(errcode, str(data.get("errmsg") or ""), path=path)
            log.warning("wecom: %s failed: errcode %s %s", path, errcode, data.get("errmsg"))
            raise error
        return data

    def call(self, method: str, path: str, *, params: dict[str, Any] | None = None, body: dict | None = None) -> dict:
        """An authenticated API call with the single refresh-and-retry rule. Raises a typed WeComError."""
        params = dict(params or {})
        token = self.get_access_token()
        data = self._request(method, path, params={**params, "access_token": token}, body=body)
        if self._errcode(data) in TOKEN_ERRCODES_OUTSIDE_GETTOKEN:
            log.info("wecom: %s said the token is stale (errcode %s); refreshing once", path, self._errcode(data))
            self.invalidate_token(token)
            token = self.get_access_token(force_refresh=True)
            data = self._request(method, path, params={**params, "access_token": token}, body=body)
        return self._checked(data, path)

    # -- app messages -----------------------------------------------------------------------------------

    def send_message(self, message: dict[str, Any]) -> SendResult:
        """POST message/send with this app's agentid. Partly invalid recipients are listed in the result;
        all invalid raises InvalidUser (81013)."""
        return SendResult.from_response(self.call("POST", "message/send", body={**message, "agentid": self.agent_id}))

    def send_text(self, to_users: str | Iterable[str], content: str, **options: Any) -> SendResult:
        return self.send_message(text_message(to_users, content, **options))

    def send_textcard(self, to_users: str | Iterable[str], **fields: Any) -> SendResult:
        return self.send_message(textcard_message(to_users, **fields))

    def send_button_card(self, to_users: str | Iterable[str], card: dict[str, Any], **options: Any) -> SendResult:
        """Send a button_interaction card; keep ``result.response_code`` to update the card later (72 h)."""
        return self.send_message(button_card_message(to_users, card, **options))

    def update_template_card(self, **fields: Any) -> SendResult:
        """message/update_template_card (see ``update_card_payload`` for the fields). Returns invalid users."""
        body = {**update_card_payload(**fields), "agentid": self.agent_id}
        return SendResult.from_response(self.call("POST", "message/update_template_card", body=body))

    # -- OAuth ------------------------------------------------------------------------------------------

    def get_user_info(self, code: str) -> OAuthIdentity:
        """Exchange an OAuth code (single use, 5 minutes) for the identity. Raises InvalidOAuthCode (40029)."""
        data = self.call("GET", "auth/getuserinfo", params={"code": code})
        # The legacy user/getuserinfo spelled the keys UserId / OpenId; accept both.
        return OAuthIdentity(
            userid=str(data.get("userid") or data.get("UserId") or ""),
            user_ticket=str(data.get("user_ticket") or ""),
            openid=str(data.get("openid") or data.get("OpenId") or ""),
            external_userid=str(data.get("external_userid") or ""),
        )

    # -- customer contact (candidates who are a recruiter's WeCom customers) -----------------------------

    def add_msg_template(
        self,
        *,
        sender: str,
        external_userids: Iterable[str],
        content: str,
        attachments: Sequence[dict[str, Any]] = (),
    ) -> GroupMessage:
        """Create a 群发 task for ``sender`` to confirm in the WeCom client; nothing is sent until they do."""
        ids = list(external_userids)
        if not ids:
            raise ValueError("add_msg_template needs at least one external_userid")
        if len(attachments) > MAX_ATTACHMENTS:
            raise ValueError(f"at most {MAX_ATTACHMENTS} attachments")
        body: dict[str, Any] = {
            "chat_type": "single",
            "external_userid": ids,
            "sender": sender,
            "text": {"content": truncate_utf8(content, TEXT_CONTENT_BYTES)},
        }
        if attachments:
            body["attachments"] = list(attachments)
        data = self.call("POST", "externalcontact/add_msg_template", body=body)
        return GroupMessage(msgid=str(data.get("msgid") or ""), fail_list=list(data.get("fail_list") or []))

    def get_groupmsg_send_result(
        self, *, msgid: str, userid: str, limit: int = 500, cursor: str = ""
    ) -> tuple[list[GroupSendStatus], str]:
        """Per-customer status of a 群发 task for one member; returns ``(rows, next_cursor)``."""
        body: dict[str, Any] = {"msgid": msgid, "userid": userid, "limit": max(1, min(limit, 1000))}
        if cursor:
            body["cursor"] = cursor
        data = self.call("POST", "externalcontact/get_groupmsg_send_result", body=body)
        rows = [
            GroupSendStatus(
                external_userid=str(item.get("external_userid") or ""),
                userid=str(item.get("userid") or ""),
                status=int(item.get("status") or 0),
                send_time=item.get("send_time"),
            )
            for item in data.get("send_list") or []
        ]
        return rows, str(data.get("next_cursor") or "")

    # -- schedules (interviewers' calendars; callers check conf.schedule_enabled()) ----------------------

    def add_schedule(self, schedule: dict[str, Any]) -> str:
        """oa/schedule/add; ``schedule`` from ``schedule_payload``. Returns the schedule_id."""
        data = self.call("POST", "oa/schedule/add", body={"schedule": schedule, "agentid": self.agent_id})
        return str(data.get("schedule_id") or "")

    def update_schedule(self, schedule_id: str, schedule: dict[str, Any]) -> None:
        self.call("POST", "oa/schedule/update", body={"schedule": {**schedule, "schedule_id": schedule_id}})

    def delete_schedule(self, schedule_id: str) -> None:
        self.call("POST", "oa/schedule/del", body={"schedule_id": schedule_id})

    # -- callback source IPs ----------------------------------------------------------------------------

    def get_callback_ip(self) -> list[str]:
        """The IPs WeCom sends callbacks from (for an allow-list)."""
        return list(self.call("GET", "getcallbackip").get("ip_list") or [])
