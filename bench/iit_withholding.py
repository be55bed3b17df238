#!/usr/bin/env python
"""Benchmark: ``iit_withholding`` for a 12-month schedule (issue 15 target: under 50 ms of engine time).

Engine only: ``read_schedule`` + ``run_schedule`` on a 12-month schedule with special and additional
deductions, crossing brackets, with a separate annual bonus — median of 1,000 calls. Then the command as a
user runs it (``manage.py iit_withholding FILE --timing``, process start and Django set-up included), median of
5, with the engine time the command itself reports. Prints figures; asserts nothing.

Usage: .venv/bin/python bench/iit_withholding.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEDULE = {
    "year": 2026, "hire_month": 1, "first_wage_income_in_year": False, "prior_year_same_employer_le_60000": False,
    "months": [{"month": m, "gross": "58000.00", "special_deductions": "4820.50", "additional_deductions": "3500.00",
                "tax_free": "300.00"} for m in range(1, 13)],
    "annual_bonus": {"month": 12, "amount": "120000.00", "method": "separate"},
}


def main() -> int:
    from payroll.tax.schedule import read_schedule, run_schedule

    times = []
    for _ in range(1000):
        started = time.perf_counter()
        result = run_schedule(read_schedule(SCHEDULE))
        times.append(time.perf_counter() - started)
    print(f"engine: median {statistics.median(times) * 1000:.3f} ms, max {max(times) * 1000:.3f} ms per 12-month schedule "
          f"(target < 50 ms); December withholding {result['months'][-1]['withholding']}, bonus tax {result['annual_bonus_tax']}")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(SCHEDULE, handle)
    env = {**os.environ, "HRPORTAL_SKIP_DOTENV": "1"}
    env.pop("DATABASE_URL", None)
    walls, engine = [], []
    for _ in range(5):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "manage.py", "iit_withholding", handle.name, "--timing"], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - started)
        engine.append(float(done.stderr.split("engine:")[1].split("ms")[0]))
    os.unlink(handle.name)
    print(f"command: median wall {statistics.median(walls) * 1000:.0f} ms (process start + Django set-up included), "
          f"engine time reported by the command {statistics.median(engine):.3f} ms; load {os.getloadavg()[0]:.2f}, "
          f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
