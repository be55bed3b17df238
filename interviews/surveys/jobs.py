"""RQ entry points of the surveys (small, idempotent, no arguments but ids):

- ``sweep_survey_reminders``: the survey sweep (registered with hrportal.sweeps; ``manage.py run_sweeper`` runs it
  every round) sends the one reminder for unanswered surveys. Each reminder is claimed by a conditional UPDATE.
- ``rebuild_tallies_job``: recount the report's answer tallies when they no longer match the answers
  (interviews/surveys/tallies.py). ``queue_tallies_rebuild`` queues it once (the mark's claim), and
  ``rebuild_tallies_after_commit`` is what a writer that removed answers calls (once per transaction); the
  report calls ``tallies_current``. Without Redis the queue helper runs the job in-process, at the writer's
  commit — there is no worker to wait for.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from hrportal import queues
from interviews.surveys import services, tallies

log = logging.getLogger(__name__)

REBUILD_JOB_PREFIX = "survey-tallies-rebuild"


def sweep_survey_reminders() -> int:
    return services.send_due_reminders()


def rebuild_tallies_job() -> dict:
    """Recount the tallies if they are stale. Safe to run twice or twice at once: the second finds the mark
    matching, or waits for the first's lock on it and replaces every tally again (never adds)."""
    tallies.rebuild_started()
    cells = tallies.rebuild_if_stale()
    if cells is not None:
        log.info("survey tallies rebuilt: %s cells", cells)
    return {"rebuilt": cells is not None, "cells": cells or 0}


def queue_tallies_rebuild(*, now: dt.datetime | None = None) -> bool:
    """Queue ``rebuild_tallies_job`` unless a rebuild was queued in the last ``tallies.REQUEUE_AFTER`` and has not
    started (it will see every change committed so far). Returns True when this call queued it (in the embedded
    mode: ran it). A failed enqueue releases the claim and raises."""
    now = now or timezone.now()
    if not tallies.claim_rebuild(now=now):
        return False
    try:
        queues.enqueue(rebuild_tallies_job, queue="default", job_id=f"{REBUILD_JOB_PREFIX}-{now:%Y%m%d%H%M%S%f}")
    except Exception:
        tallies.release_claim(at=now)
        raise
    return True


def rebuild_tallies_after_commit(*, using: str | None = None) -> None:
    """What a writer calls when it removed or stored answers outside ``submit_response``: the rebuild is queued
    when its transaction commits (once per transaction; a failure to queue is logged and never breaks it)."""
    queues.on_commit_once(REBUILD_JOB_PREFIX, queue_tallies_rebuild, using=using)


def tallies_current(*, now: dt.datetime | None = None) -> bool:
    """For the report, before it reads the tallies: True when they match the answers. Otherwise a rebuild is
    queued — once, not on every page view (the mark's claim) — and False is returned: the report shows the
    figures it has with a notice, and never recounts in the request. In the embedded mode (no worker) the job
    runs here, in-process, and True is returned once it has brought the tallies up to date."""
    now = now or timezone.now()
    mark = tallies.read_mark()
    if tallies.is_fresh(mark):
        return True
    if tallies.queued_recently(mark, now=now):
        return False
    try:
        queue_tallies_rebuild(now=now)
    except Exception:
        log.exception("survey tallies: could not queue the rebuild (the report shows the figures it has)")
        return False
    return not queues.redis_enabled() and tallies.is_fresh()
