#!/usr/bin/env python
"""Fault benchmark (issue 24): how the full stack rides out a Redis outage, a WeCom outage and a killed worker.

All on 127.0.0.1, with production retry settings (OUTBOX_* defaults): a scratch PostgreSQL database, our own
redis-server (no persistence: it comes back empty), the fake WeCom server in this process, one
``rqworker --with-scheduler default screening outbox`` kept running by a supervisor (restarted 1 s after it exits,
like compose's ``restart: unless-stopped``), and a sweeper thread doing what compose's ``sweeper`` does every
``--sweep-every`` seconds (``wecom_sweep_outbox`` + ``resume_screening_runs``).

1. **redis**: 2,000 messages draining; Redis killed once 15 % are sent, down ``--redis-outage`` s (60), back empty →
   lost / failed / duplicated counts and seconds until all are sent after Redis returns.
2. **wecom**: 2,000 messages queued while WeCom refuses connections for ``--wecom-outage`` s (120) → seconds until
   all are sent after it answers again, failed count, attempts.
3. **worker**: a screening run of 2,000 applications; ``kill -9`` of the worker process once 10 % are screened →
   seconds until the run is resumed and until it is done; duplicate results.

Usage: .venv/bin/python bench/faults.py [--messages 2000] [--applications 2000] [--redis-outage 60]
       [--wecom-outage 120] [--sweep-every 15] [--only redis,wecom,worker]
       [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ holds modules named like our apps: the project must win
from bench.support import scratch_database  # noqa: E402

MEMBERS = ("zhangsan", "lisi", "wangwu", "iv_wang", "hr_zhang")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--redis-outage", type=float, default=60.0)
    parser.add_argument("--wecom-outage", type=float, default=120.0)
    parser.add_argument("--sweep-every", type=float, default=15.0, help="the sweeper's period (compose: 15 s)")
    parser.add_argument("--only", default="redis,wecom,worker")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still clean up (finally below)

    from tests.fakes.fake_wecom import FakeWeCom
    from tests.faults.harness import RedisServer, Supervisor

    fake = FakeWeCom(members=MEMBERS).start()
    redis_server = RedisServer().start()
    db_name = f"hrportal_bench_faults_{os.getpid()}"
    database_url = scratch_database(args.database_url, db_name)
    os.environ.update({
        "HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings", "DATABASE_URL": database_url,
        "REDIS_URL": redis_server.url, "DEBUG": "0", "LOG_LEVEL": "ERROR", **fake.django_settings(),
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tests.faults.harness import worker_env

    call_command("migrate", verbosity=0)
    workdir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    supervisor = Supervisor(worker_env(database_url=database_url, redis_url=redis_server.url, **fake.django_settings()),
                            ("default", "screening", "outbox"), log=workdir / "worker.log").start()
    sweeper = Sweeper(args.sweep_every).start()
    print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; sweeper every {args.sweep_every:g} s; "
          f"worker log {workdir / 'worker.log'}", flush=True)
    try:
        only = set(args.only.split(","))
        if "redis" in only:
            redis_outage(args, fake, redis_server)
        if "wecom" in only:
            wecom_outage(args, fake)
        if "worker" in only:
            killed_worker(args, supervisor)
        print(f"worker (re)started {supervisor.starts} times; sweeper errors while Redis was down: {sweeper.errors}")
        return 0
    finally:
        sweeper.stop()
        supervisor.stop()
        connections.close_all()
        redis_server.kill()
        fake.stop()
        scratch_database(args.database_url, db_name, drop=True)


class Sweeper:
    """What compose's ``sweeper`` loop does, in a thread: outbox + callback sweep, abandoned runs and batches."""

    def __init__(self, every: float):
        self.every, self.errors = every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Sweeper:
        self._thread.start()
        return self

    def _run(self) -> None:
        from django.db import connections

        from recruiting.intake.jobs import resume_stalled_intakes
        from recruiting.screening_runs.jobs import resume_stalled_runs
        from wecom.callbacks.jobs import sweep_callbacks
        from wecom.outbox.jobs import sweep

        while not self._stop.wait(self.every):
            for step in (sweep, sweep_callbacks, resume_stalled_runs, resume_stalled_intakes):
                try:
                    step()
                except Exception:  # noqa: BLE001 - Redis is down: the loop tries again, like the shell loop
                    self.errors += 1
            connections.close_all()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def _rows(prefix: str, count: int) -> list[int]:
    from wecom.models import OutboxMessage

    rows = OutboxMessage.objects.bulk_create([
        OutboxMessage(channel="wecom_app", kind="notice", address=MEMBERS[i % len(MEMBERS)],
                      recipient_label=MEMBERS[i % len(MEMBERS)], dedupe_key=f"bench:{prefix}:{i}",
                      payload=json.dumps({"msgtype": "text", "text": {"content": f"{prefix}-{i}"}}, ensure_ascii=False))
        for i in range(count)
    ], batch_size=1000)
    return [row.pk for row in rows]


def _statuses(ids) -> Counter:
    from wecom.models import OutboxMessage

    return Counter(OutboxMessage.objects.filter(pk__in=ids).values_list("status", flat=True))


