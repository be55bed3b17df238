#!/usr/bin/env python
"""Benchmark: the retention purge of 10,000 expired candidates with their resume files (issue 19 target: < 60 s
on PostgreSQL, memory flat).

Each repetition seeds a scratch database (PostgreSQL with --database-url, else SQLite) with N expired
candidates — encrypted contact fields and resume text, one encrypted resume file on disk each, a rejected
application with its stage history and a screening result with an explanation, an interview with a note, a
scorecard score with evidence and an invitation message — plus N/10 candidates held by an open application,
then times ``hrportal.privacy.purge.purge_expired()`` (what the daily job and the command run). The process's
resident memory is sampled every 50 ms during the purge. Prints medians; asserts nothing about time.

Usage: .venv/bin/python bench/purge.py [-n 10000] [--repeat 3] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


class RssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.samples.append(rss_mb())
            time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL; a scratch database is made on it")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="hrportal-bench-purge-"))
    if args.database_url:
        from bench.support import scratch_database

        url = scratch_database(args.database_url, "hrportal_bench_purge")
    else:
        url = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.update({"HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings",
                       "DATABASE_URL": url, "MEDIA_ROOT": str(scratch / "media")})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.MEDIA_ROOT = str(scratch / "media")
    call_command("migrate", verbosity=0)
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{connection.vendor}; load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    times, peaks, growth, counts = [], [], [], None
    for repetition in range(args.repeat):
        seed_started = time.perf_counter()
        seed(args.n, repetition)
        seeded = time.perf_counter() - seed_started
        from hrportal.privacy import purge

        sampler = RssSampler()
        before = rss_mb()
        sampler.start()
        t0 = time.perf_counter()
        run = purge.purge_expired()
        elapsed = time.perf_counter() - t0
        sampler.stop.set()
        sampler.join()
        counts = run.counts()
        samples = sampler.samples or [before]
        # memory "flat": the growth from the first to the last tenth of the purge, and the peak over the start
        tenth = max(1, len(samples) // 10)
        early, late = statistics.mean(samples[:tenth]), statistics.mean(samples[-tenth:])
        times.append(elapsed)
        peaks.append(max(samples) - before)
        growth.append(late - early)
        left = sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*.bin"))
        print(f"run {repetition + 1}: seeded {args.n} + {args.n // 10} held in {seeded:.1f} s; purge {elapsed:.2f} s "
              f"({args.n / elapsed:,.0f}/s), {run.batches} batches, counts {counts}; RSS at start {before:.0f} MB, "
              f"peak +{max(samples) - before:.1f} MB, first→last tenth {late - early:+.1f} MB; "
              f"resume files left on disk {left} (held candidates' files)")
    print(f"median purge of {args.n:,}: {statistics.median(times):.2f} s; median RSS peak over start "
          f"+{statistics.median(peaks):.1f} MB; median drift first→last tenth {statistics.median(growth):+.1f} MB; "
          f"load average after {os.getloadavg()[0]:.2f}")
    if args.database_url:
        connection.close()
        from bench.support import scratch_database

        scratch_database(args.database_url, "hrportal_bench_purge", drop=True)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


def seed(n: int, repetition: int) -> None:
    """N expired candidates with a footprint in every app, N/10 held by an open application (bulk inserts)."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.utils import timezone

    from hrportal import crypto
    from interviews.models import (
        Interview,
        InterviewPlan,
        InterviewRound,
        NoteSegment,
        Scorecard,
        ScorecardScore,
    )
    from recruiting.models import (
        Application,
        ApplicationStageChange,
        Candidate,
        Competency,
        Department,
        Position,
        Resume,
        ScreeningResult,
    )
    from wecom.models import OutboxMessage

    tag = f"r{repetition}"
    user, _ = User.objects.get_or_create(username="bench_hr")
    dept, _ = Department.objects.get_or_create(code="BENCH", defaults={"name": "基准"})
    position = Position.objects.create(code=f"BENCH-{tag}", title_zh="基准职位", department=dept)
    competency, _ = Competency.objects.get_or_create(code="BENCH", defaults={
        "name_zh": "沟通", "anchor_1": "1", "anchor_3": "3", "anchor_5": "5"})
    rnd = InterviewRound.objects.create(plan=InterviewPlan.objects.create(position=position), name="初面")
    expired = timezone.localdate() - dt.timedelta(days=1)
    held = n // 10
    media = Path(settings.MEDIA_ROOT)
    batch = 1000
    for start in range(0, n + held, batch):
        size = min(batch, n + held - start)
        people = [start + i for i in range(size)]
        candidates = Candidate.objects.bulk_create([
            Candidate(name=f"基准候选人{tag}-{i}", phone=f"139{repetition}{i:07d}", email=f"bench{tag}-{i}@example.com",
                      resume_text=f"基准候选人{tag}-{i} 的简历：负责华东区销售，带领八人团队。" * 20,
                      city="上海", current_company="某某科技", retention_until=expired)
            for i in people
        ])
        resumes = []
        for c, i in zip(candidates, people, strict=True):
            sha = f"{tag}{i:060d}"[-64:]
            relative = f"resumes/{sha[:2]}/{sha}.bin"
            path = media / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(crypto.encrypt_bytes((f"基准候选人{tag}-{i} 简历 " * 400).encode()))
            resumes.append(Resume(candidate=c, original_name=f"基准候选人{i}.pdf", sha256=sha, size=8000,
                                  stored_path=relative, text=f"基准候选人{tag}-{i} 简历全文", parsed="{}"))
        Resume.objects.bulk_create(resumes)
        applications = Application.objects.bulk_create([
            Application(candidate=c, position=position, stage="new" if i >= n else "rejected")
            for c, i in zip(candidates, people, strict=True)
        ])
        ApplicationStageChange.objects.bulk_create([
            ApplicationStageChange(application=a, from_stage="new", to_stage="rejected", reason="经验不符")
            for a in applications if a.stage == "rejected"
        ])
        ScreeningResult.objects.bulk_create([
            ScreeningResult(application=a, score=70, breakdown={}, explanation_zh="简历提到：带领八人团队",
                            engine_version="bench", inputs_hash=f"{a.pk}")
            for a in applications
        ])
        starts = timezone.now() - dt.timedelta(days=40)
        interviews = Interview.objects.bulk_create([
            Interview(application=a, round=rnd, starts_at=starts, ends_at=starts + dt.timedelta(minutes=45),
                      status="done")
            for a in applications
        ])
        NoteSegment.objects.bulk_create([
            NoteSegment(interview=iv, author=user, client_id=f"b{iv.pk}", text="候选人说：带领八人团队完成目标")
            for iv in interviews
        ])
        cards = Scorecard.objects.bulk_create([
            Scorecard(interview=iv, interviewer=user, status="submitted", summary="表现稳定") for iv in interviews
        ])
        ScorecardScore.objects.bulk_create([
            ScorecardScore(scorecard=card, competency=competency, score=3, evidence="带领八人团队") for card in cards
        ])
        OutboxMessage.objects.bulk_create([
            OutboxMessage(channel="sms", kind="invitation", recipient_candidate=a.candidate, interview=iv,
                          recipient_label=a.candidate.name, address=a.candidate.phone, payload='{"name": "x"}',
                          dedupe_key=f"bench-{tag}-{iv.pk}")
            for a, iv in zip(applications, interviews, strict=True)
        ])


if __name__ == "__main__":
    raise SystemExit(main())
