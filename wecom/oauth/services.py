"""WeCom OAuth2 web login (shared/reference/wecom.md §6): who opened a link inside the WeCom client.

Two ways in, both ending at ``wecom:oauth_callback`` with ``?code=…&state=…``:

- **Login provider** (``login_provider``, registered in ``wecom.apps``): an anonymous request from the WeCom
  client (User-Agent contains ``wxwork``) that needs a login is sent to the authorize URL. ``state`` is a
  random nonce kept in the session next to the page to return to, so a callback whose state this browser
  did not start is refused (login CSRF) and the return page is always one of ours (no open redirect).
- **Links in messages** (``room_link``): a card's link *is* the authorize URL, as WeCom recommends. No session
  exists when the message is written, so ``state`` carries the return path and the intended person, signed
  with SECRET_KEY (``link_state``); a code of anybody else is refused, which closes the login-CSRF hole
  a signed state alone would leave.

``state`` may only hold ``[a-zA-Z0-9]`` and 128 bytes, so both forms are plain alphanumerics. The code is
exchanged once through ``auth/getuserinfo`` (``WeComClient.get_user_info``); WeCom's codes work once and
for five minutes (40029 afterwards), which the callback view answers with a page asking to reopen the link.
When WeCom is not configured, ``room_link`` is the plain portal URL and the provider claims nothing.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from recruiting.models import Employee
from wecom import conf

log = logging.getLogger(__name__)

AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
WECOM_UA_MARKER = "wxwork"
SESSION_KEY = "wecom_oauth_states"
MAX_PENDING_STATES = 5  # a few tabs may start a login at once; older nonces are dropped
STATE_MAX_BYTES = 128
_LINK_SALT = "wecom.oauth.services.link-state"
_LINK_STATE = re.compile(r"^l(?P<path>(?:[0-9a-f]{2})+)u(?P<user>\d+)s(?P<sig>[0-9a-f]{32})$")
_SESSION_STATE = re.compile(r"^s[0-9a-f]{32}$")


class InvalidState(Exception):
    """The OAuth ``state`` was not issued by this portal for this browser (or was altered)."""


class UnknownWeComUser(Exception):
    """The code identified somebody who is not an active portal user (``reason`` says why, in English)."""

    def __init__(self, reason: str, userid: str = ""):
        super().__init__(reason)
        self.userid = userid


@dataclass(frozen=True)
class LoginTarget:
    """Where a successful OAuth login goes, and (for links in messages) who it was meant for."""

    next_url: str
    user_id: int | None = None


# --- URLs ----------------------------------------------------------------------------------------------


def authorize_url(*, redirect_uri: str, state: str) -> str:
    """WeCom's silent (snsapi_base) authorize URL for the configured app."""
    if not re.fullmatch(r"[A-Za-z0-9]{1,128}", state):
        raise ValueError("OAuth state must be 1-128 letters or digits")
    query = urlencode({
        "appid": conf.corp_id(),
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": "snsapi_base",
        "state": state,
        "agentid": conf.agent_id(),
    })
    return f"{AUTHORIZE_URL}?{query}#wechat_redirect"


def callback_url(request=None) -> str:
    return conf.portal_url(reverse("wecom:oauth_callback"), request)


def is_wecom_browser(request) -> bool:
    """The WeCom client's built-in browser says ``wxwork/<version>`` in its User-Agent."""
    return WECOM_UA_MARKER in request.META.get("HTTP_USER_AGENT", "").lower()


def safe_next(next_url: str | None, request=None) -> str:
    """``next_url`` when it is a path on this site, else the dashboard (no open redirects)."""
    hosts = {request.get_host()} if request is not None else set()
    if next_url and next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts=hosts, require_https=bool(request and request.is_secure())
    ):
        return next_url
    return reverse(settings.LOGIN_REDIRECT_URL)


# --- state ---------------------------------------------------------------------------------------------


def _link_signature(path_hex: str, user_id: int) -> str:
    return salted_hmac(_LINK_SALT, f"{path_hex}:{user_id}", algorithm="sha256").hexdigest()[:32]


def link_state(next_path: str, *, user=None) -> str | None:
    """A self-contained, signed state for a link in a message: return path + intended user.

    None when the path does not fit in WeCom's 128-byte state (the caller then sends the plain URL, which
    still reaches OAuth through the login provider inside WeCom).
    """
    if not next_path.startswith("/") or next_path.startswith("//"):
        raise ValueError("a link state carries a path of this portal")
    path_hex = next_path.encode("utf-8").hex()
    user_id = int(user.pk) if user is not None else 0
    state = f"l{path_hex}u{user_id}s{_link_signature(path_hex, user_id)}"
    return state if len(state) <= STATE_MAX_BYTES else None


