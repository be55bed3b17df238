"""One way to start background work: RQ when REDIS_URL is set, in-process otherwise.

Jobs are module-level functions that take ids, never model instances, so the same call works in both
modes and after a worker restart.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)


def redis_enabled() -> bool:
    return bool(settings.REDIS_URL)


def get_queue(name: str = "default"):
    """The named RQ queue, built once per process and Redis URL: django_rq opens a new Redis
    connection on every get_queue() call, which cost a request ~3 ms per enqueue."""
    return _queue(name, settings.REDIS_URL)


@lru_cache(maxsize=16)
def _queue(name: str, redis_url: str):
    import django_rq

    return django_rq.get_queue(name)


def enqueue(func: Callable[..., Any], *args: Any, queue: str = "default", job_id: str | None = None,
            delay_seconds: int = 0, **kwargs: Any):
    """Run ``func(*args, **kwargs)`` on the named RQ queue, or at once when no Redis is configured.

    With Redis, a job id makes enqueueing idempotent while that job is still pending or running: a second
    call returns the existing job instead of queueing the work again (RQ itself would overwrite it).
    Once the job has finished or failed, the same id may run again. Jobs must still be idempotent
    themselves: two callers racing between the check and the enqueue can both enqueue.
    ``delay_seconds`` puts the job on RQ's scheduler that far ahead; with a job id this is a debounce: calls
    during the delay find the scheduled job pending and add nothing, and the job sees all their changes.
    Returns the RQ job, or the function's result in the embedded mode (which never waits).
    """
    if not redis_enabled():
        log.debug("running %s in-process (no REDIS_URL)", getattr(func, "__name__", func))
        return func(*args, **kwargs)
    rq_queue = get_queue(queue)
    if job_id is not None:
        existing = _pending_job(rq_queue, job_id)
        if existing is not None:
            log.info("job %s is already pending; not enqueued again", job_id)
            return existing
    if delay_seconds > 0:
        from datetime import timedelta

        return rq_queue.enqueue_in(timedelta(seconds=delay_seconds), func, *args, job_id=job_id, **kwargs)
    return rq_queue.enqueue(func, *args, job_id=job_id, **kwargs)


_PENDING = {"queued", "started", "deferred", "scheduled"}


def job_pending(job_id: str, *, queue: str = "default") -> bool:
    """True while RQ job ``job_id`` waits (also on the scheduler) or runs. Only with Redis."""
    return _pending_job(get_queue(queue), job_id) is not None


def _pending_job(rq_queue, job_id: str):
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(job_id, connection=rq_queue.connection)
    except NoSuchJobError:
        return None
    status = job.get_status(refresh=False)
    return job if status is not None and str(getattr(status, "value", status)) in _PENDING else None


# --- drain jobs: one job takes all waiting work, woken by a marker -------------------------------------------
#
# For work that arrives in bursts of small items (outbox messages, WeCom callbacks), a job per item costs more
# in RQ than the item itself. Instead each item is a database row, and a *drain job* takes rows until none is
# left. ``wake_drain`` queues such a job only when none is already waiting: a Redis key set with NX marks "a
# drain job is queued"; the job clears it with ``drain_started`` before it looks at rows, so a row committed
# after that wakes a new job and nothing is left behind. The key expires (``ttl``) in case its job is lost; a
# periodic sweep is the safety net.


def _marker(name: str) -> str:
    return f"hrportal:drain-queued:{name}"


def wake_drain(func: Callable[..., Any], *, name: str, queue: str = "default", ttl: int = 300, **kwargs: Any) -> bool:
    """Queue ``func(**kwargs)`` on ``queue`` unless a drain job called ``name`` is already waiting.

    Returns True when a job was queued. Only with Redis; callers handle the embedded mode themselves."""
    if not get_queue(queue).connection.set(_marker(name), "1", nx=True, ex=max(1, ttl)):
        return False
    force_drain(func, name=name, queue=queue, **kwargs)
    return True


def force_drain(func: Callable[..., Any], *, name: str, queue: str = "default", **kwargs: Any) -> None:
    """Queue a drain job whatever the marker says (the sweep: the marker may belong to the job that was lost).
    Each drain job gets a new id: a lost job's id may still look "started" in Redis and would swallow it."""
    get_queue(queue).enqueue(func, job_id=f"{name}-drain-{uuid.uuid4().hex[:16]}", **kwargs)


