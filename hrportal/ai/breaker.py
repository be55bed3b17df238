"""A circuit breaker per endpoint kind ("chat", "asr"), its state in the Django cache (Redis when configured,
shared by every web and RQ process; locmem otherwise).

Closed: calls go through; AI_BREAKER_FAILURES failures in a row open it for AI_BREAKER_COOLDOWN_SECONDS, during
which every call goes straight to the deterministic engine. After the cool-down one call is let through
(half-open): success closes it, failure opens it again. Read-modify-write on the cache is not atomic; two
processes failing at once may count one failure less — harmless for a breaker.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

_KEY = "ai:breaker:{kind}"


def _state(kind: str) -> dict:
    return cache.get(_KEY.format(kind=kind)) or {"failures": 0, "open_until": 0.0}


def is_open(kind: str, now: float | None = None) -> bool:
    """True while the cool-down runs. When it is over, the first caller claims the half-open trial."""
    state = _state(kind)
    now = time.time() if now is None else now
    if state["open_until"] <= 0:
        return False
    if now < state["open_until"]:
        return True
    # half-open: let this one call through, keep the others out for another cool-down until it answers
    state["open_until"] = now + settings.AI_BREAKER_COOLDOWN_SECONDS
    state["failures"] = settings.AI_BREAKER_FAILURES - 1
    cache.set(_KEY.format(kind=kind), state, timeout=None)
    return False


def record_success(kind: str) -> None:
    cache.set(_KEY.format(kind=kind), {"failures": 0, "open_until": 0.0}, timeout=None)


def record_failure(kind: str, now: float | None = None) -> bool:
    """Count a failure; returns True when this failure opened the breaker."""
    state = _state(kind)
    state["failures"] += 1
    opened = state["failures"] >= settings.AI_BREAKER_FAILURES
    if opened:
        state["open_until"] = (time.time() if now is None else now) + settings.AI_BREAKER_COOLDOWN_SECONDS
    cache.set(_KEY.format(kind=kind), state, timeout=None)
    return opened


def status(kind: str, now: float | None = None) -> dict:
    """For the admin page: {"state": "closed"|"open", "failures", "open_until"} (no side effect)."""
    state = _state(kind)
    now = time.time() if now is None else now
    return {**state, "state": "open" if state["open_until"] > now else "closed"}


def reset(kind: str) -> None:
    cache.delete(_KEY.format(kind=kind))
