"""Whether the WeCom sandbox runs, and its own callback credentials.

The sandbox runs while the real API is not configured; its token, AES key and corp id are derived from
``SECRET_KEY`` (or set with ``WECOM_SANDBOX_*``), so the sandbox phone's clicks are real encrypted callbacks
that ``/wecom/callback/`` verifies like WeCom's (``wecom.callbacks.services.callback_crypto``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings
from django.http import Http404

from wecom import conf
from wecom.protocol.crypto import CallbackCrypto


def is_active() -> bool:
    """The sandbox runs while the real API is not configured (and ``WECOM_SANDBOX_ENABLED`` is on)."""
    return bool(getattr(settings, "WECOM_SANDBOX_ENABLED", True)) and not conf.is_configured()


def _derive(purpose: str) -> bytes:
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), f"wecom-sandbox:{purpose}".encode(), hashlib.sha256).digest()


def token() -> str:
    return (getattr(settings, "WECOM_SANDBOX_TOKEN", "") or "").strip() or _derive("token").hex()[:32]


def encoding_aes_key() -> str:
    configured = (getattr(settings, "WECOM_SANDBOX_ENCODING_AES_KEY", "") or "").strip()
    return configured or base64.b64encode(_derive("aes-key")).decode("ascii")[:43]


def corp_id() -> str:
    return (getattr(settings, "WECOM_SANDBOX_CORP_ID", "") or "").strip() or "wwsbx" + _derive("corp").hex()[:13]


def crypto() -> CallbackCrypto:
    """The sandbox's callback crypto (what ``callback_crypto()`` returns in sandbox mode)."""
    return CallbackCrypto(token(), encoding_aes_key(), corp_id())


def require_active() -> None:
    """Sandbox pages do not exist once WeCom is configured."""
    if not is_active():
        raise Http404("the WeCom sandbox is off (WeCom is configured)")