def queue_is_idle(name: str) -> bool:
    """No job waits in queue ``name`` and none is running from it (scheduled jobs do not count)."""
    queue = get_queue(name)
    return queue.count == 0 and queue.started_job_registry.count == 0


def drain_started(name: str) -> None:
    """Called by a drain job before it reads rows: from now on a new row must wake a new job."""
    if redis_enabled():
        get_queue().connection.delete(_marker(name))


# --- is a job still being looked after? ------------------------------------------------------------------
#
# A run or batch whose worker was killed used to be noticed only by its own heartbeat going stale (10 minutes).
# RQ knows sooner: a job that is not waiting and not started any more (finished, failed, gone with a flushed
# Redis) has nobody working on it, and a started job whose worker stopped heartbeating (the portal's worker beats
# every RQ_JOB_MONITORING_SECONDS while a job runs, hrportal/worker.py) was abandoned.

DEFAULT_WORKER_SILENT_SECONDS = 30.0
_WAITING = {"queued", "deferred", "scheduled"}


def job_is_alive(job_id: str) -> bool:
    """True while RQ job ``job_id`` waits in a queue or runs on a worker that still heartbeats. False when the
    job is unknown (never queued, expired, Redis lost it), finished, failed, stopped, or started on a worker
    silent for more than ``RQ_WORKER_SILENT_SECONDS`` (default 30). Without Redis always True (in-process jobs
    have no worker to lose). Redis errors propagate (the caller's periodic check runs again)."""
    if not redis_enabled():
        return True
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    connection = get_queue().connection
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    status = str(getattr(status, "value", status))
    if status in _WAITING:
        return True
    if status != "started":
        return False
    return worker_is_alive(job.worker_name, connection=connection)


def work_abandoned(last_progress, job_id: str, *, stalled_before, grace_before) -> bool:
    """The one rule for resumable work (screening runs, intake batches, and payroll runs as they come): no
    progress since ``stalled_before`` — abandoned whatever RQ says; progress since ``grace_before`` — not
    (its job may sit between the commit and the enqueue); in between — abandoned when its job is not alive."""
    if last_progress < stalled_before:
        return True
    if last_progress >= grace_before:
        return False
    return not job_is_alive(job_id)


def worker_is_alive(name: str | None, *, connection) -> bool:
    """The worker ``name`` is registered and heartbeated within ``RQ_WORKER_SILENT_SECONDS``."""
    from datetime import UTC, datetime

    from rq.worker import Worker

    if not name:
        return False
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name, connection=connection)
    if worker is None or worker.last_heartbeat is None:
        return False
    beat = worker.last_heartbeat if worker.last_heartbeat.tzinfo else worker.last_heartbeat.replace(tzinfo=UTC)
    silent = float(getattr(settings, "RQ_WORKER_SILENT_SECONDS", None) or DEFAULT_WORKER_SILENT_SECONDS)
    return (datetime.now(UTC) - beat).total_seconds() <= silent


# --- once per transaction --------------------------------------------------------------------------------


class OnceOnCommit:
    """An on-commit callback recognisable by its ``key``, so that a transaction which triggers the same work many
    times (a history import saving hundreds of reviews of one position) runs it once."""

    def __init__(self, key: str, func: Callable[[], Any]):
        self.key = key
        self.func = func

    def __call__(self) -> None:
        self.func()


def on_commit_once(key: str, func: Callable[[], Any], *, using: str | None = None) -> None:
    """Run ``func()`` when the current transaction commits (at once outside one), unless a callback with the
    same ``key`` is already waiting in it. Robust: a failing callback is logged and never breaks the request."""
    from django.db import transaction

    connection = transaction.get_connection(using)
    if any(isinstance(entry[1], OnceOnCommit) and entry[1].key == key for entry in connection.run_on_commit):
        return
    transaction.on_commit(OnceOnCommit(key, func), using=using, robust=True)
