"""``manage.py onboard_new_hires [--date YYYY-MM-DD]``: onboard every signed offer whose start date has come
(the sweeper does this every round; this is the same job once, for cron or by hand). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from payroll.offers.services import expire_offers
from payroll.onboarding.jobs import onboard_due


class Command(BaseCommand):
    help = "Onboard the new hires whose start date has come (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="as of this date (default: today, Asia/Shanghai)")

    def handle(self, *args, date=None, **options):
        expired = expire_offers()
        done = onboard_due(date)
        self.stdout.write(f"onboarded {len(done)} new hire(s): {done}; expired {len(expired)} offer(s)")
