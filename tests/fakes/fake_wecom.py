"""A fake WeCom server: real HTTP on 127.0.0.1 (ephemeral port) in a background thread.

It speaks the parts of the protocol the portal uses, with WeCom's rules rather than happy-path stubs:

- ``gettoken`` checks corp id and secret, hands out a token that expires after ``token_ttl`` seconds on
  the injectable clock (the same token while it is valid, like WeCom); ``expire_tokens()`` /
  ``revoke_tokens()`` make every issued token answer 42001 / 40014 from then on.
- ``message/send`` (text, textcard, template_card): unknown recipients are reported lower-cased in
  ``invaliduser``; when nobody is valid the answer is 81013. A button card gets a single-use response_code
  valid for 72 h; a reused task_id is 42014.
- ``message/update_template_card``: the response_code works once, within 72 h (else 40058 — the real
  errcode for a spent code is not documented in our reference).
- ``auth/getuserinfo``: codes issued by ``issue_oauth_code`` work once, within 5 minutes (else 40029).
- ``externalcontact/add_msg_template`` + ``get_groupmsg_send_result``: customers are registered with
  ``add_customer``; the task stays "not sent" until ``confirm_group_message`` (the member confirming).
- ``oa/schedule/add|update|del``, ``getcallbackip``.

Failure injection: ``fail_next("message/send", 45009, times=2)``; outages with ``outage("refused")``
(the listening socket is really closed), ``outage("http503", requests=2)`` or ``outage("slow", delay=…)``.
Every request is recorded in ``requests``. ``template_card_event``/``build_callback``/``post_callback``
produce encrypted, signed callbacks for the portal's callback URL.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from wecom.protocol.crypto import CallbackCrypto, cdata_xml, generate_encoding_aes_key, signature

RESPONSE_CODE_TTL = 72 * 3600
OAUTH_CODE_TTL = 5 * 60
TEXT_CONTENT_BYTES = 2048

DEFAULT_MEMBERS = ("zhangsan", "lisi", "wangwu", "iv_wang", "hr_zhang")


class FakeClock:
    """A clock tests move by hand; pass the same one to the fake server and to WeComClient."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RecordedRequest:
    method: str
    path: str  # without the /cgi-bin/ prefix, e.g. "message/send"
    query: dict[str, str]
    body: Any
    status: int = 0
    response: dict[str, Any] | None = None

    @property
    def access_token(self) -> str | None:
        return self.query.get("access_token")

    @property
    def errcode(self) -> int | None:
        return None if self.response is None else int(self.response.get("errcode", 0))


@dataclass
class _Outage:
    kind: str  # "refused" | "http503" | "slow"
    remaining: int | None = None  # requests left (http503 / slow)
    until: float | None = None  # clock time it ends (http503 / slow)
    delay: float = 0.0


@dataclass
class _Card:
    task_id: str
    userids: list[str]
    payload: dict[str, Any]
    replaced_button: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr access log
        pass

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        raw = b""
        if method == "POST":
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, payload = self.server.fake._handle(method, parts.path, query, raw)
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout tests)
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeWeCom

    def handle_error(self, request, client_address):  # a client that timed out is not an error here
        pass