def _wait_all_sent(ids, *, timeout: float = 900) -> tuple[float, int]:
    """Seconds until every row is sent, and the most rows seen failed on the way."""
    started, worst_failed = time.monotonic(), 0
    while True:
        statuses = _statuses(ids)
        worst_failed = max(worst_failed, statuses.get("failed", 0))
        if statuses.get("sent", 0) + statuses.get("failed", 0) >= len(ids) or time.monotonic() - started > timeout:
            return time.monotonic() - started, worst_failed
        time.sleep(0.25)


def _delivered(fake, prefix: str) -> Counter:
    return Counter(c for m in fake.sent_messages if m.get("msgtype") == "text"
                   and (c := m["text"]["content"]).startswith(prefix + "-"))


def redis_outage(args, fake, redis_server) -> None:
    from wecom.outbox import jobs as outbox_jobs

    ids = _rows("redis", args.messages)
    fake.start_outage("slow", delay=0.02)  # ~50 messages/s so that the kill lands mid-drain
    outbox_jobs.wake()
    while _statuses(ids).get("sent", 0) < args.messages * 0.15:
        time.sleep(0.1)
    redis_server.kill()
    fake.end_outage()
    sent_at_kill = _statuses(ids).get("sent", 0)
    worst_failed = 0
    end = time.monotonic() + args.redis_outage
    while time.monotonic() < end:
        worst_failed = max(worst_failed, _statuses(ids).get("failed", 0))
        time.sleep(1)
    during = _statuses(ids)
    redis_server.start()
    seconds, failed_after = _wait_all_sent(ids)
    final = _statuses(ids)
    delivered = _delivered(fake, "redis")
    lost = args.messages - len(delivered)
    print(f"[redis] {args.messages} messages, Redis killed {args.redis_outage:.0f} s after {sent_at_kill} were sent "
          f"(came back empty): rows during the outage {dict(during)}; failed at any time "
          f"{max(worst_failed, failed_after)}; lost {lost}; delivered twice "
          f"{sum(1 for n in delivered.values() if n > 1)}; all sent {seconds:.1f} s after Redis returned; "
          f"final {dict(final)}", flush=True)


def wecom_outage(args, fake) -> None:
    from wecom.models import OutboxMessage
    from wecom.outbox import jobs as outbox_jobs

    ids = _rows("wecom", args.messages)
    fake.start_outage("refused")
    outbox_jobs.wake()
    time.sleep(args.wecom_outage)
    during = _statuses(ids)
    fake.end_outage()
    seconds, worst_failed = _wait_all_sent(ids)
    attempts = Counter(OutboxMessage.objects.filter(pk__in=ids).values_list("attempts", flat=True))
    delivered = _delivered(fake, "wecom")
    print(f"[wecom] {args.messages} messages, WeCom refusing connections for {args.wecom_outage:.0f} s: rows during "
          f"the outage {dict(during)}; failed {worst_failed}; lost {args.messages - len(delivered)}; delivered twice "
          f"{sum(1 for n in delivered.values() if n > 1)}; all sent {seconds:.1f} s after WeCom answered again; "
          f"attempts {dict(sorted(attempts.items()))}", flush=True)


def killed_worker(args, supervisor) -> None:
    from decimal import Decimal

    from django.contrib.auth.models import User

    from recruiting.models import (
        Application,
        Candidate,
        Competency,
        Department,
        Position,
        PositionCompetency,
        ScreeningResult,
        ScreeningRun,
    )
    from recruiting.screening_runs.jobs import start_screening_run
    from tests.recruiting.screening_fixtures import numbered_resume

    hr = User.objects.create_user("bench_hr")
    dept = Department.objects.create(code="BENCH", name="基准部")
    position = Position.objects.create(code="BENCH-01", title_zh="销售经理", department=dept,
                                       status=Position.Status.OPEN, min_years=3)
    for code, name, words in (("COMM", "沟通能力", ["沟通", "协调"]), ("DRIVE", "结果导向", ["业绩", "目标"])):
        competency = Competency.objects.create(code=code, name_zh=name, name_en=code, evidence_keywords=words)
        PositionCompetency.objects.create(position=position, competency=competency, weight=Decimal("50"))
    candidates = Candidate.objects.bulk_create(
        [Candidate(name=f"候选{i}", resume_text=numbered_resume(i)) for i in range(args.applications)], batch_size=1000)
    Application.objects.bulk_create([Application(candidate=c, position=position) for c in candidates], batch_size=1000)

    run = start_screening_run(position=position, by=hr)
    while ScreeningRun.objects.get(pk=run.pk).processed < args.applications * 0.10:
        time.sleep(0.1)
    processed_at_kill = ScreeningRun.objects.get(pk=run.pk).processed
    killed_at = time.monotonic()
    supervisor.kill_parent()
    resumed_after = None
    while True:
        run.refresh_from_db()
        if resumed_after is None and (run.timings or {}).get("resumed"):
            resumed_after = time.monotonic() - killed_at
        if run.status == ScreeningRun.Status.DONE or time.monotonic() - killed_at > 900:
            break
        time.sleep(0.25)
    done_after = time.monotonic() - killed_at
    results = Counter(ScreeningResult.objects.filter(application__position=position)
                      .values_list("application_id", flat=True))
    print(f"[worker] screening run of {args.applications} applications, worker kill -9'd after {processed_at_kill}: "
          f"resumed {resumed_after:.1f} s after the kill, done {done_after:.1f} s after it; status {run.status}, "
          f"processed {run.processed}, failed {run.failed}; applications with two results "
          f"{sum(1 for n in results.values() if n > 1)}, without one {args.applications - len(results)}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
