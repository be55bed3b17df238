"""Queued intake: the intake page stores the uploads and a job turns them into candidates.

Parsing thousands of resumes from a zip takes minutes; inside the HTTP request it would outlast the web
server's timeout. So the page only checks the form, stores every uploaded file encrypted
(MEDIA_ROOT/intake/<batch>/<n>.bin) as an ``IntakeUpload`` and queues ``process_intake_batch``; the batch page
shows progress until the job is done. Without Redis the job runs in a background thread of the web process
after commit (``recruiting.intake.background``), so the embedded default returns at once too.

Resuming: documents of an upload are processed in order and each item records its upload, so a job that
starts again (the worker was killed; ``resume_stalled_intakes`` from the sweep command) skips as many
documents as the upload already has items — nothing is lost and nothing is taken in twice. A file whose
stored copy cannot be read any more becomes a FAILED item with a message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from hrportal import crypto, queues
from hrportal.queues import enqueue
from recruiting.intake.background import run_embedded
from recruiting.intake.services import (
    Document,
    _Options,
    finish_batch,
    intake_document_safely,
    intake_engine,
    intake_limits,
    iter_documents,
    read_upload,
)
from recruiting.models import Application, Candidate, IntakeBatch, IntakeUpload, Position
from recruiting.screening import ExtractionError

logger = logging.getLogger(__name__)

UPLOAD_DIR = "intake"
DEFAULT_STALL_MINUTES = 10


def stall_after() -> timedelta:
    # settings.py reads and checks INTAKE_STALL_MINUTES (hrportal/envvars.py): no second reading of the environment here
    return timedelta(minutes=float(getattr(settings, "INTAKE_STALL_MINUTES", None) or DEFAULT_STALL_MINUTES))


def _document_pause() -> float:
    """Seconds to pause after each document (default 0): keeps a huge zip from saturating a shared
    database, and lets tests catch a job half-way (as SCREENING_ITEM_PAUSE_SECONDS does for screening)."""
    value = getattr(settings, "INTAKE_DOCUMENT_PAUSE_SECONDS", None) or os.environ.get("INTAKE_DOCUMENT_PAUSE_SECONDS")
    return max(0.0, float(value or 0))


def queue_intake(
    *, files: Iterable[tuple[str, object]], position: Position | None, by, source: str = IntakeBatch.Source.UPLOAD,
    consented: bool = False, talent_pool_consent: bool = False, candidate_source: str = Candidate.Source.OTHER,
    start_screening: bool = True, candidate_id: int | None = None, application_source: str = "",
) -> IntakeBatch:
    """Store the uploads of one batch and queue the job that takes them in (same guarantees as
    ``recruiting.intake.services.intake_files`` once it ran). A file over its size limit is refused here, without
    being stored, as a FAILED item of the batch. ``candidate_id``: the documents belong to this candidate
    (an application from the careers page): no candidate is matched or created from the parse."""
    with transaction.atomic():
        batch = _store_uploads(
            files=files, position=position, by=by, source=source, consented=consented,
            talent_pool_consent=talent_pool_consent, candidate_source=candidate_source,
            start_screening=start_screening, candidate_id=candidate_id, application_source=application_source,
        )
    if queues.redis_enabled():
        # a worker must see the committed batch: queue it only after the caller's transaction commits
        transaction.on_commit(lambda: schedule_intake(batch.pk))
    else:
        # the embedded default: a background thread of this process (inline only inside a caller's
        # transaction, which the thread could not see), so the request never waits for a big zip
        run_embedded(batch.pk, process_intake_batch)
        batch.refresh_from_db()
    return batch


def _store_uploads(*, files, position, by, source, consented, talent_pool_consent, candidate_source,
                   start_screening, candidate_id=None, application_source="") -> IntakeBatch:
    batch = IntakeBatch.objects.create(
        position=position, source=source, created_by=by, status=IntakeBatch.Status.QUEUED,
        options={
            "consented": consented, "talent_pool_consent": talent_pool_consent,
            "candidate_source": candidate_source, "start_screening": start_screening, "candidate_id": candidate_id,
            "application_source": application_source,
        },
    )
    limits = intake_limits()
    for order, (filename, content) in enumerate(files):
        upload = IntakeUpload.objects.create(batch=batch, order=order, filename=str(filename)[:255])
        try:
            data = read_upload(upload.filename, content, limits)
        except (ExtractionError, OSError) as exc:
            _refuse_upload(batch, upload, exc)
            continue
        relative = f"{UPLOAD_DIR}/{batch.pk}/{order}.bin"
        target = Path(settings.MEDIA_ROOT) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(crypto.encrypt_bytes(data))
        upload.stored_path, upload.size = relative, len(data)
        upload.save(update_fields=["stored_path", "size"])
    return batch


def _refuse_upload(batch: IntakeBatch, upload: IntakeUpload, exc: Exception) -> None:
    from recruiting.intake.services import _failed

    message = exc.message_zh if isinstance(exc, ExtractionError) else gettext("文件无法读取")
    _failed(Document(upload.filename, None), _options(batch, upload), message)
    upload.finished = True
    upload.save(update_fields=["finished"])


def schedule_intake(batch_id: int) -> None:
    enqueue(process_intake_batch, batch_id, job_id=f"intake-{batch_id}")


def _options(batch: IntakeBatch, upload: IntakeUpload | None) -> _Options:
    opts = batch.options or {}
    return _Options(
        batch=batch, position=batch.position, by=batch.created_by, engine=intake_engine(),
        consented=bool(opts.get("consented")), talent_pool_consent=bool(opts.get("talent_pool_consent")),
        candidate_source=opts.get("candidate_source") or Candidate.Source.OTHER, upload=upload,
        candidate=Candidate.objects.filter(pk=opts["candidate_id"]).first() if opts.get("candidate_id") else None,
        application_source=opts.get("application_source") or Application.Source.HR_UPLOAD,
    )


def _claim(batch_id: int) -> IntakeBatch | None:
    """Queued → running, or a running batch whose heartbeat stopped; None when another job holds it or
    it is done. One conditional UPDATE, so two jobs for one batch never both process it."""
    now = timezone.now()
    stale = now - stall_after()
    claimed = IntakeBatch.objects.filter(
        Q(status=IntakeBatch.Status.QUEUED) | Q(status=IntakeBatch.Status.RUNNING, heartbeat_at__lt=stale)
        | Q(status=IntakeBatch.Status.RUNNING, heartbeat_at=None),
        pk=batch_id,
    ).update(status=IntakeBatch.Status.RUNNING, heartbeat_at=now)
    if not claimed:
        return None
    return IntakeBatch.objects.select_related("position", "created_by").get(pk=batch_id)


def _beat(batch: IntakeBatch) -> None:
    IntakeBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())


def process_intake_batch(batch_id: int) -> dict:
    """The job: take in every stored upload of the batch, then finish it (counts, audit, screening run)."""
    import time

    batch = _claim(batch_id)
    if batch is None:
        status = IntakeBatch.objects.filter(pk=batch_id).values_list("status", flat=True).first()
        logger.info("intake batch %s not claimed (status %s)", batch_id, status)
        return {"batch": batch_id, "status": status or "missing"}
    limits = intake_limits()
    pause = _document_pause()
    for upload in batch.uploads.filter(finished=False).order_by("order", "id"):
        options = _options(batch, upload)
        already = upload.items.count()
        path = Path(settings.MEDIA_ROOT) / upload.stored_path if upload.stored_path else None
        try:
            data = crypto.decrypt_bytes(path.read_bytes()) if path else None
        except (OSError, crypto.DecryptionError) as exc:
            logger.error("stored upload %s of batch %s cannot be read: %r", upload.pk, batch.pk, exc)
            data = None
        if data is None:
            if already == 0:
                _refuse_upload(batch, upload, OSError("stored upload missing"))
            continue
        for index, doc in enumerate(iter_documents(upload.filename, data, limits)):
            if index < already:
                continue
            intake_document_safely(doc, options)
            _beat(batch)
            if pause:
                time.sleep(pause)
        upload.finished = True
        upload.save(update_fields=["finished"])
        path.unlink(missing_ok=True)
    _remove_upload_dir(batch.pk)
    batch = finish_batch(batch, by=batch.created_by, start_screening=bool((batch.options or {}).get("start_screening", True)))
    return {"batch": batch.pk, "status": batch.status, "counts": batch.counts}


def _remove_upload_dir(batch_id: int) -> None:
    directory = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / str(batch_id)
    try:
        directory.rmdir()
    except OSError:
        pass  # not empty (a file kept for a failed upload) or already gone


def current_job_id(batch: IntakeBatch) -> str:
    """The id of the RQ job that should be working on ``batch`` now (the first one, or the latest resume)."""
    resumed = int((batch.options or {}).get("resumed", 0))
    return f"intake-{batch.pk}-resume-{resumed}" if resumed else f"intake-{batch.pk}"


def abandon_grace() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "INTAKE_ABANDON_GRACE_SECONDS", None) or 15))


def resume_stalled_intakes(*, older_than: timedelta | None = None) -> list[int]:
    """Queue again the batches that are queued or running and that nobody is working on: no progress for
    ``older_than`` (INTAKE_STALL_MINUTES, 10), or — sooner — none for ``abandon_grace()`` (15 s) while RQ says
    their current job is not alive (finished or failed without finishing, lost, or its worker stopped
    heartbeating: ``hrportal.queues.job_is_alive``).

    The killed worker's RQ job may still look "started" to RQ, so the batch is queued under a new job id
    (``intake-<id>-resume-<n>``) and set back to queued with a fresh heartbeat, so the next sweep leaves it
    alone while the new job waits. Returns the batch ids."""
    now = timezone.now()
    stalled_before = now - (older_than or stall_after())
    grace_before = now - min(abandon_grace(), older_than or stall_after())
    active = Q(status__in=[IntakeBatch.Status.QUEUED, IntakeBatch.Status.RUNNING])
    quiet = Q(heartbeat_at__lt=grace_before) | Q(heartbeat_at=None, created_at__lt=grace_before) | Q(
        status=IntakeBatch.Status.RUNNING, heartbeat_at=None)

    def abandoned(batch: IntakeBatch) -> bool:
        if batch.heartbeat_at is None and batch.status == IntakeBatch.Status.RUNNING:
            return True
        return queues.work_abandoned(batch.heartbeat_at or batch.created_at, current_job_id(batch),
                                     stalled_before=stalled_before, grace_before=grace_before)

    resumed = []
    for batch_id in [b.pk for b in IntakeBatch.objects.filter(active & quiet) if abandoned(b)]:
        with transaction.atomic():
            batch = IntakeBatch.objects.select_for_update().filter(active & quiet, pk=batch_id).first()
            if batch is None:
                continue
            options = dict(batch.options or {})
            options["resumed"] = attempt = int(options.get("resumed", 0)) + 1
            batch.options, batch.status, batch.heartbeat_at = options, IntakeBatch.Status.QUEUED, timezone.now()
            batch.save(update_fields=["options", "status", "heartbeat_at", "updated_at"])
        logger.warning("intake batch %s abandoned (no live job, or silent); queued again (attempt %s)", batch_id, attempt)
        resumed.append(batch_id)
        enqueue(process_intake_batch, batch_id, job_id=f"intake-{batch_id}-resume-{attempt}")
    return resumed