class FakeWeCom:
    """The fake server. Use as a context manager or through the ``fake_wecom`` fixture."""

    def __init__(
        self,
        *,
        corp_id: str = "ww_fake_corp",
        secret: str = "fake-app-secret",
        agent_id: int = 1000002,
        members: Iterable[str] = DEFAULT_MEMBERS,
        clock: Callable[[], float] | None = None,
        token_ttl: int = 7200,
        callback_token: str = "FakeToken2025",
        encoding_aes_key: str | None = None,
        callback_ips: Iterable[str] = ("127.0.0.1",),
    ):
        self.corp_id = corp_id
        self.secret = secret
        self.agent_id = agent_id
        self.members = {m.lower() for m in members}
        self.clock = clock or FakeClock()
        self.token_ttl = token_ttl
        self.callback_ips = list(callback_ips)
        self.callback_token = callback_token
        self.encoding_aes_key = encoding_aes_key or generate_encoding_aes_key()
        self.crypto = CallbackCrypto(callback_token, self.encoding_aes_key, corp_id)

        self._lock = threading.RLock()
        self._seq = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

        self.requests: list[RecordedRequest] = []
        self.tokens: dict[str, dict[str, Any]] = {}
        self.injected: dict[str, list[tuple[int, str]]] = {}
        self.outage_state: _Outage | None = None
        self.sent_messages: list[dict[str, Any]] = []
        self.cards: dict[str, _Card] = {}  # task_id → card
        self.response_codes: dict[str, dict[str, Any]] = {}
        self.card_updates: list[dict[str, Any]] = []
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.customers: dict[str, set[str]] = {}
        self.group_messages: dict[str, dict[str, Any]] = {}
        self.schedules: dict[str, dict[str, Any]] = {}
        self.deleted_schedules: list[str] = []

    # -- lifecycle --------------------------------------------------------------------------------------

    def start(self) -> FakeWeCom:
        self._serve(self.port or 0)
        return self

    def _serve(self, port: int) -> None:
        server = _Server(("127.0.0.1", port), _Handler)
        server.fake = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fake-wecom", daemon=True)
        self._thread.start()

    def _close_listener(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def stop(self) -> None:
        self._close_listener()

    def __enter__(self) -> FakeWeCom:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cgi-bin/"

    def django_settings(self) -> dict[str, Any]:
        """WECOM_* settings that point the portal at this fake (apply with pytest-django's ``settings``)."""
        return {
            "WECOM_CORP_ID": self.corp_id,
            "WECOM_AGENT_ID": str(self.agent_id),
            "WECOM_SECRET": self.secret,
            "WECOM_TOKEN": self.callback_token,
            "WECOM_ENCODING_AES_KEY": self.encoding_aes_key,
            "WECOM_API_BASE": self.base_url,
        }

    # -- failure injection ------------------------------------------------------------------------------

    def fail_next(self, path: str, errcode: int, *, times: int = 1, errmsg: str = "") -> None:
        """The next ``times`` calls to ``path`` (e.g. "message/send", "gettoken") answer ``errcode``."""
        with self._lock:
            self.injected.setdefault(path.strip("/"), []).extend([(errcode, errmsg or f"injected {errcode}")] * times)

    def start_outage(
        self, kind: str = "refused", *, requests: int | None = None, seconds: float | None = None, delay: float = 1.0
    ) -> None:
        """``refused``: the port stops listening until ``end_outage()``. ``http503``: answers 503.
        ``slow``: answers after ``delay`` real seconds (for client timeouts). http503/slow end by themselves
        after ``requests`` requests or ``seconds`` on the fake clock, when given."""
        if kind not in {"refused", "http503", "slow"}:
            raise ValueError(kind)
        with self._lock:
            until = self.clock() + seconds if seconds is not None else None
            self.outage_state = _Outage(kind=kind, remaining=requests, until=until, delay=delay)
        if kind == "refused":
            self._close_listener()

    def end_outage(self) -> None:
        with self._lock:
            was = self.outage_state
            self.outage_state = None
        if was is not None and was.kind == "refused" and self._server is None:
            self._serve(self.port or 0)

    @contextlib.contextmanager
    def outage(self, kind: str = "refused", **options: Any) -> Iterator[FakeWeCom]:
        self.start_outage(kind, **options)
        try:
            yield self
        finally:
            self.end_outage()

    def expire_tokens(self) -> None:
        """Every issued token is now past its expiry (API calls answer 42001)."""
        with self._lock:
            for info in self.tokens.values():
                info["expires_at"] = min(info["expires_at"], self.clock() - 1)

    def revoke_tokens(self) -> None:
        """WeCom invalidated every issued token early (API calls answer 40014)."""
        with self._lock:
            for info in self.tokens.values():
                info["revoked"] = True

    # -- test data --------------------------------------------------------------------------------------

    def issue_oauth_code(self, *, userid: str = "", openid: str = "", external_userid: str = "") -> str:
        """A code as WeCom appends to the OAuth redirect: one use, five minutes."""
        if not userid and not openid:
            raise ValueError("an OAuth code identifies a member (userid) or a WeChat user (openid)")
        code = "code-" + secrets.token_urlsafe(12)
        with self._lock:
            self.oauth_codes[code] = {
                "identity": {"userid": userid} if userid else {"openid": openid, "external_userid": external_userid},
                "issued_at": self.clock(),
                "used": False,
            }
        return code

    def add_customer(self, userid: str, external_userid: str) -> None:
        """``external_userid`` has added member ``userid`` as a WeChat friend (客户联系)."""
        with self._lock:
            self.customers.setdefault(userid.lower(), set()).add(external_userid)

    def confirm_group_message(self, msgid: str) -> None:
        """The member confirmed the 群发 task in their WeCom client: messages go out now."""
        with self._lock:
            task = self.group_messages[msgid]
            for ext in task["status"]:
                task["status"][ext] = {"status": 1, "send_time": int(self.clock())}

    def calls(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path.strip("/")]

    def messages_to(self, userid: str) -> list[dict[str, Any]]:
        return [m for m in self.sent_messages if userid.lower() in m["to"]]

    # -- callbacks to the portal ------------------------------------------------------------------------

    def template_card_event(
        self, *, userid: str, task_id: str, key: str, card_type: str = "button_interaction", create_time: int | None = None
    ) -> tuple[str, str]:
        """A member clicked button ``key`` on card ``task_id``: returns ``(plaintext XML, response_code)``.
        The response_code is registered, so the portal can spend it on update_template_card (72 h)."""
        response_code = self._new_response_code(task_id, [userid.lower()])
        xml = cdata_xml("xml", {
            "ToUserName": self.corp_id,
            "FromUserName": userid,
            "CreateTime": int(create_time if create_time is not None else self.clock()),
            "MsgType": "event",
            "Event": "template_card_event",
            "EventKey": key,
            "TaskId": task_id,
            "CardType": card_type,
            "ResponseCode": response_code,
            "AgentID": self.agent_id,
        })
        return xml, response_code

    def build_callback(
        self, message_xml: str, *, timestamp: str | int | None = None, nonce: str | None = None
    ) -> tuple[dict[str, str], str]:
        """``(query params, body)`` of WeCom's encrypted POST for ``message_xml``."""
        ts = timestamp if timestamp is not None else int(self.clock())
        return self.crypto.encrypt_callback(message_xml, agent_id=self.agent_id, timestamp=ts, nonce=nonce)

    def verify_url_params(self, echo: str | None = None) -> tuple[dict[str, str], str]:
        """Query params of the URL-verification GET, and the plaintext the portal must echo back."""
        echo = echo or str(secrets.randbelow(10**19))
        echostr = self.crypto.encrypt(echo)
        ts, nonce = str(int(self.clock())), str(secrets.randbelow(10**10))
        params = {"msg_signature": signature(self.callback_token, ts, nonce, echostr), "timestamp": ts,
                  "nonce": nonce, "echostr": echostr}
        return params, echo

    def post_callback(self, url: str, message_xml: str, *, timeout: float = 5.0) -> httpx.Response:
        """POST an encrypted, signed callback to ``url`` (e.g. live_server.url + "/wecom/callback/")."""
        params, body = self.build_callback(message_xml)
        return httpx.post(url, params=params, content=body.encode("utf-8"),
                          headers={"Content-Type": "text/xml; charset=utf-8"}, timeout=timeout)

    # -- request handling -------------------------------------------------------------------------------

    def _handle(self, method: str, raw_path: str, query: dict[str, str], raw: bytes) -> tuple[int, Any]:
        path = raw_path.removeprefix("/cgi-bin/").strip("/")
        body: Any = None
        if raw:
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                body = {"__invalid_json__": raw[:200].decode("utf-8", "replace")}
        record = RecordedRequest(method=method, path=path, query=query, body=body)
        delay = 0.0
        with self._lock:
            self.requests.append(record)
            outage = self._active_outage()
            if outage is not None and outage.kind == "http503":
                record.status = 503
                return 503, b"Service Unavailable"
            if outage is not None and outage.kind == "slow":
                delay = outage.delay
        if delay:
            time.sleep(delay)
        with self._lock:
            status, response = self._respond(method, path, query, body)
            record.status, record.response = status, response if isinstance(response, dict) else None
        return status, response

    def _active_outage(self) -> _Outage | None:
        outage = self.outage_state
        if outage is None or outage.kind == "refused":
            return None
        if outage.until is not None and self.clock() >= outage.until:
            self.outage_state = None
            return None
        if outage.remaining is not None:
            if outage.remaining <= 0:
                self.outage_state = None
                return None
            outage.remaining -= 1
        return outage

    def _respond(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        handler = _ROUTES.get((method, path))
        if handler is None:
            return 404, b"Not Found"
        queue = self.injected.get(path)
        if queue:
            errcode, errmsg = queue.pop(0)
            return 200, {"errcode": errcode, "errmsg": errmsg}
        if isinstance(body, dict) and "__invalid_json__" in body:
            return 200, _err(40058, "invalid json")
        if path != "gettoken":
            token_error = self._check_token(query.get("access_token"))
            if token_error:
                return 200, token_error
        return 200, handler(self, query, body or {})

    def _check_token(self, token: str | None) -> dict[str, Any] | None:
        if not token:
            return _err(41001, "access_token missing")
        info = self.tokens.get(token)
        if info is None or info["revoked"]:
            return _err(40014, "invalid access_token")
        if self.clock() >= info["expires_at"]:
            return _err(42001, "access_token expired")
        return None

    # -- endpoints --------------------------------------------------------------------------------------

    def _gettoken(self, query: dict[str, str], _body: Any) -> dict[str, Any]:
        if query.get("corpid") != self.corp_id:
            return _err(40013, "invalid corpid")
        if query.get("corpsecret") != self.secret:
            return _err(40001, "invalid credential")
        now = self.clock()
        for token, info in self.tokens.items():
            if not info["revoked"] and info["expires_at"] > now:
                return {**_ok(), "access_token": token, "expires_in": int(info["expires_at"] - now)}
        token = f"fake-token-{next(self._seq)}-{secrets.token_hex(8)}"
        self.tokens[token] = {"expires_at": now + self.token_ttl, "revoked": False}
        return {**_ok(), "access_token": token, "expires_in": self.token_ttl}

    def _split_recipients(self, body: dict[str, Any]) -> tuple[list[str], list[str]]:
        requested = [u for u in str(body.get("touser") or "").split("|") if u]
        if requested == ["@all"]:
            return sorted(self.members), []
        valid = [u.lower() for u in requested if u.lower() in self.members]
        invalid = [u.lower() for u in requested if u.lower() not in self.members]
        return valid, invalid

    def _new_response_code(self, task_id: str, userids: list[str]) -> str:
        code = "rc-" + secrets.token_urlsafe(16)
        self.response_codes[code] = {"task_id": task_id, "issued_at": self.clock(), "used": False, "userids": userids}
        return code

    def _message_send(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        if body.get("agentid") != self.agent_id:
            return _err(40056, "invalid agentid")
        msgtype = body.get("msgtype")
        if msgtype not in {"text", "textcard", "template_card"} or not isinstance(body.get(msgtype), dict):
            return _err(40058, f"invalid msgtype {msgtype!r}")
        valid, invalid = self._split_recipients(body)
        invalid_parties = [p for p in str(body.get("toparty") or "").split("|") if p]
        invalid_tags = [t for t in str(body.get("totag") or "").split("|") if t]
        if not valid:
            return _err(81013, "user & party & tag all invalid")
        content = body[msgtype]
        response: dict[str, Any] = {**_ok(), "invaliduser": "|".join(invalid), "invalidparty": "|".join(invalid_parties),
                                    "invalidtag": "|".join(invalid_tags), "unlicenseduser": ""}
        if msgtype == "text":
            if not content.get("content"):
                return _err(40058, "empty content")
            # WeCom truncates beyond 2048 bytes (possibly mid-character).
            content = {"content": content["content"].encode("utf-8")[:TEXT_CONTENT_BYTES].decode("utf-8", "ignore")}
        elif msgtype == "textcard":
            if not (content.get("title") and content.get("description") and content.get("url")):
                return _err(40058, "textcard needs title, description and url")
        else:
            task_id = str(content.get("task_id") or "")
            if content.get("card_type") != "button_interaction" or not content.get("button_list"):
                return _err(40058, "only button_interaction cards with buttons are faked")
            if not task_id or task_id in self.cards or len(task_id.encode()) > 128:
                return _err(42014, "taskid has existed or empty or exceed max len")
            self.cards[task_id] = _Card(task_id=task_id, userids=valid, payload=content)
            response["response_code"] = self._new_response_code(task_id, valid)
        msgid = f"msgid-{next(self._seq)}"
        response["msgid"] = msgid
        self.sent_messages.append(
            {"msgid": msgid, "to": valid, "msgtype": msgtype, msgtype: content, "sent_at": self.clock(), "body": body}
        )
        return response

    def _update_template_card(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        if body.get("agentid") != self.agent_id:
            return _err(40056, "invalid agentid")
        code = self.response_codes.get(str(body.get("response_code") or ""))
        if code is None or code["used"]:
            return _err(40058, "invalid response_code (unknown or already used)")
        if self.clock() - code["issued_at"] > RESPONSE_CODE_TTL:
            return _err(40058, "invalid response_code (older than 72 h)")
        if not body.get("userids") and not body.get("atall"):
            return _err(40058, "userids or atall required")
        if ("button" in body) == ("template_card" in body):
            return _err(40058, "exactly one of button or template_card")
        code["used"] = True
        requested = [str(u).lower() for u in body.get("userids") or []]
        invalid = [u for u in requested if u not in self.members]
        card = self.cards.get(code["task_id"])
        update = {"task_id": code["task_id"], "userids": [u for u in requested if u in self.members],
                  "atall": bool(body.get("atall")), "button": body.get("button"),
                  "template_card": body.get("template_card")}
        self.card_updates.append(update)
        if card is not None:
            card.history.append(update)
            if body.get("button"):
                card.replaced_button = body["button"].get("replace_name")
            else:
                card.payload = body["template_card"]
        return {**_ok(), "invaliduser": "|".join(invalid)}

    def _auth_getuserinfo(self, query: dict[str, str], _body: Any) -> dict[str, Any]:
        entry = self.oauth_codes.get(query.get("code", ""))
        if entry is None or entry["used"] or self.clock() - entry["issued_at"] > OAUTH_CODE_TTL:
            return _err(40029, "invalid code")
        entry["used"] = True
        return {**_ok(), **entry["identity"]}

    def _add_msg_template(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        sender = str(body.get("sender") or "").lower()
        if sender not in self.members:
            return _err(40003, "invalid userid")
        targets = [str(e) for e in body.get("external_userid") or []]
        if not targets or not (body.get("text") or {}).get("content"):
            return _err(40058, "external_userid and text.content required")
        if len(body.get("attachments") or []) > 9:
            return _err(40058, "at most 9 attachments")
        friends = self.customers.get(sender, set())
        reachable = [e for e in targets if e in friends]
        fail_list = [e for e in targets if e not in friends]
        msgid = f"msgGROUP{next(self._seq)}"
        self.group_messages[msgid] = {
            "sender": sender, "content": body["text"]["content"], "attachments": body.get("attachments") or [],
            "status": {e: {"status": 0, "send_time": None} for e in reachable},
        }
        return {**_ok(), "fail_list": fail_list, "msgid": msgid}

    def _get_groupmsg_send_result(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        task = self.group_messages.get(str(body.get("msgid") or ""))
        if task is None:
            return _err(40058, "invalid msgid")
        rows = []
        if str(body.get("userid") or "").lower() == task["sender"]:
            for ext, state in task["status"].items():
                row = {"external_userid": ext, "userid": task["sender"], "status": state["status"]}
                if state["send_time"] is not None:
                    row["send_time"] = state["send_time"]
                rows.append(row)
        offset = int(body.get("cursor") or 0)
        limit = int(body.get("limit") or 500)
        page = rows[offset : offset + limit]
        next_cursor = str(offset + limit) if offset + limit < len(rows) else ""
        return {**_ok(), "next_cursor": next_cursor, "send_list": page}

    def _schedule_add(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        schedule = body.get("schedule") or {}
        if not schedule.get("start_time") or not schedule.get("end_time") or schedule["end_time"] <= schedule["start_time"]:
            return _err(40058, "invalid start_time/end_time")
        if len(schedule.get("admins") or []) > 3:
            return _err(40058, "at most 3 admins")
        schedule_id = f"sched-{next(self._seq)}"
        self.schedules[schedule_id] = {**schedule, "schedule_id": schedule_id}
        return {**_ok(), "schedule_id": schedule_id}

    def _schedule_update(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        schedule = body.get("schedule") or {}
        schedule_id = schedule.get("schedule_id")
        if schedule_id not in self.schedules:
            return _err(40058, "invalid schedule_id")
        self.schedules[schedule_id].update(schedule)
        return _ok()

    def _schedule_del(self, _query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        schedule_id = body.get("schedule_id")
        if schedule_id not in self.schedules:
            return _err(40058, "invalid schedule_id")
        del self.schedules[schedule_id]
        self.deleted_schedules.append(schedule_id)
        return _ok()

    def _getcallbackip(self, _query: dict[str, str], _body: Any) -> dict[str, Any]:
        return {**_ok(), "ip_list": list(self.callback_ips)}


def _ok() -> dict[str, Any]:
    return {"errcode": 0, "errmsg": "ok"}


def _err(errcode: int, errmsg: str) -> dict[str, Any]:
    return {"errcode": errcode, "errmsg": errmsg}


_ROUTES: dict[tuple[str, str], Callable[[FakeWeCom, dict[str, str], Any], dict[str, Any]]] = {
    ("GET", "gettoken"): FakeWeCom._gettoken,
    ("POST", "message/send"): FakeWeCom._message_send,
    ("POST", "message/update_template_card"): FakeWeCom._update_template_card,
    ("GET", "auth/getuserinfo"): FakeWeCom._auth_getuserinfo,
    ("POST", "externalcontact/add_msg_template"): FakeWeCom._add_msg_template,
    ("POST", "externalcontact/get_groupmsg_send_result"): FakeWeCom._get_groupmsg_send_result,
    ("POST", "oa/schedule/add"): FakeWeCom._schedule_add,
    ("POST", "oa/schedule/update"): FakeWeCom._schedule_update,
    ("POST", "oa/schedule/del"): FakeWeCom._schedule_del,
    ("GET", "getcallbackip"): FakeWeCom._getcallbackip,
}


@pytest.fixture
def fake_wecom() -> Iterator[FakeWeCom]:
    """A running fake WeCom server with its own FakeClock (``fake_wecom.clock``)."""
    with FakeWeCom(clock=FakeClock()) as server:
        yield server
