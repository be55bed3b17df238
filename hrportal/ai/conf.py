"""Which endpoints are configured and allowed (settings AI_* / ASR_*, read at call time so tests can override)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Endpoint:
    kind: str  # "chat" | "asr"
    base_url: str
    api_key: str
    model: str
    allowed: bool  # the host is in AI_ALLOWED_HOSTS

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def usable(self) -> bool:
        return bool(self.base_url and self.model and self.allowed)


def host_allowed(url: str) -> bool:
    """True when the URL's host is listed in AI_ALLOWED_HOSTS (exact, case-insensitive). Nothing is allowed
    by default: a company names its own self-hosted endpoint explicitly."""
    host = (urlsplit(url).hostname or "").lower()
    return bool(host) and host in {h.lower() for h in getattr(settings, "AI_ALLOWED_HOSTS", [])}


def chat_endpoint() -> Endpoint | None:
    base = getattr(settings, "AI_BASE_URL", "")
    if not base:
        return None
    return Endpoint("chat", base.rstrip("/"), settings.AI_API_KEY, settings.AI_MODEL, host_allowed(base))


def asr_endpoint() -> Endpoint | None:
    base = getattr(settings, "ASR_BASE_URL", "")
    if not base:
        return None
    return Endpoint("asr", base.rstrip("/"), settings.ASR_API_KEY, settings.ASR_MODEL, host_allowed(base))
