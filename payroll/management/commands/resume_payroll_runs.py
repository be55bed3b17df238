"""``manage.py resume_payroll_runs``: queue again every payroll calculation nobody is working on (a killed
worker, a lost job). The sweeper does this every round; this is the same check once, for cron or by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from payroll.runs.jobs import resume_stalled_runs


class Command(BaseCommand):
    help = "Queue again the payroll calculations whose worker died."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=None, help="seconds without progress (default: the stall rule)")

    def handle(self, *args, older_than=None, **options):
        from datetime import timedelta

        resumed = resume_stalled_runs(older_than=timedelta(seconds=older_than) if older_than is not None else None)
        self.stdout.write(f"resumed {len(resumed)} payroll run(s): {resumed}")
