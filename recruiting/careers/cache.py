"""The careers pages' cache: rendered list and position pages, keyed by a version that every change of a
position, a department or the careers settings bumps (``recruiting.careers.receivers``), by the calendar day
(a closing date passes at midnight) and by language and query. Old versions simply expire."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "careers:version"


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY) or 1
    return int(current)


def invalidate() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def page_key(kind: str, language: str, query: str) -> str:
    digest = hashlib.sha256(query.encode()).hexdigest()[:24]
    return f"careers:page:{version()}:{timezone.localdate().isoformat()}:{kind}:{language}:{digest}"


def get(key: str):
    return cache.get(key) if settings.CAREERS_CACHE_SECONDS else None


def put(key: str, content: bytes) -> None:
    if settings.CAREERS_CACHE_SECONDS:
        cache.set(key, content, timeout=int(settings.CAREERS_CACHE_SECONDS))