def begin_login(request, next_url: str) -> str:
    """Remember a fresh nonce → return page in the session and return the authorize URL to send the browser to."""
    nonce = "s" + secrets.token_hex(16)
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending[nonce] = safe_next(next_url, request)
    # dicts keep insertion order: drop the oldest beyond the cap
    request.session[SESSION_KEY] = dict(list(pending.items())[-MAX_PENDING_STATES:])
    return authorize_url(redirect_uri=callback_url(request), state=nonce)


def resolve_state(request, state: str) -> LoginTarget:
    """The login target a callback's ``state`` stands for; a session nonce is spent. Raises InvalidState."""
    if _SESSION_STATE.match(state or ""):
        pending = dict(request.session.get(SESSION_KEY) or {})
        next_url = pending.pop(state, None)
        if next_url is None:
            raise InvalidState("state is not pending in this browser's session")
        request.session[SESSION_KEY] = pending
        return LoginTarget(next_url=safe_next(next_url, request))
    match = _LINK_STATE.match(state or "")
    if match is None:
        raise InvalidState("state has neither form this portal issues")
    path_hex, user_id = match["path"], int(match["user"])
    if not hmac.compare_digest(match["sig"], _link_signature(path_hex, user_id)):
        raise InvalidState("link state signature does not match")
    try:
        path = bytes.fromhex(path_hex).decode("utf-8")
    except UnicodeDecodeError as exc:  # cannot happen for a state we signed
        raise InvalidState("link state path is not UTF-8") from exc
    if safe_next(path, request) != path:
        raise InvalidState("link state path is not a path of this portal")
    return LoginTarget(next_url=path, user_id=user_id or None)


# --- links in messages ---------------------------------------------------------------------------------


def oauth_link(path: str, *, user=None) -> str:
    """The absolute link a WeCom message should carry for ``path``: through OAuth when WeCom is configured
    (so the person is signed in on their phone without a password), the plain portal URL otherwise."""
    if not conf.is_configured():
        return conf.portal_url(path)
    state = link_state(path, user=user)
    if state is None:
        return conf.portal_url(path)
    return authorize_url(redirect_uri=callback_url(), state=state)


def room_link(interview, user=None) -> str:
    """The absolute URL an interviewer's card opens: the interview room, through OAuth when configured.

    Pass the interviewer the card goes to as ``user``: the link then signs in only that person.
    """
    return oauth_link(reverse("interviews:room", kwargs={"pk": interview.pk}), user=user)


# --- code → user ---------------------------------------------------------------------------------------


def user_for_wecom_userid(userid: str):
    """The active portal user whose employee record carries this WeCom userid. Raises UnknownWeComUser."""
    if not userid:
        raise UnknownWeComUser("the code identifies a WeChat user who is not a member of the corp")
    employees = list(
        Employee.objects.filter(wecom_userid__iexact=userid).select_related("user").order_by("pk")[:5]
    )
    # WeCom userids are case-insensitive; prefer the exact spelling when two rows differ only by case
    employee = next((e for e in employees if e.wecom_userid == userid), employees[0] if employees else None)
    if employee is None:
        raise UnknownWeComUser("no employee has this WeCom userid", userid)
    user = employee.user
    if user is None:
        raise UnknownWeComUser(f"employee {employee.employee_no} has no portal account", userid)
    if not user.is_active:
        raise UnknownWeComUser(f"the portal account of employee {employee.employee_no} is disabled", userid)
    if employee.leave_date is not None and employee.leave_date <= timezone.localdate():
        raise UnknownWeComUser(f"employee {employee.employee_no} has left", userid)
    return user


def user_for_code(code: str):
    """Exchange an OAuth code (once) and return the portal user.

    Raises ``wecom.protocol.errors.InvalidOAuthCode`` for a used/expired code, ``UnknownWeComUser`` for a non-member or
    someone without an active account, other ``WeComError`` when WeCom cannot be reached.
    """
    with conf.get_client() as client:
        identity = client.get_user_info(code)
    if not identity.is_member:
        raise UnknownWeComUser("the code identifies a WeChat user who is not a member of the corp")
    return user_for_wecom_userid(identity.userid)


# --- the login provider ----------------------------------------------------------------------------------


def login_provider(request, next_url: str) -> str | None:
    """Claims only GET requests from the WeCom client, and only when WeCom is configured (else None)."""
    if request.method not in ("GET", "HEAD") or not is_wecom_browser(request) or not conf.is_configured():
        return None
    return begin_login(request, next_url)
