"""Call, failure, fallback, token and latency counters per (backend, task) in the Django cache, for the admin's
AI page; and the last redacted text sent per task (what leaves the process, shown to the admin)."""

from __future__ import annotations

from django.core.cache import cache

FIELDS = ("calls", "failures", "fallbacks", "prompt_tokens", "completion_tokens", "latency_ms")
_KEY = "ai:count:{backend}:{task}:{field}"
_SAMPLE = "ai:sample:{task}"
SAMPLE_CHARS = 600
SAMPLE_TTL = 7 * 24 * 3600


def add(backend: str, task: str, **amounts: int) -> None:
    for name, amount in amounts.items():
        if name not in FIELDS:
            raise KeyError(name)
        if not amount:
            continue
        key = _KEY.format(backend=backend, task=task, field=name)
        cache.add(key, 0, timeout=None)
        try:
            cache.incr(key, int(amount))
        except ValueError:  # evicted between add and incr
            cache.set(key, int(amount), timeout=None)


def read(backend: str, task: str) -> dict[str, int]:
    keys = {name: _KEY.format(backend=backend, task=task, field=name) for name in FIELDS}
    values = cache.get_many(list(keys.values()))
    row = {name: int(values.get(key) or 0) for name, key in keys.items()}
    row["mean_latency_ms"] = round(row["latency_ms"] / row["calls"]) if row["calls"] else 0
    return row


def reset(backend: str, task: str) -> None:
    cache.delete_many([_KEY.format(backend=backend, task=task, field=name) for name in FIELDS])


def remember_sample(task: str, text: str) -> None:
    """Keep the start of the last (already redacted) text sent for this task."""
    cache.set(_SAMPLE.format(task=task), text[:SAMPLE_CHARS], timeout=SAMPLE_TTL)


def sample(task: str) -> str:
    return cache.get(_SAMPLE.format(task=task)) or ""
