"""One way to start background work: RQ when REDIS_URL is set, in-process otherwise.

Jobs are module-level functions that take ids, never model instances, so the same call works in both
modes and after a worker restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)


def redis_enabled() -> bool:
    return bool(settings.REDIS_URL)


def get_queue(name: str = "default"):
    import django_rq

    return django_rq.get_queue(name)


def enqueue(func: Callable[..., Any], *args: Any, queue: str = "default", job_id: str | None = None, **kwargs: Any):
    """Run ``func(*args, **kwargs)`` on the named RQ queue, or at once when no Redis is configured.

    With Redis the job id (when given) makes enqueueing idempotent: RQ keeps one job per id.
    Returns the RQ job, or the function's result in the embedded mode.
    """
    if not redis_enabled():
        log.debug("running %s in-process (no REDIS_URL)", getattr(func, "__name__", func))
        return func(*args, **kwargs)
    return get_queue(queue).enqueue(func, *args, job_id=job_id, **kwargs)
