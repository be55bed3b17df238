"""RQ entry points of the retention purge: the daily job and the function that keeps it scheduled.

``ensure_daily_purge`` is called by the periodic sweeper (``manage.py run_sweeper``): it puts the next run on
RQ's scheduler at ``PRIVACY_PURGE_HOUR`` o'clock Asia/Shanghai under a job id naming the day, so calling it
every 15 seconds schedules one job per day. Without Redis nothing is scheduled: run
``manage.py purge_expired_candidates`` from cron once a day (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from hrportal.models import PurgeRun
from hrportal.privacy import purge
from hrportal.queues import get_queue, job_pending, redis_enabled, work_abandoned

log = logging.getLogger(__name__)

JOB_PREFIX = "privacy-purge"


STALLED_AFTER = dt.timedelta(minutes=10)
GRACE = dt.timedelta(seconds=60)


def purge_expired_candidates() -> dict:
    """The daily job: continue an unfinished run or start one, purge, return the counts. Idempotent."""
    from rq import get_current_job

    run = purge.start_or_continue()
    job = get_current_job()
    if job is not None:
        PurgeRun.objects.filter(pk=run.pk).update(job_id=job.id)
    return purge.run_purge(run.pk).counts()


def resume_abandoned_purge(*, now: dt.datetime | None = None) -> list[int]:
    """Queue the continuation of an unfinished run nobody works on any more (``hrportal.queues.work_abandoned``:
    no batch for 10 minutes, or none for a minute and its job is gone). Returns the run ids queued."""
    if not redis_enabled():
        return []
    now = now or timezone.now()
    queued = []
    for run in PurgeRun.objects.filter(status=PurgeRun.Status.RUNNING):
        last = run.heartbeat_at or run.started_at
        if work_abandoned(last, run.job_id, stalled_before=now - STALLED_AFTER, grace_before=now - GRACE):
            job_id = f"{JOB_PREFIX}-resume-{run.pk}-{int(last.timestamp())}"
            if not job_pending(job_id):
                get_queue("default").enqueue(purge_expired_candidates, job_id=job_id, job_timeout=3600)
                queued.append(run.pk)
    return queued


def next_slot(now: dt.datetime | None = None) -> dt.datetime:
    """The next ``PRIVACY_PURGE_HOUR``:00 in Asia/Shanghai after ``now``."""
    local = timezone.localtime(now or timezone.now())
    slot = local.replace(hour=int(settings.PRIVACY_PURGE_HOUR), minute=0, second=0, microsecond=0)
    return slot if slot > local else slot + dt.timedelta(days=1)


def ensure_daily_purge(*, now: dt.datetime | None = None) -> dict:
    """Make sure the next daily purge is on RQ's scheduler (a no-op while it is), and that an abandoned run
    is continued (only with Redis)."""
    if not redis_enabled():
        return {"scheduled": 0}
    resumed = resume_abandoned_purge(now=now)
    slot = next_slot(now)
    job_id = f"{JOB_PREFIX}-{slot:%Y%m%d}"
    if job_pending(job_id):
        return {"scheduled": 0, "resumed": len(resumed)}
    get_queue("default").enqueue_at(slot, purge_expired_candidates, job_id=job_id, job_timeout=3600)
    log.info("privacy: daily purge scheduled at %s (%s)", slot.isoformat(), job_id)
    return {"scheduled": 1, "resumed": len(resumed)}
