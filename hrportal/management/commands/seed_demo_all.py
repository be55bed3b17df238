"""manage.py seed_demo_all — the whole demo company in one process (``make run``, ``make reset-demo``).

    manage.py seed_demo_all            # load every demo step that is missing (idempotent)
    manage.py seed_demo_all --reset    # remove every step's data, then load them all again

It runs the apps' own demo commands by name, in dependency order, in one process (one Django start-up
instead of five; each step is its own transaction): the company (recruiting), the interviews with their
history, recalibration and learned weights (interviews), the invitations and replies (wecom), the payroll
year and offers (payroll), the surveys and interview costs (interviews + payroll). Calling commands by name
keeps this lowest app free of imports from the apps above it (docs/decisions.md, issue 20). Prints each
step's time; the company's counts and the demo accounts come last, so they are what the terminal shows
above the URL.
"""

from __future__ import annotations

import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from hrportal.sweeps import registered_sweeps

ANALYTICS_SWEEP = "analytics slices"

# (command, arguments to load, arguments to remove) — loaded top to bottom, removed bottom to top.
STEPS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("seed_demo", (), ()),
    ("seed_demo_interviews", (), ("--remove",)),
    ("seed_demo_messages", (), ("--remove",)),
    ("seed_demo_payroll", (), ("--remove",)),
    ("seed_demo_feedback", (), ("--remove",)),
)


class Command(BaseCommand):
    help = "Load the whole demo company (every feature) in one process; --reset removes and reloads it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="remove the demo data first, then load it again")

    def handle(self, *args, reset=False, **options):
        started = time.monotonic()
        if reset:
            for name, _load, remove in reversed(STEPS[1:]):
                if remove:
                    self._step(name, remove)
        company = io.StringIO()
        timings = []
        for name, load, _remove in STEPS:
            if name == "seed_demo":
                args = ("--reset",) if reset else load
                step_started = time.monotonic()
                call_command(name, *args, stdout=company, stderr=self.stderr)
                timings.append((name, time.monotonic() - step_started))
            else:
                timings.append((name, self._step(name, load)))
        # the analytics' slices the demo's writes noted, settled now so the first analytics page reads them
        # (the sweep recruiting registers; the registry keeps this lowest app free of its import)
        settle = dict(registered_sweeps()).get(ANALYTICS_SWEEP)
        if settle is not None:
            step_started = time.monotonic()
            settle()
            timings.append(("analytics slices", time.monotonic() - step_started))
        self.stdout.write(company.getvalue().rstrip("\n"))
        self.stdout.write("")
        self.stdout.write("Demo seed: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings)
                          + f"; total {time.monotonic() - started:.1f} s")

    def _step(self, name: str, args) -> float:
        step_started = time.monotonic()
        out = io.StringIO()
        call_command(name, *args, stdout=out, stderr=self.stderr)
        for line in out.getvalue().splitlines():
            self.stdout.write(f"  [{name}] {line}")
        return time.monotonic() - step_started
