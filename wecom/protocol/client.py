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

Payloads are built by ``wecom.protocol.payloads``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # httpx (≈ 0.1 s to import) is imported where a client is made or a request sent: every
    import httpx  # Django process imports this module at start-up (wecom.conf), most never call WeCom

from wecom.protocol.errors import (
    BACKOFF_ERRCODES,
    TOKEN_ERRCODES_OUTSIDE_GETTOKEN,
    WeComUnavailable,
    error_for,
)
from wecom.protocol.payloads import (
    MAX_ATTACHMENTS,
    TEXT_CONTENT_BYTES,
    _split_ids,
    button_card_message,
    text_message,
    textcard_message,
    truncate_utf8,
    update_card_payload,
)

log = logging.getLogger(__name__)


DEFAULT_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin/"


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
        if http_client is None:
            import httpx

            http_client = httpx.Client(
                base_url=base_url if base_url.endswith("/") else base_url + "/",
                timeout=httpx.Timeout(timeout),
                headers={"User-Agent": "hrportal-wecom/1"},
            )
        self._http = http_client

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
        import httpx

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
