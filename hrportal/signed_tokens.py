"""Signed, expiring tokens instead of accounts: the candidate's links (the WeCom self-service link,
wecom/messages/links.py, and the PIPL rights link, recruiting/rights/links.py).

A token is ``django.core.signing`` output (HMAC with SECRET_KEY and a salt per purpose) carrying the payload
and its own expiry (epoch seconds, key ``e``). Nothing is stored: the signature proves we issued it, the expiry
bounds how long a forwarded link works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone


@dataclass(frozen=True)
class ReadToken:
    payload: dict
    expired: bool


def make(payload: dict, *, salt: str, expires: dt.datetime) -> str:
    """A token for ``payload`` (small JSON-able values) valid until ``expires``."""
    return signing.dumps({**payload, "e": int(expires.timestamp())}, salt=salt, compress=True)


def read(token: str, *, salt: str, now: dt.datetime | None = None) -> ReadToken | None:
    """The payload and whether it has expired; None for a tampered, truncated or foreign token. Never raises."""
    try:
        data = signing.loads(token, salt=salt)
        expires = int(data.pop("e"))
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
    now = now or timezone.now()
    return ReadToken(data, now.timestamp() > expires)
