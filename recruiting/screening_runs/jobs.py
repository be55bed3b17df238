"""RQ entry points of the recruiting app: small, idempotent, and they take ids.

Batch screening (``run_screening``) is resumable. Items are claimed in chunks inside one transaction with
``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL), so two workers on the same run never screen the same
item, and a chunk's results, item statuses and the run's counters commit together: when a worker is
killed, the chunk it was in rolls back to "pending" and every committed item stays done. Running the job
again only processes pending items. ``resume_stalled_runs`` re-queues runs whose heartbeat stopped; run
it every few minutes (``manage.py resume_screening_runs``, cron or a scheduler), and every run_screening
call also sweeps once when it starts. Besides the heartbeat, the sweep asks RQ whether the run's current job
is still alive (``hrportal.queues.job_is_alive``), so a killed worker is noticed within a minute.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from hrportal import queues
from hrportal.infrastructure import is_infrastructure_error
from recruiting import engine_inputs
from recruiting.models import Application, Position, ScreeningRun, ScreeningRunItem
from recruiting.screening_runs.services import ScreeningInputError, create_screening_run, screen_application
from recruiting.weighting import services as weighting

log = logging.getLogger(__name__)

SCREENING_QUEUE = "screening"
DEFAULT_CHUNK_SIZE = 50
# A run whose heartbeat is older than this (and which is not done) is taken as abandoned.
DEFAULT_STALL_MINUTES = 10


def run_job_id(run_id: int) -> str:
    return f"screening-run-{run_id}"


def start_screening_run(*, position: Position, by, application_ids: list[int] | None = None) -> ScreeningRun:
    """Create a screening run (``services.create_screening_run``) and queue its job.

    The job ``run_screening(run_id)`` goes to the "screening" queue with job id ``screening-run-<id>`` once
    the transaction commits; without Redis it runs in-process before this returns, so the returned run is
    already done. Returns the run (refreshed).
    """
    run = create_screening_run(position=position, by=by, application_ids=application_ids)
    enqueue = partial(queues.enqueue, run_screening, run.pk, queue=SCREENING_QUEUE, job_id=run_job_id(run.pk))
    if queues.redis_enabled():
        # A worker must see the committed run: queue it only after the caller's transaction commits.
        transaction.on_commit(enqueue)
    else:
        enqueue()
    run.refresh_from_db()
    return run


def _chunk_size() -> int:
    value = getattr(settings, "SCREENING_CHUNK_SIZE", None) or os.environ.get("SCREENING_CHUNK_SIZE")
    return max(1, int(value or DEFAULT_CHUNK_SIZE))


def _item_pause() -> float:
    """Seconds to pause after each item (default 0): lets an operator keep a large batch from saturating a
    shared database, and lets tests catch a run half-way."""
    value = getattr(settings, "SCREENING_ITEM_PAUSE_SECONDS", None) or os.environ.get("SCREENING_ITEM_PAUSE_SECONDS")
    return max(0.0, float(value or 0))


def stall_after() -> timedelta:
    # settings.py reads and checks SCREENING_STALL_MINUTES (hrportal/envvars.py): no second reading of the environment here
    return timedelta(minutes=float(getattr(settings, "SCREENING_STALL_MINUTES", None) or DEFAULT_STALL_MINUTES))


def _pending(run_id: int):
    return ScreeningRunItem.objects.filter(run_id=run_id, status=ScreeningRunItem.Status.PENDING)


def _claim_chunk(run_id: int, size: int) -> list[ScreeningRunItem]:
    """Pending items of the run, locked for this transaction; rows another worker holds are skipped.
    (SQLite has no row locks, but there the job runs in-process, one at a time.)"""
    qs = _pending(run_id).order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return list(qs[:size])


def run_screening(run_id: int) -> dict:
    """Screen every pending item of a screening run; return a small summary.

    Idempotent and resumable: a done run returns at once; otherwise the engine, the position model and
    the weights are built once, then pending items are claimed chunk by chunk until none is left. A
    failing item is marked failed with its error and the run goes on. The run ends DONE with
    ``processed`` (done + failed items), ``failed`` and ``timings`` (seconds to prepare, total seconds,
    mean seconds per item).
    """
    run = ScreeningRun.objects.select_related("position").filter(pk=run_id).first()
    if run is None:
        log.warning("screening run %s does not exist (deleted?)", run_id)
        return {"run": run_id, "status": "missing"}
    if run.status == ScreeningRun.Status.DONE:
        return {"run": run_id, "status": run.status, "processed": 0}
    now = timezone.now()
    ScreeningRun.objects.filter(pk=run_id).exclude(status=ScreeningRun.Status.DONE).update(
        status=ScreeningRun.Status.RUNNING, heartbeat_at=now, started_at=run.started_at or now
    )
    resume_stalled_runs(exclude=run_id)

    prepare_started = time.perf_counter()
    try:
        engine = engine_inputs.build_engine()
        model = engine_inputs.position_model(run.position, engine.lexicon)
        weights, weight_set = weighting.active_weights(run.position)
        engine.prepare(model)  # query terms from the disk cache, else loads jieba; before the first item is timed
    except Exception as exc:
        if is_infrastructure_error(exc):
            raise  # the database or Redis failed, not the run: it stays running and is resumed
        log.exception("screening run %s: could not prepare the engine", run_id)
        ScreeningRun.objects.filter(pk=run_id).update(
            status=ScreeningRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return {"run": run_id, "status": ScreeningRun.Status.FAILED}
    prepare_seconds = time.perf_counter() - prepare_started
    ScreeningRun.objects.filter(pk=run_id).update(weight_set=weight_set, heartbeat_at=timezone.now())
    _add_timings(run_id, prepare_seconds=prepare_seconds)

    size, pause = _chunk_size(), _item_pause()
    handled = 0
    while True:
        with transaction.atomic():
            chunk = _claim_chunk(run_id, size)
            if not chunk:
                break
            applications = Application.objects.select_related("candidate").in_bulk([i.application_id for i in chunk])
            done = failed = 0
            started = time.perf_counter()
            for item in chunk:
                application = applications.get(item.application_id)
                try:
                    with transaction.atomic():
                        if application is None:
                            raise ScreeningInputError("application_missing", "the application was deleted")
                        result = screen_application(
                            application=application, engine=engine, model=model, weights=weights,
                            weight_set=weight_set, run=run,
                        )
                except ScreeningInputError as exc:
                    item.status, item.error, item.result = ScreeningRunItem.Status.FAILED, exc.code, None
                    failed += 1
                except Exception as exc:  # one bad resume must not stop the batch
                    if is_infrastructure_error(exc):
                        # Not this resume's fault: the chunk rolls back to pending and the run is resumed.
                        raise
                    log.exception("screening run %s: application %s failed", run_id, item.application_id)
                    item.status, item.error, item.result = (
                        ScreeningRunItem.Status.FAILED, f"{type(exc).__name__}: {exc}"[:2000], None,
                    )
                    failed += 1
                else:
                    item.status, item.error, item.result = ScreeningRunItem.Status.DONE, "", result
                    done += 1
                if pause:
                    time.sleep(pause)
            seconds = time.perf_counter() - started
            ScreeningRunItem.objects.bulk_update(chunk, ["status", "error", "result"])
            _record_chunk(run_id, done=done, failed=failed, seconds=seconds)
            handled += len(chunk)
    status = _finish_if_complete(run_id)
    return {"run": run_id, "status": status, "processed": handled}


def _record_chunk(run_id: int, *, done: int, failed: int, seconds: float) -> None:
    """Counters, heartbeat and timings of one chunk, in the chunk's transaction (the run row is locked so
    two workers add up instead of overwriting each other)."""
    run = ScreeningRun.objects.select_for_update().get(pk=run_id)
    run.processed += done + failed
    run.failed += failed
    run.heartbeat_at = timezone.now()
    timings = dict(run.timings or {})
    timings["screen_seconds"] = round(timings.get("screen_seconds", 0.0) + seconds, 6)
    timings["screened_items"] = timings.get("screened_items", 0) + done + failed
    run.timings = timings
    run.save(update_fields=["processed", "failed", "heartbeat_at", "timings", "updated_at"])


def _add_timings(run_id: int, **values) -> None:
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        timings = dict(run.timings or {})
        for key, value in values.items():
            timings[key] = round(timings.get(key, 0.0) + value, 6)
        run.timings = timings
        run.save(update_fields=["timings", "updated_at"])


def _finish_if_complete(run_id: int) -> str:
    """Mark the run done when no item is pending (items another worker still holds count as pending, so
    that worker finishes the run). Counters are recounted from the items, which corrects any drift."""
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        if run.status == ScreeningRun.Status.DONE or _pending(run_id).exists():
            return run.status
        items = ScreeningRunItem.objects.filter(run_id=run_id)
        now = timezone.now()
        run.processed = items.count()
        run.failed = items.filter(status=ScreeningRunItem.Status.FAILED).count()
        run.status = ScreeningRun.Status.DONE
        run.finished_at = now
        run.heartbeat_at = now
        timings = dict(run.timings or {})
        screened = timings.get("screened_items", 0)
        timings["total_seconds"] = round((now - (run.started_at or run.created_at)).total_seconds(), 3)
        timings["per_item_mean_seconds"] = round(timings.get("screen_seconds", 0.0) / screened, 6) if screened else 0.0
        run.timings = timings
        run.save(update_fields=["processed", "failed", "status", "finished_at", "heartbeat_at", "timings", "updated_at"])
        log.info("screening run %s done: %s items, %s failed", run_id, run.processed, run.failed)
        return run.status


def current_job_id(run: ScreeningRun) -> str:
    """The id of the RQ job that should be working on ``run`` now (the first one, or the latest resume)."""
    resumed = (run.timings or {}).get("resumed", 0)
    return f"{run_job_id(run.pk)}-resume-{resumed}" if resumed else run_job_id(run.pk)


def abandon_grace() -> timedelta:
    """A run whose heartbeat (or creation) is younger than this is never taken as abandoned: its job may be
    between the commit and the enqueue."""
    return timedelta(seconds=float(getattr(settings, "SCREENING_ABANDON_GRACE_SECONDS", None) or 15))


def resume_stalled_runs(*, older_than: timedelta | None = None, exclude: int | None = None) -> list[int]:
    """Re-queue screening runs that are not done and that nobody is working on. Returns their ids.

    A run is taken as abandoned when its heartbeat (or, never started, its creation) is older than
    ``older_than`` (default SCREENING_STALL_MINUTES, 10) — or, sooner, once it is older than
    ``abandon_grace()`` (15 s) and RQ says its current job is not alive (``hrportal.queues.job_is_alive``: the
    job finished or failed without finishing the run, Redis lost it, or its worker stopped heartbeating — a
    ``kill -9``). Run every 15–30 s (docker compose's ``sweeper``), this notices a killed worker within a
    minute.

    The old RQ job of a killed worker may still look "started" to RQ, so the run is queued under a new job
    id (``screening-run-<id>-resume-<n>``); its heartbeat is reset so the next sweep leaves it alone while
    the new job waits. Should the old worker still be alive after all, both jobs share the run safely (row
    locks, unique results).
    """
    now = timezone.now()
    stalled_before = now - (stall_after() if older_than is None else older_than)
    grace_before = now - min(abandon_grace(), stall_after() if older_than is None else older_than)
    candidates = ScreeningRun.objects.filter(status__in=[ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING])
    candidates = candidates.filter(Q(heartbeat_at__lt=grace_before) | Q(heartbeat_at__isnull=True, created_at__lt=grace_before))
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    abandoned = [
        run.pk for run in candidates
        if queues.work_abandoned(run.heartbeat_at or run.created_at, current_job_id(run),
                                 stalled_before=stalled_before, grace_before=grace_before)
    ]
    resumed: list[int] = []
    for run_id in abandoned:
        with transaction.atomic():
            run = ScreeningRun.objects.select_for_update().filter(pk=run_id).first()
            if run is None or run.status not in (ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING):
                continue
            if (run.heartbeat_at or run.created_at) >= grace_before:
                continue  # another sweep resumed it meanwhile
            timings = dict(run.timings or {})
            timings["resumed"] = attempt = timings.get("resumed", 0) + 1
            run.timings = timings
            run.heartbeat_at = timezone.now()
            run.save(update_fields=["timings", "heartbeat_at", "updated_at"])
        log.warning("screening run %s abandoned (no live job, or silent); queued again (attempt %s)", run_id, attempt)
        resumed.append(run_id)
        queues.enqueue(run_screening, run_id, queue=SCREENING_QUEUE, job_id=f"{run_job_id(run_id)}-resume-{attempt}")
    return resumed
