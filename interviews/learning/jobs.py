"""RQ entry points of the learning loop (small, idempotent, they take ids).

- ``refit_position_job``: fit one position and propose a new weight set (``services.refit_position``).
- ``schedule_refit``: queue it with one job id per position, ``INTERVIEW_LEARNING_DEBOUNCE_SECONDS`` ahead on
  RQ's scheduler — reviews saved during that window find the job pending and add nothing, so a burst of
  reviews (an import) refits once, with all of them. Without Redis it runs at once, in-process.
- ``refit_after_commit``: what the review receivers call (once per position per transaction).
- ``nightly_refit``: every position with hires; ``nightly_if_due`` queues it once a day at
  ``INTERVIEW_LEARNING_NIGHTLY_HOUR`` (Asia/Shanghai) — called by ``manage.py run_sweeper`` every round.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from hrportal import queues
from interviews.learning import services
from recruiting.models import Position
from recruiting.pipeline import Stage

log = logging.getLogger(__name__)

NIGHTLY_JOB_ID = "learning-nightly-refit"


def job_id(position_id: int) -> str:
    return f"learning-refit-{position_id}"


def refit_position_job(*, position_id: int, requested_by_id: int | None = None) -> dict:
    return services.refit_position(position_id=position_id, requested_by_id=requested_by_id)


def schedule_refit(position_id: int, *, requested_by_id: int | None = None, debounce: bool = True):
    """Queue a refit of the position (debounced unless ``debounce=False``, e.g. the page's button)."""
    delay = int(getattr(settings, "INTERVIEW_LEARNING_DEBOUNCE_SECONDS", 300)) if debounce else 0
    return queues.enqueue(refit_position_job, queue="default", job_id=job_id(position_id), delay_seconds=delay,
                          position_id=position_id, requested_by_id=requested_by_id)


def refit_after_commit(position_id: int, *, using: str | None = None) -> None:
    """Schedule a refit when the current transaction commits; a failing schedule never breaks the request."""
    queues.on_commit_once(f"learning-refit:{position_id}", partial(schedule_refit, position_id), using=using)


def positions_with_hires() -> list[int]:
    return sorted(set(
        Position.objects.filter(applications__stage=Stage.HIRED, applications__employee__isnull=False)
        .values_list("pk", flat=True)
    ))


def nightly_refit() -> dict:
    """Refit every position that has hires (each one's failure is logged and does not stop the others)."""
    outcomes: dict[str, int] = {}
    for position_id in positions_with_hires():
        try:
            status = services.refit_position(position_id=position_id)["status"]
        except Exception:  # noqa: BLE001 - one position's bad data must not stop the night's other fits
            log.exception("learning: nightly refit of position %s failed", position_id)
            status = "failed"
        outcomes[status] = outcomes.get(status, 0) + 1
    log.info("learning: nightly refit %s", outcomes)
    return outcomes


def nightly_if_due(now=None, *, job=None) -> bool:
    """Queue ``job`` (default ``nightly_refit``) once per local day, from the configured hour on. The marker
    is an atomic cache add (Redis with the full stack), so several sweepers queue it once."""
    now = timezone.localtime(now)
    hour = int(getattr(settings, "INTERVIEW_LEARNING_NIGHTLY_HOUR", 2))
    if now.hour < hour:
        return False
    job = job or nightly_refit
    key = f"learning:nightly:{getattr(job, '__name__', 'job')}:{now.date().isoformat()}"
    if not cache.add(key, "1", timeout=60 * 60 * 36):
        return False
    queues.enqueue(job, queue="default", job_id=f"{NIGHTLY_JOB_ID}-{getattr(job, '__name__', 'job')}-{now.date()}")
    return True
