#!/usr/bin/env python
"""Benchmark: drain 10,000 queued outbox messages to the fake WeCom server with two RQ workers
(issue 5 target: < 60 s), on PostgreSQL + Redis.

What it does, all on 127.0.0.1:
1. creates a scratch PostgreSQL database (dropped afterwards unless --keep) and migrates it;
2. starts the fake WeCom server (tests/fakes/fake_wecom.py: real HTTP, token checks, message/send rules)
   in this process;
3. writes N outbox rows (wecom_app text messages to fake members; payload and address encrypted like any
   row) and wakes the drain for each row, as each row's commit does through ``queue_message`` — one
   ``drain_outbox`` job for the burst (``--per-row-jobs``: one ``send_outbox_message`` job per row, the earlier
   design); the rows are written in bulk so that the setup is not what is measured;
4. starts W long-running worker processes (``manage.py rqworker outbox``, stopped at the end; ``--worker-class`` to choose RQ's
   forking Worker, the default that docker-compose runs, or SimpleWorker) and times until every row is sent;
5. checks: every row ``sent`` with one attempt, the fake received exactly N messages, none twice.

Prints messages/s and total time. Asserts nothing about time.

Usage: .venv/bin/python bench/outbox_drain.py [--messages 10000] [--workers 2] [--worker-class rq.Worker]
       [--worker-verbosity 0]
       [--database-url postgresql://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379/12]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ holds modules named like our apps: the project must win
from bench.support import scratch_database, stop  # noqa: E402 - needs ROOT on sys.path

MEMBERS = ("zhangsan", "lisi", "wangwu", "iv_wang", "hr_zhang")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="rq.Worker", help="rq.Worker (forks per job) or rq.SimpleWorker")
    parser.add_argument("--worker-verbosity", type=int, default=0,
                        help="rqworker -v: 0 logs warnings only, 1 (RQ's default) three INFO lines per job")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="server to create the scratch database on")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--timeout", type=float, default=900.0, help="give up waiting after this many seconds")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--per-row-jobs", action="store_true", help="one send job per row (the earlier design) instead of the drain")
    args = parser.parse_args()

    from tests.fakes.fake_wecom import FakeWeCom

    fake = FakeWeCom(members=MEMBERS).start()
    db_name = f"hrportal_bench_outbox_{os.getpid()}"
    database_url = scratch_database(args.database_url, db_name)
    env = {
        **os.environ,
        "HRPORTAL_SKIP_DOTENV": "1",
        "DJANGO_SETTINGS_MODULE": "hrportal.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        **fake.django_settings(),
    }
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.core.management import call_command
    from django.db import connections
    from rq import Queue

    from wecom.models import OutboxMessage
    from wecom.outbox.jobs import send_outbox_message

    procs: list[subprocess.Popen] = []
    redis.Redis.from_url(args.redis_url).flushdb()
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        rows = OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    channel="wecom_app", kind="notice", address=MEMBERS[i % len(MEMBERS)],
                    recipient_label=MEMBERS[i % len(MEMBERS)], dedupe_key=f"bench:{i}",
                    payload=json.dumps({"msgtype": "text", "text": {"content": f"面试提醒 #{i}"}}, ensure_ascii=False),
                )
                for i in range(args.messages)
            ],
            batch_size=1000,
        )
        queue = Queue("outbox", connection=redis.Redis.from_url(args.redis_url))
        if args.per_row_jobs:  # the earlier design: one send job per row
            for start in range(0, len(rows), 1000):
                queue.enqueue_many([
                    Queue.prepare_data(send_outbox_message, args=(row.pk,), job_id=f"outbox-{row.pk}")
                    for row in rows[start:start + 1000]
                ])
        else:  # what the rows' commits do through queue_message: wake the drain (one job for the burst)
            from wecom.outbox import jobs as outbox_jobs

            for row in rows:
                outbox_jobs.wake(row.pk)
        setup = time.perf_counter() - started
        connections.close_all()
        print(f"queued {len(rows)} messages ({queue.count} jobs) in {setup:.1f} s", flush=True)

        t0 = time.perf_counter()
        for _ in range(args.workers):
            procs.append(subprocess.Popen(
                # long-running workers, as deployed (a burst worker may leave before the drain spreads to it)
                [sys.executable, "manage.py", "rqworker", "--worker-class", args.worker_class,
                 "--verbosity", str(args.worker_verbosity), "outbox"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            ))
        progress_at = t0
        while True:
            sent = OutboxMessage.objects.filter(status="sent").count()
            now = time.perf_counter()
            if sent >= args.messages or all(p.poll() is not None for p in procs) or now - t0 > args.timeout:
                break
            if now - progress_at >= 10:
                print(f"  {now - t0:5.1f} s: {sent} sent", flush=True)
                progress_at = now
            time.sleep(0.25)
        elapsed = time.perf_counter() - t0
        sent = OutboxMessage.objects.filter(status="sent").count()

        statuses = Counter(OutboxMessage.objects.values_list("status", flat=True))
        attempts = Counter(OutboxMessage.objects.values_list("attempts", flat=True))
        delivered = Counter(m["text"]["content"] for m in fake.sent_messages)
        twice = sum(1 for n in delivered.values() if n > 1)
        print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, load "
              f"{os.getloadavg()[0]:.2f}, Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        print(f"workers: {args.workers} x manage.py rqworker -v {args.worker_verbosity} ({args.worker_class}), "
              "PostgreSQL + Redis + fake WeCom on loopback (the fake answers in this process)")
        print(f"drained {sent}/{args.messages} in {elapsed:.1f} s = {sent / elapsed:.0f} messages/s")
        print(f"rows by status {dict(statuses)}; attempts {dict(attempts)}; fake received {len(fake.sent_messages)} "
              f"messages, {len(delivered)} distinct, {twice} delivered twice; gettoken calls "
              f"{len(fake.calls('gettoken'))}")
        return 0 if sent == args.messages and twice == 0 else 1
    finally:
        for proc in procs:
            stop(proc)
        connections.close_all()
        fake.stop()
        if not args.keep:
            scratch_database(args.database_url, db_name, drop=True)


if __name__ == "__main__":
    raise SystemExit(main())
