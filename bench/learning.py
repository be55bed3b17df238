#!/usr/bin/env python
"""Benchmark of the learning loop (issue 17 targets):

1. the score→performance fit with 200 bootstrap resamples on 10,000 hires × 8 dimensions × 40 questions
   (target < 20 s on 2 cores) — the pure model, no database;
2. the bias audit over 100,000 applications on PostgreSQL (target < 3 s): a scratch database is created on
   the server of ``--database-url``, migrated and filled with bulk_create (candidates, self-identification
   with 85 % consent, applications in every stage, stage history), then ``interviews.fairness.audit.compute()``
   is timed (best and median of ``--repeat`` runs).

Prints figures; asserts nothing about time. Record them in docs/benchmarks.md.

Usage: .venv/bin/python bench/learning.py [--hires 10000] [--applications 100000]
                                           [--database-url postgres://postgres@127.0.0.1:5432/postgres]
       (--skip-audit or --skip-fit to run one part)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def bench_fit(hires: int, dims: int, questions: int, boot: int) -> None:
    import numpy as np
    import pandas as pd

    from interviews.learning.model import LearningConfig, fit, prepare

    rng = np.random.default_rng(2026)
    scores = rng.integers(1, 6, (hires, dims)).astype(float)
    planted = np.linspace(0.35, 0.0, dims)
    performance = ((scores - 3) / np.sqrt(2)) @ planted + rng.normal(0, 0.7, hires)
    frame = pd.DataFrame(scores, columns=[f"dim:d{i}" for i in range(dims)])
    for j in range(questions):
        asked = rng.random(hires) < 0.25  # each hire was asked about 10 of the 40 questions
        source = scores[:, j % dims] if j % 2 == 0 else rng.integers(1, 6, hires)
        frame[f"q:{j + 1}"] = np.where(asked, source, np.nan)
    frame["performance"] = performance
    started = time.perf_counter()
    data = prepare(frame)
    prepared = time.perf_counter() - started
    result = fit(data, config=LearningConfig(n_boot=boot))
    total = time.perf_counter() - started
    flagged = sum(q.verdict == "flagged" for q in result.questions)
    print(f"fit: {hires:,} hires × {dims} dimensions × {questions} questions, {boot} bootstrap resamples: "
          f"{total:.2f} s (prepare {prepared:.2f} s) on {cores()} cores — status {result.status}, "
          f"cv R² {result.metrics.get('cv_r2')}, {flagged} questions flagged")


def bench_audit(database_url: str, applications: int, repeat: int) -> None:
    from bench.support import scratch_database

    url = scratch_database(database_url, "hrportal_bench_learning")
    os.environ.update({"HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings", "DATABASE_URL": url})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from interviews.fairness import audit
    from interviews.models import SelfIdentification
    from recruiting.models import Application, ApplicationStageChange, Candidate, Department, Position
    from recruiting.pipeline import Stage

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rnd = random.Random(17)
    department = Department.objects.create(code="BENCH", name="基准")
    positions = [Position.objects.create(code=f"B-{i:02d}", title_zh=f"职位{i}", department=department) for i in range(20)]
    paths = [  # (weight, stages walked)
        (30, ["rejected"]), (15, ["shortlisted", "rejected"]), (10, ["shortlisted", "interviewing", "rejected"]),
        (5, ["shortlisted", "interviewing", "offer", "hired"]), (2, ["shortlisted", "interviewing", "offer"]),
        (20, []), (8, ["screening"]), (10, ["shortlisted", "interviewing"]),
    ]
    choices = [p for w, p in paths for _ in range(w)]
    now = timezone.now()
    batch = 5000
    for offset in range(0, applications, batch):
        size = min(batch, applications - offset)
        candidates = Candidate.objects.bulk_create([Candidate(name=f"候选人{offset + i}") for i in range(size)])
        ids = []
        apps = []
        walked = []
        for i, candidate in enumerate(candidates):
            female = rnd.random() < 0.45
            path = rnd.choice(choices)
            if female and path and path[-1] != "rejected" and rnd.random() < 0.15:
                path = path[:1] + ["rejected"]  # a planted gap, so the audit has something to flag
            walked.append(path)
            apps.append(Application(candidate=candidate, position=positions[(offset + i) % 20],
                                     stage=path[-1] if path else Stage.NEW,
                                     screening_score=round(rnd.uniform(20, 95), 2)))
            ids.append(SelfIdentification(
                candidate=candidate, gender="female" if female else "male",
                age_band=rnd.choice(["u25", "25-34", "25-34", "35-44", "45+", "undisclosed"]),
                school_tier=rnd.choice(["985", "211", "bachelor", "bachelor", "vocational", "overseas"]),
                consent_at=now if rnd.random() < 0.85 else None, consent_version="bench"))
        apps = Application.objects.bulk_create(apps)
        SelfIdentification.objects.bulk_create(ids)
        changes = []
        for app, path in zip(apps, walked, strict=True):
            previous = Stage.NEW
            for stage in path:
                changes.append(ApplicationStageChange(application=app, from_stage=previous, to_stage=stage, at=now))
                previous = stage
        ApplicationStageChange.objects.bulk_create(changes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"audit data: {applications:,} applications stored in {time.perf_counter() - started:.1f} s")
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = audit.compute()
        times.append(time.perf_counter() - t)
    print(f"bias audit over {result.applications:,} applications ({result.consented:,} consented), "
          f"{len(result.tables)} tables, {len(result.flags)} flags: best {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s of {repeat} on PostgreSQL, {cores()} cores")
    connection.close()
    scratch_database(database_url, "hrportal_bench_learning", drop=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hires", type=int, default=10_000)
    parser.add_argument("--dimensions", type=int, default=8)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--bootstrap", type=int, default=200)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--skip-fit", action="store_true")
    parser.add_argument("--skip-audit", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {cores()} cores, Python {platform.python_version()}")
    if not args.skip_fit:
        bench_fit(args.hires, args.dimensions, args.questions, args.bootstrap)
    if not args.skip_audit:
        bench_audit(args.database_url, args.applications, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
