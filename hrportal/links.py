"""Absolute portal URLs for links sent in messages — the one home of the rule (wecom and payroll use it)."""

from __future__ import annotations

from django.conf import settings


def portal_url(path: str, request=None) -> str:
    """Absolute URL of a portal path: the request's own origin when there is a request, else
    ``PORTAL_BASE_URL`` (messages are written by jobs that have no request)."""
    if request is not None:
        return request.build_absolute_uri(path)
    base = (getattr(settings, "PORTAL_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return base + path
