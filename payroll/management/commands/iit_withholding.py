"""``manage.py iit_withholding FILE.json``: a year's cumulative IIT withholding, for operators and checks.

Prints one JSON object (payroll/tax/schedule.py documents both shapes); a bad file gets a message naming
the field on stderr and exit code 2. ``--timing`` adds the engine's own time to stderr.
"""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand

from payroll.tax.schedule import ScheduleError, read_schedule, run_schedule


class Command(BaseCommand):
    help = "Cumulative IIT withholding (SAT 2018 No. 61) for a year's schedule given as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the schedule (JSON); - for standard input")
        parser.add_argument("--timing", action="store_true", help="print the engine's time to stderr")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                raw = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as handle:
                    raw = handle.read()
        except OSError as exc:
            return self._fail(f"file: cannot read {path}: {exc.strerror or exc}")
        except UnicodeDecodeError:
            return self._fail("file: not UTF-8 text")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            return self._fail(f"file: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        started = time.perf_counter()
        try:
            result = run_schedule(read_schedule(data))
        except ScheduleError as exc:
            return self._fail(str(exc))
        engine_ms = (time.perf_counter() - started) * 1000
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if options["timing"]:
            self.stderr.write(f"engine: {engine_ms:.3f} ms")

    def _fail(self, message: str):
        self.stderr.write(f"iit_withholding: {message}")
        sys.exit(2)
