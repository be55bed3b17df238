"""THE one map from WeCom errcodes to typed exceptions.

Every WeCom API answer with ``errcode != 0`` becomes one of the exceptions below through
``error_for(errcode, errmsg)``; nothing else in the project compares errcodes. ``transient`` tells a
caller (the outbox) whether trying again later can succeed (rate limit, busy, network) or whether a
person has to change something first (secret, trusted IP, permissions, recipients).

Sources: shared/reference/wecom.md §1–§6 (global error codes D:90313, message/send D:90236, OAuth
D:91023, kf limits). Unknown errcodes are permanent: retrying something we do not understand only
burns the rate limit.
"""

from __future__ import annotations


class WeComError(Exception):
    """A WeCom call failed. ``errcode`` is None for transport failures (no JSON answer at all)."""

    transient: bool = False

    def __init__(self, errcode: int | None, errmsg: str = "", *, transient: bool | None = None, path: str = ""):
        self.errcode = errcode
        self.errmsg = errmsg
        self.path = path
        if transient is not None:
            self.transient = transient
        where = f" on {path}" if path else ""
        code = "transport" if errcode is None else f"errcode {errcode}"
        kind = "transient" if self.transient else "permanent"
        super().__init__(f"WeCom {code}{where} ({kind}): {errmsg}")

    @property
    def permanent(self) -> bool:
        return not self.transient


# --- transient: trying again later can work ------------------------------------------------------------


class WeComUnavailable(WeComError):
    """No usable answer: connection refused, timeout, HTTP 5xx, a body that is not JSON."""

    transient = True


class ServiceBusy(WeComError):
    """-1 系统繁忙: the doc says retry later (at most 3 times)."""

    transient = True


class RateLimited(WeComError):
    """45009 frequency / 45033 concurrency limit: blocked for 60 s (minute) or 60 min (hour)."""

    transient = True


class TokenInvalid(WeComError):
    """40014 invalid / 42001 expired access_token, still failing after the one refresh-and-retry."""

    transient = True


# --- permanent: someone must change configuration, data or code ----------------------------------------


class TokenMissing(WeComError):
    """41001 the request carried no access_token: a bug in the caller."""


class InvalidCredentials(WeComError):
    """40001 wrong secret (gettoken) / 40013 wrong corp id: fix WECOM_SECRET / WECOM_CORP_ID."""


class IpNotAllowed(WeComError):
    """60020: this server's egress IP is not in the app's 企业可信IP list."""


class ApiForbidden(WeComError):
    """48002 the app may not call this API / 60011 no permission for these members, parties or tags."""


class InvalidAgent(WeComError):
    """40056 WECOM_AGENT_ID is not this corp's app."""


class InvalidUser(WeComError):
    """81013 every recipient is invalid or outside the app's visible range / 40003 invalid UserID."""


class TaskIdConflict(WeComError):
    """42014 template card task_id already used, empty or longer than 128 bytes."""


class InvalidParameter(WeComError):
    """40058 a parameter WeCom does not accept (also what the fake answers for a spent response_code)."""


class InvalidOAuthCode(WeComError):
    """40029 the OAuth code is unknown, already used or older than 5 minutes."""


class UntrustedRedirectDomain(WeComError):
    """50001 the OAuth redirect domain is not the app's 可信域名."""


class CustomerServiceLimit(WeComError):
    """95001 / 95002 微信客服: too many replies to a customer (≤5 within 48 h of their last message)."""


# errcode → (exception class, meaning). The meaning is the operator-facing text WeCom documents.
ERRCODES: dict[int, tuple[type[WeComError], str]] = {
    -1: (ServiceBusy, "system busy"),
    40001: (InvalidCredentials, "invalid secret (corpsecret)"),
    40003: (InvalidUser, "invalid UserID"),
    40013: (InvalidCredentials, "invalid corpid"),
    40014: (TokenInvalid, "invalid access_token"),
    40029: (InvalidOAuthCode, "invalid OAuth code (unknown, used or expired)"),
    40056: (InvalidAgent, "invalid agentid"),
    40058: (InvalidParameter, "invalid parameter"),
    41001: (TokenMissing, "access_token missing"),
    42001: (TokenInvalid, "access_token expired"),
    42014: (TaskIdConflict, "task_id exists, is empty or longer than 128 bytes"),
    45009: (RateLimited, "API call frequency limit exceeded"),
    45033: (RateLimited, "API concurrency limit exceeded"),
    48002: (ApiForbidden, "API forbidden for this app"),
    50001: (UntrustedRedirectDomain, "redirect_uri domain is not the app's trusted domain"),
    60011: (ApiForbidden, "no permission for the given members, parties or tags"),
    60020: (IpNotAllowed, "server IP is not in the app's trusted IP list"),
    81013: (InvalidUser, "all recipients invalid or outside the app's visible range"),
    95001: (CustomerServiceLimit, "kf: send count limit for this customer reached"),
    95002: (CustomerServiceLimit, "kf: customer's last message is older than 48 h"),
}

# The client's refresh-and-retry rule (once, never a loop): these mean "your token is stale".
TOKEN_ERRCODES = frozenset({40014, 42001})
# 40001 means "token not valid" on ordinary calls but "wrong secret" on gettoken, where it is never retried.
TOKEN_ERRCODES_OUTSIDE_GETTOKEN = TOKEN_ERRCODES | {40001}
# Answers that say "not now": the client backs off and tries again a few times.
BACKOFF_ERRCODES = frozenset({-1, 45009, 45033})


def error_for(errcode: int, errmsg: str = "", *, path: str = "") -> WeComError:
    """The typed exception for a WeCom errcode (not raised: the caller raises it)."""
    cls, meaning = ERRCODES.get(errcode, (WeComError, "unknown errcode"))
    return cls(errcode, errmsg or meaning, path=path)


def is_transient(errcode: int) -> bool:
    return ERRCODES.get(errcode, (WeComError, ""))[0].transient
