"""manage.py run_sweeper — the periodic checks in one long-running process (docker compose's ``sweeper``).

Every ``--every`` seconds (default 15): the outbox sweep (lease, lost drains, idle queue), the callback sweep,
and the abandoned-work check of screening runs, intake batches and every sweep an app registers
(``hrportal.sweeps``: payroll runs) (a job that finished or failed without
finishing its run, vanished with Redis, or whose worker stopped heartbeating: ``hrportal.queues.job_is_alive``),
so a killed worker's run resumes within a minute. Once a day from ``INTERVIEW_LEARNING_NIGHTLY_HOUR``: the
refit of every position's interview weights and the bias audit, queued on RQ (interviews/learning/jobs.py). Every
``--reminders-every`` seconds (300): the day-before reminder sweep. Each round also keeps the next daily retention
purge on RQ's scheduler (``hrportal.privacy.jobs.ensure_daily_purge``). One Python process instead of three
``manage.py`` starts per round; a step that fails (Redis or
the database down) is logged and tried again next round — the loop itself never stops. ``--once`` runs one round.

It lives in wecom because it is the top of the one-way rule and may call every app's sweep.
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from hrportal.privacy.jobs import ensure_daily_purge
from hrportal.sweeps import registered_sweeps
from interviews.fairness.jobs import nightly_audit
from interviews.learning.jobs import nightly_if_due
from recruiting.intake.jobs import resume_stalled_intakes
from recruiting.screening_runs.jobs import resume_stalled_runs
from wecom.callbacks.jobs import sweep_callbacks
from wecom.outbox.jobs import sweep as sweep_outbox
from wecom.reminders.services import sweep_reminders

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic sweeps forever (outbox, callbacks, abandoned screening runs and intake batches, reminders)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=15.0, help="seconds between rounds (default 15)")
        parser.add_argument("--reminders-every", type=float, default=300.0, help="seconds between reminder sweeps")
        parser.add_argument("--once", action="store_true", help="one round, then exit")

    def handle(self, *args, every: float, reminders_every: float, once: bool, **options):
        steps = [("outbox", sweep_outbox), ("callbacks", sweep_callbacks), ("screening runs", resume_stalled_runs),
                 ("intake batches", resume_stalled_intakes), ("daily purge", ensure_daily_purge), ("nightly refit", nightly_if_due),
                 ("nightly bias audit", lambda: nightly_if_due(job=nightly_audit)), *registered_sweeps()]
        last_reminders = float("-inf")
        while True:
            started = time.monotonic()
            close_old_connections()  # a connection the database dropped is replaced, not reused
            round_steps = list(steps)
            if started - last_reminders >= reminders_every:
                round_steps.append(("reminders", sweep_reminders))
                last_reminders = started
            for name, step in round_steps:
                try:
                    result = step()
                except Exception as exc:  # noqa: BLE001 - decides no row's fate: the next round tries again
                    log.warning("sweeper: %s failed (%s: %s); next round in %.0f s", name, type(exc).__name__, exc, every)
                    continue
                if _worth_logging(result):
                    log.info("sweeper: %s: %s", name, result)
            if once:
                return
            time.sleep(max(0.0, every - (time.monotonic() - started)))


def _worth_logging(result) -> bool:
    if isinstance(result, dict):
        return any(result.values())
    if isinstance(result, list | int):
        return bool(result)
    return any(vars(result).values()) if hasattr(result, "__dict__") else bool(result)
