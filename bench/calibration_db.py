#!/usr/bin/env python
"""Benchmark: the calibration report over N AI/interviewer pairs read from the database (issue 4 target:
50,000 pairs in < 10 s), the dashboard's one-query alert, and the recalibration fit job.

Creates a scratch SQLite database (or uses --database-url, e.g. an empty PostgreSQL database), stores N
submitted scores (N/5 interviews × one scorecard × 5 competencies, 40 interviewers) with bulk_create, then
times ``calibration_overview()`` (what the calibration page computes), ``overall_difference_rate()`` (the
dashboard panel) and ``fit_recalibration_job()``. Prints figures; asserts nothing about time.

Usage: .venv/bin/python bench/calibration_db.py [-n 50000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="hrportal-bench-")
    os.environ.update({
        "HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{scratch}/bench.sqlite3",
    })
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from interviews.calibration import jobs
    from interviews.calibration import services as calibration_service
    from interviews.models import Interview, InterviewPlan, InterviewRound, Scorecard, ScorecardScore
    from recruiting.models import Application, Candidate, Competency, Department, Position

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    dept = Department.objects.create(code="BENCH", name="基准")
    position = Position.objects.create(code="BENCH-1", title_zh="基准职位", department=dept)
    competencies = [
        Competency.objects.create(code=f"B{i}", name_zh=f"维度{i}", anchor_1="1", anchor_3="3", anchor_5="5")
        for i in range(5)
    ]
    interviewers = [User.objects.create(username=f"bench_iv{i}") for i in range(40)]
    rnd = InterviewRound.objects.create(plan=InterviewPlan.objects.create(position=position), name="初面")
    n_interviews = args.n // len(competencies)
    start = timezone.now() - dt.timedelta(days=365)
    t0 = time.perf_counter()
    candidates = Candidate.objects.bulk_create([Candidate(name=f"候选人{i}") for i in range(n_interviews)], batch_size=2000)
    applications = Application.objects.bulk_create(
        [Application(candidate=c, position=position, stage="interviewing") for c in candidates], batch_size=2000)
    interviews = Interview.objects.bulk_create([
        Interview(application=a, round=rnd, starts_at=start + dt.timedelta(hours=i),
                  ends_at=start + dt.timedelta(hours=i, minutes=45), status="done")
        for i, a in enumerate(applications)
    ], batch_size=2000)
    cards = Scorecard.objects.bulk_create([
        Scorecard(interview=iv, interviewer=interviewers[i % len(interviewers)], status="submitted",
                  recommendation="yes", submitted_at=timezone.now())
        for i, iv in enumerate(interviews)
    ], batch_size=2000)
    scores = []
    for card in cards:
        for competency in competencies:
            human = rng.randint(1, 5)
            raw = min(5.0, max(1.0, human + rng.gauss(0.4, 0.8)))
            scores.append(ScorecardScore(scorecard=card, competency=competency, score=human, ai_raw=round(raw, 2),
                                         ai_suggested=int(min(5, max(1, round(raw)))), ai_engine_version="score-1.0"))
    ScorecardScore.objects.bulk_create(scores, batch_size=5000)
    setup = time.perf_counter() - t0

    t0 = time.perf_counter()
    overview = calibration_service.calibration_overview()
    report_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    rate = calibration_service.overall_difference_rate()
    alert_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    fit = jobs.fit_recalibration_job()
    fit_s = time.perf_counter() - t0

    engine = django.db.connection.vendor
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, python {platform.python_version()}, db {engine}")
    print(f"stored {len(scores)} pairs in {setup:.1f} s (setup, not measured)")
    print(f"calibration_overview over {overview.pairs} pairs: {report_s:.2f} s "
          f"(difference rate {overview.report.overall.difference_rate:.3f}, QWK {overview.report.overall.qwk:.3f})")
    print(f"dashboard overall_difference_rate: {alert_s * 1000:.0f} ms ({rate.pairs} pairs, alert={rate.alert})")
    print(f"fit_recalibration_job: {fit_s:.2f} s -> {fit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
