"""Re-queue outbox messages whose job was lost, take back rows stuck in sending, and hand WeCom callbacks
whose job was lost to a new one (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wecom.callbacks import jobs as services_jobs
from wecom.outbox import jobs as outbox_jobs


class Command(BaseCommand):
    help = (
        "Outbox sweep: rows in 'sending' longer than OUTBOX_LEASE_SECONDS go back to pending (or fail at the "
        "attempts cap); due pending rows are queued again (sent in-process when REDIS_URL is unset); WeCom callbacks still "
        "waiting after WECOM_CALLBACK_SWEEP_GRACE_SECONDS get a new drain job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=outbox_jobs.DEFAULT_SWEEP_LIMIT,
                            help="at most this many rows of each kind per run")

    def handle(self, *args, limit: int, **options):
        counts = outbox_jobs.sweep(limit=limit)
        counts["callbacks"] = services_jobs.sweep_callbacks()
        self.stdout.write(" ".join(f"{key}={value}" for key, value in counts.items()))
