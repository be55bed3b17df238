"""Anti-abuse of the public application form without a third-party captcha (issue 23 item 2): fixed-window
counters in the cache (Redis when configured, so every web process shares them; locmem otherwise) per client
address and per position. A refused request is answered 429 by the view; nothing is stored for it."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _window() -> tuple[int, int]:
    seconds = int(settings.CAREERS_RATE_WINDOW_MINUTES) * 60
    return int(timezone.now().timestamp()) // seconds, seconds


def _key(kind: str, value: str) -> str:
    # the address is hashed: the cache is no second store of client addresses
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]
    return f"careers:rate:{_window()[0]}:{digest}"


def _count(key: str) -> int:
    seconds = _window()[1]
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return 1


def allow(*, address: str | None, position_id: int) -> bool:
    """Count one application attempt; False when the address or the position is over its limit."""
    over_address = _count(_key("ip", address or "unknown")) > int(settings.CAREERS_RATE_PER_ADDRESS)
    over_position = _count(_key("position", str(position_id))) > int(settings.CAREERS_RATE_PER_POSITION)
    return not (over_address or over_position)
