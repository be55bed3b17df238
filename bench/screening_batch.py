#!/usr/bin/env python
"""Benchmark: one screening run of N applications through the real Django path (issue 3 target:
10,000 resumes in one batch with peak memory under 500 MB).

Creates a scratch SQLite database (or uses --database-url), loads the small demo company (skill lexicon,
positions), adds N candidates with generated zh/en resumes applying to one position, then calls
``start_screening_run`` — without REDIS_URL the job runs in this process, which is what a worker does —
and prints wall time, items per second, results stored and the peak RSS of the process (VmHWM).
Prints figures; asserts nothing about time.

Usage: .venv/bin/python bench/screening_batch.py [-n 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="hrportal-bench-")
    os.environ.update(
        {
            "HRPORTAL_SKIP_DOTENV": "1",
            "DJANGO_SETTINGS_MODULE": "hrportal.settings",
            "DATABASE_URL": args.database_url or f"sqlite:///{scratch}/bench.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
        }
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    # bench/screening.py's generator (loaded by path: bench/ also holds modules named like our apps).
    import importlib.util

    from django.contrib.auth.models import User
    from django.core.management import call_command

    from recruiting.models import Application, Candidate, Position, ScreeningResult
    from recruiting.screening_runs.jobs import start_screening_run

    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "bench" / "screening.py")
    bench_screening = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_screening)
    generate_resumes = bench_screening.generate_resumes

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--small", "--no-accounts", verbosity=0, stdout=open(os.devnull, "w"))
    position = Position.objects.order_by("code").first()
    user, _ = User.objects.get_or_create(username="bench_hr")
    texts = generate_resumes(args.n)
    setup_started = time.perf_counter()
    candidates = [Candidate(name=f"基准{i:05d}", resume_text=text) for i, text in enumerate(texts)]
    Candidate.objects.bulk_create(candidates, batch_size=500)
    Application.objects.bulk_create(
        [Application(candidate=c, position=position) for c in candidates], batch_size=1000
    )
    ids = list(Application.objects.filter(candidate__name__startswith="基准").values_list("id", flat=True))
    setup_seconds = time.perf_counter() - setup_started
    rss_before = peak_rss_mb()

    started = time.perf_counter()
    run = start_screening_run(position=position, by=user, application_ids=ids)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    stored = ScreeningResult.objects.filter(run=run).count()

    cpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | cut -d: -f2"], capture_output=True, text=True)
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs ({cpu.stdout.strip()}), Python {platform.python_version()}, "
          f"{'SQLite' if not args.database_url else 'PostgreSQL'}")
    print(f"setup: {args.n} candidates + applications in {setup_seconds:.1f} s; peak RSS before the run {rss_before:.0f} MB")
    print(f"run {run.pk}: status {run.status}, {run.processed} processed, {run.failed} failed, {stored} results stored")
    print(f"wall {seconds:.1f} s = {args.n / seconds:.0f} applications/s (parse + score + store, one process)")
    print(f"peak RSS of the process: {peak_rss_mb():.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
