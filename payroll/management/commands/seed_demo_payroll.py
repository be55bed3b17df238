"""manage.py seed_demo_payroll — the demo payroll on top of seed_demo (see docs/demo-data.md, "Payroll").

Run after ``seed_demo`` (``make run`` does). Idempotent: a second run changes nothing and says so.

    manage.py seed_demo_payroll           # structures, pay records, declarations and the demo year's runs
    manage.py seed_demo_payroll --remove  # remove them again (before seed_demo --reset)
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from payroll.demo import CALCULATED_MONTH, CLOSED_MONTHS, YEAR, remove_demo_payroll, seed_demo_payroll
from payroll.demo_offers import remove_demo_offers, seed_demo_offers


class Command(BaseCommand):
    help = "Load the demo payroll: salary structures, pay records, declarations, closed runs and one to approve."

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="remove the demo payroll")

    def handle(self, *args, remove=False, **options):
        if remove:
            offers = remove_demo_offers()
            if offers:
                self.stdout.write("Demo offers removed: " + ", ".join(f"{k} {v}" for k, v in offers.items()))
            counts = remove_demo_payroll()
            self.stdout.write("Demo payroll removed: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            return
        started = time.monotonic()
        result = seed_demo_payroll()
        if result.already_present:
            self.stdout.write("Demo payroll already present; nothing changed.")
            return
        if result.missing:
            self.stderr.write(self.style.WARNING(
                "Demo payroll not loaded: run seed_demo first (with the demo accounts); missing: " + ", ".join(result.missing)
            ))
            return
        if result.conflict:
            self.stderr.write(self.style.WARNING(f"Demo payroll not loaded: {result.conflict}."))
            return
        self.stdout.write(self.style.SUCCESS(
            f"Demo payroll loaded in {time.monotonic() - started:.1f} s: {YEAR}-01..{YEAR}-{CLOSED_MONTHS[-1]:02d} closed "
            f"with payslips sent, {YEAR}-{CALCULATED_MONTH:02d} calculated and awaiting approval (log in as 'finance')."
        ))
        for key, value in result.counts.items():
            self.stdout.write(f"  {key:<24} {value}")
        offers_started = time.monotonic()
        offers = seed_demo_offers()
        if offers:
            self.stdout.write(self.style.SUCCESS(
                f"Demo offers loaded in {time.monotonic() - offers_started:.1f} s: drafts, one awaiting finance, one sent, "
                f"two signed, one onboarded on 2026-11-16 and in the November run (log in as 'hr')."
            ))
            for key, value in offers.items():
                self.stdout.write(f"  {key:<24} {value}")
