"""The outbox's retry rule: how many attempts a message gets, how long a send may take before the sweep
takes it back, and how long to wait after a transient error (``OUTBOX_*`` settings, docs/wecom.md).

Defaults: 30 s, 1 min, 2 min … capped at 1 h; the 8th attempt is the last (about an hour of retries in all);
a send may take 5 minutes before the sweep takes it back.

Which errors are retried: a transport's ``TransportError`` says so itself (``permanent``); any other exception
is permanent (a bug or bad data) **unless it is our own infrastructure failing** — Redis (the token cache, the
queue), the database connection, a timeout (``hrportal.infrastructure``). Such an outage is not the
message's fault: the row goes back to pending after ``outage_delay()`` without spending an attempt, so an
outage of any length never fails a message.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings

DEFAULT_BACKOFF_BASE_SECONDS = 30
DEFAULT_BACKOFF_CAP_SECONDS = 3600
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_LEASE_SECONDS = 300
JITTER = 0.25


def setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    return default if value in (None, "") else int(value)


def max_attempts() -> int:
    return max(1, setting("OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def lease() -> timedelta:
    return timedelta(seconds=setting("OUTBOX_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def backoff_delay(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """How long to wait after the ``attempts``-th attempt failed transiently (never above the cap)."""
    base = setting("OUTBOX_BACKOFF_BASE_SECONDS", DEFAULT_BACKOFF_BASE_SECONDS)
    cap = setting("OUTBOX_BACKOFF_CAP_SECONDS", DEFAULT_BACKOFF_CAP_SECONDS)
    delay = min(cap, base * 2 ** (max(attempts, 1) - 1))
    jittered = delay * (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return timedelta(seconds=min(cap, jittered))


def outage_delay(*, rng: random.Random | None = None) -> timedelta:
    """How long a row waits after an infrastructure error: the first backoff step (30 s ±25 % by default)."""
    return backoff_delay(1, rng=rng)
