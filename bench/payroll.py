#!/usr/bin/env python
"""Benchmark: a monthly payroll run for N employees (issue 15 target: 10,000 on PostgreSQL in under 30 s with
one RQ worker, peak memory under 500 MB).

Creates a scratch PostgreSQL database, migrates it (the shipped Beijing/Shanghai policies), adds N employees
in 8 departments with pay records (tests/payroll/bulk.py: random base 6,000–60,000, a 20 % performance
component, a tax-free meal allowance, both cities), creates the run and starts its calculation exactly as
the page does, then runs one real ``rqworker --burst default``. Prints the job's own time (RQ's started →
ended), the worker process's wall time (Python and Django start-up included), lines per second, the peak RSS
of the worker's processes, and the same for recalculations of the same run (which replace every line).
Prints figures; asserts nothing about time.

Usage: .venv/bin/python bench/payroll.py [-n 10000] [--repeat 3]
          [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379/12]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support import scratch_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="calculations of the run (the first creates the lines)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    db_url = scratch_database(args.database_url, "hrportal_bench_payroll")
    env = {
        "HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings", "DATABASE_URL": db_url,
        "REDIS_URL": args.redis_url, "SECRET_KEY": "bench-secret-key-not-for-production-0123456789",
        "FIELD_ENCRYPTION_KEYS": "k1:" + "QmVuY2hLZXlGb3JQYXlyb2xsQmVuY2htYXJrMDEyMzQ", "FIELD_HASH_KEY": "YmVuY2gtaGFzaC1rZXk",
    }
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from rq.job import Job

    from payroll.models import PayrollLine, PayrollRun
    from payroll.runs.services import create_run, start_calculation
    from tests.payroll.bulk import bulk_company

    redis.Redis.from_url(args.redis_url).flushdb()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    bulk_company(args.n, prefix="N")
    setup = time.perf_counter() - started
    user = User.objects.create(username="bench_finance")
    run = create_run(year=2026, month=4, by=user)

    results = []
    for attempt in range(args.repeat):
        run = start_calculation(run=PayrollRun.objects.get(pk=run.pk), by=user)
        wall_started = time.perf_counter()
        worker = subprocess.run([sys.executable, "manage.py", "rqworker", "--burst", "default"], cwd=ROOT,
                                env={**os.environ, **env}, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - wall_started
        if worker.returncode != 0:
            print(worker.stderr[-3000:])
            return 1
        run.refresh_from_db()
        job = Job.fetch(run.job_id, connection=redis.Redis.from_url(args.redis_url))
        job_seconds = (job.ended_at - job.started_at).total_seconds()
        results.append((job_seconds, wall))
        print(f"calculation {attempt + 1}{' (first: creates the lines)' if attempt == 0 else ' (recalculation: replaces every line)'}: "
              f"status {run.status}, {run.processed} lines, job {job_seconds:.1f} s ({run.processed / job_seconds:.0f} lines/s), "
              f"worker wall {wall:.1f} s")
        if run.status != PayrollRun.Status.CALCULATED:
            return 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | cut -d: -f2"], capture_output=True, text=True)
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs ({cpu.stdout.strip()}), load {load[0]:.2f}, "
          f"Python {platform.python_version()}, PostgreSQL, one RQ worker")
    print(f"setup: {args.n} employees with pay records in {setup:.1f} s; lines stored {PayrollLine.objects.filter(run=run).count()}")
    jobs = [r[0] for r in results]
    walls = [r[1] for r in results]
    print(f"median job {statistics.median(jobs):.1f} s, median worker wall {statistics.median(walls):.1f} s "
          f"(target: < 30 s for {args.n}); first calculation job {jobs[0]:.1f} s")
    print(f"peak RSS of the worker processes: {peak_mb:.0f} MB (target < 500 MB)")
    scratch_database(args.database_url, "hrportal_bench_payroll", drop=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
