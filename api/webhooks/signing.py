"""Webhook signatures: ``X-Hrportal-Timestamp`` (unix seconds) and
``X-Hrportal-Signature: sha256=<hex HMAC-SHA256(secret, f"{timestamp}.{body}")>``. Receivers recompute it
over the raw body and reject a timestamp more than five minutes away from their clock (replays)."""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Hrportal-Timestamp"
SIGNATURE_HEADER = "X-Hrportal-Signature"
EVENT_HEADER = "X-Hrportal-Event"
DELIVERY_HEADER = "X-Hrportal-Delivery"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
    timestamp = int(now if now is not None else time.time())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret: str, *, timestamp: str | None, signature_header: str | None, body: bytes,
           now: float | None = None, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does (docs/api.md has the same in a dozen lines): constant-time compare, skew check."""
    if not timestamp or not signature_header or not timestamp.isdigit():
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), signature_header)
