"""The retention purge (PIPL Art. 19 / 47): every candidate past their retention date with no legal hold is
made anonymous by every registered holder (``hrportal.privacy.registry``).

How it stays correct when things go wrong:
- **Batches.** Candidates are taken in id order, ``PRIVACY_PURGE_BATCH`` (500) at a time. One transaction
  holds a batch: the candidates' rows are locked, every holder erases, and the run's cursor and counters move —
  all or nothing. A crash loses at most the batch in flight, which the next start does again.
- **Resumable.** A run that did not finish (a killed worker, an exception, a power cut) is *continued* by
  the next start, from its cursor, with its counts so far: one run, one audit record, exact counts. Two
  starts at once work on the same run one batch after the other (the run row is locked per batch).
- **Idempotent.** Purged candidates are no longer "expired" (the subject source skips them), so a second run
  right after purges 0. A file already gone is never an error (it counts once, with the row that named it).
- **Files** are removed inside the batch's transaction, before it commits: a rolled-back batch can leave a
  candidate whose file is gone but whose row is not yet anonymous; the next run finishes that person, and the
  pages show "file not available" meanwhile (never an error page).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hrportal import audit
from hrportal.models import PurgeRun
from hrportal.privacy import registry

log = logging.getLogger(__name__)


def today_local() -> date:
    return timezone.localdate()


def batch_size() -> int:
    return int(settings.PRIVACY_PURGE_BATCH)


@dataclass
class DryRunCounts:
    purged: int = 0
    files_removed: int = 0
    skipped: int = 0

    def counts(self, *, dry_run: bool = True) -> dict:
        return {"purged": self.purged, "files_removed": self.files_removed, "skipped": self.skipped,
                "dry_run": dry_run}


def purge_expired(*, cutoff: date | None = None, dry_run: bool = False) -> PurgeRun | DryRunCounts:
    """Purge every expired candidate without a legal hold and return the (finished) run.

    Continues an unfinished run when there is one (its cut-off date stays); otherwise starts a new run with
    ``cutoff`` (default: today in Asia/Shanghai; candidates whose ``retention_until`` is before it)."""
    if dry_run:
        return preview_counts(cutoff=cutoff or today_local())
    run = start_or_continue(cutoff=cutoff)
    return run_purge(run.pk)


def start_or_continue(*, cutoff: date | None = None) -> PurgeRun:
    """The unfinished run if one exists, else a new one."""
    with transaction.atomic():
        unfinished = PurgeRun.objects.select_for_update().filter(status=PurgeRun.Status.RUNNING).order_by("id").first()
        if unfinished is not None:
            log.info("purge: continuing run %s from candidate %s", unfinished.pk, unfinished.cursor)
            return unfinished
        return PurgeRun.objects.create(cutoff=cutoff or today_local(), heartbeat_at=timezone.now())


def run_purge(run_id: int) -> PurgeRun:
    """Work through run ``run_id`` batch by batch until no expired candidate is left; finish it once.

    Safe to call again for the same run at any time (a finished run is returned as it is)."""
    source = registry.subject_source()
    size = batch_size()
    while True:
        with transaction.atomic():
            run = PurgeRun.objects.select_for_update().get(pk=run_id)
            if run.status == PurgeRun.Status.DONE:
                return run
            ids = source(cutoff=run.cutoff, after=run.cursor, limit=size)
            if not ids:
                return _finish(run)
            held = registry.holds_for(ids)
            erasable = [i for i in ids if i not in held]
            files = 0
            if erasable:
                for holder in registry.holders():
                    files += int(holder.erase(erasable) or 0)
            run.cursor = ids[-1]
            run.purged += len(erasable)
            run.skipped += len(held)
            run.files_removed += files
            run.batches += 1
            run.heartbeat_at = timezone.now()
            run.save(update_fields=["cursor", "purged", "skipped", "files_removed", "batches", "heartbeat_at"])


def _finish(run: PurgeRun) -> PurgeRun:
    """Mark the run done and write its one audit record (inside the caller's transaction)."""
    run.status = PurgeRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    audit.record(
        action="delete", object_type="privacy.purge_run", object_id=str(run.pk),
        note=(f"retention purge before {run.cutoff:%Y-%m-%d}: purged={run.purged} "
              f"files_removed={run.files_removed} skipped={run.skipped} batches={run.batches}"),
    )
    log.info("purge run %s done: %s", run.pk, run.counts())
    return run


def preview_counts(*, cutoff: date) -> DryRunCounts:
    """What a run with this cut-off would do now, without writing anything (``--dry-run``)."""
    source = registry.subject_source()
    size = batch_size()
    counts = DryRunCounts()
    after = 0
    while True:
        with transaction.atomic():
            ids = source(cutoff=cutoff, after=after, limit=size)
            if not ids:
                return counts
            held = registry.holds_for(ids)
            erasable = [i for i in ids if i not in held]
            counts.purged += len(erasable)
            counts.skipped += len(held)
            if erasable:
                counts.files_removed += sum(
                    int(h.count_files(erasable) or 0) for h in registry.holders() if h.count_files is not None
                )
            after = ids[-1]
