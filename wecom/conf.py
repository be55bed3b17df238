"""WeCom configuration, read from Django settings (which read WECOM_* from the environment).

Nothing here is required: without WECOM_CORP_ID / WECOM_AGENT_ID / WECOM_SECRET the portal runs the WeCom
sandbox transport instead of the real API (``is_configured()`` is False).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hrportal.links import portal_url  # noqa: F401  (the one home; wecom code calls it from here)
from wecom.protocol.client import DEFAULT_API_BASE, WeComClient
from wecom.protocol.crypto import CallbackCrypto

DEFAULT_CALLBACK_MAX_AGE = 300  # seconds a callback's timestamp may differ from our clock
DEFAULT_CALLBACK_MAX_BYTES = 64 * 1024  # WeCom callbacks are a few KiB


def corp_id() -> str:
    return (getattr(settings, "WECOM_CORP_ID", "") or "").strip()


def agent_id() -> int | None:
    raw = str(getattr(settings, "WECOM_AGENT_ID", "") or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"WECOM_AGENT_ID must be the app's numeric AgentId, got {raw!r}") from exc


def secret() -> str:
    return (getattr(settings, "WECOM_SECRET", "") or "").strip()


def token() -> str:
    return (getattr(settings, "WECOM_TOKEN", "") or "").strip()


def encoding_aes_key() -> str:
    return (getattr(settings, "WECOM_ENCODING_AES_KEY", "") or "").strip()


def api_base() -> str:
    return (getattr(settings, "WECOM_API_BASE", "") or DEFAULT_API_BASE).strip()


def timeout() -> float:
    return float(getattr(settings, "WECOM_TIMEOUT", 10.0) or 10.0)


def schedule_enabled() -> bool:
    """Whether interviews are also written to interviewers' WeCom calendars (oa/schedule)."""
    return bool(getattr(settings, "WECOM_SCHEDULE_ENABLED", False))


def is_configured() -> bool:
    """True when the real API can be called (corp id, agent id and app secret are all set)."""
    return bool(corp_id() and agent_id() is not None and secret())


def callback_configured() -> bool:
    """True when callbacks can be verified and decrypted (corp id, Token and EncodingAESKey set)."""
    return bool(corp_id() and token() and encoding_aes_key())


def get_client(**overrides) -> WeComClient:
    """A client for the configured app; keyword overrides (cache, clock, sleep, …) go to WeComClient."""
    if not is_configured():
        raise ImproperlyConfigured("WeCom is not configured: set WECOM_CORP_ID, WECOM_AGENT_ID and WECOM_SECRET")
    options = {"base_url": api_base(), "timeout": timeout(), **overrides}
    return WeComClient(corp_id(), secret(), agent_id(), **options)


def get_callback_crypto() -> CallbackCrypto:
    """The callback crypto for the configured app; -40004 (WeComCryptoError) for a malformed AES key."""
    if not callback_configured():
        raise ImproperlyConfigured(
            "WeCom callbacks are not configured: set WECOM_CORP_ID, WECOM_TOKEN and WECOM_ENCODING_AES_KEY"
        )
    return CallbackCrypto(token(), encoding_aes_key(), corp_id())


def callback_max_age() -> int:
    """``WECOM_CALLBACK_MAX_AGE``: how many seconds a callback's timestamp may be off; 0 disables the check."""
    raw = getattr(settings, "WECOM_CALLBACK_MAX_AGE", DEFAULT_CALLBACK_MAX_AGE)
    try:
        value = int(raw if raw not in (None, "") else DEFAULT_CALLBACK_MAX_AGE)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"WECOM_CALLBACK_MAX_AGE must be a number of seconds, got {raw!r}") from exc
    return max(0, value)


def callback_max_bytes() -> int:
    """``WECOM_CALLBACK_MAX_BYTES``: the largest callback body accepted (default 64 KiB)."""
    return int(getattr(settings, "WECOM_CALLBACK_MAX_BYTES", DEFAULT_CALLBACK_MAX_BYTES) or DEFAULT_CALLBACK_MAX_BYTES)

