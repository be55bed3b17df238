"""manage.py resume_screening_runs — queue again the screening runs whose worker stopped.

A run that is not done and whose heartbeat is older than ``--older-than-minutes`` (default: the
SCREENING_STALL_MINUTES setting or environment variable, else 10) is queued again; the new job only
screens the items still pending. Schedule it every few minutes next to the RQ workers, e.g. cron:

    */5 * * * *  cd /app && python manage.py resume_screening_runs

Every screening job also runs this sweep once when it starts. The same sweep queues again the resume-intake
batches whose job stopped (recruiting.intake.jobs.resume_stalled_intakes, INTAKE_STALL_MINUTES).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from recruiting.intake.jobs import resume_stalled_intakes
from recruiting.screening_runs.jobs import resume_stalled_runs, stall_after


class Command(BaseCommand):
    help = "Queue again the screening runs whose heartbeat stopped (a worker was killed or lost)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes", type=float, default=None,
            help="heartbeat age after which a run counts as stalled (default: SCREENING_STALL_MINUTES or 10)",
        )

    def handle(self, *args, older_than_minutes=None, **options):
        older_than = stall_after() if older_than_minutes is None else timedelta(minutes=older_than_minutes)
        resumed = resume_stalled_runs(older_than=older_than)
        if resumed:
            self.stdout.write(f"queued again: {', '.join(str(pk) for pk in resumed)}")
        else:
            self.stdout.write("no stalled screening runs")
        intakes = resume_stalled_intakes(older_than=None if older_than_minutes is None else older_than)
        if intakes:
            self.stdout.write(f"intake batches queued again: {', '.join(str(pk) for pk in intakes)}")
