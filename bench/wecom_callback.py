#!/usr/bin/env python
"""Benchmark: the WeCom callback POST under gunicorn with PostgreSQL and Redis (issue 5 targets:
p95 < 50 ms for verify + decrypt + dedupe + enqueue; 200 requests/s for 60 s with zero lost and zero
duplicated effects).

What it does, all on 127.0.0.1:
1. creates a scratch PostgreSQL database (dropped afterwards unless --keep) and migrates it;
2. starts gunicorn (``hrportal.wsgi``) and one RQ worker process (``--worker-class``) against Redis, with a
   bench handler registered in the worker whose *effect* is ``HINCRBY bench:wecom:effects <dedupe key> 1``;
3. pre-builds encrypted, signed callbacks (text messages and template-card clicks from known employees)
   and sends them open-loop at --rate requests/s for --duration s; every --retry-every-th callback is
   delivered three times (WeCom's retries), spread over the next second;
4. waits for the worker to drain, then checks: every accepted callback has exactly one CallbackEvent row,
   processed, and exactly one effect (lost = accepted keys without an effect, duplicated = effect > 1).

Prints latency percentiles (measured from the scheduled send time, so a late start counts), throughput,
the drain time and the correctness counts. Asserts nothing about time.

Usage: .venv/bin/python bench/wecom_callback.py [--duration 60] [--rate 200] [--gunicorn-workers 2] [--worker-class rq.Worker]
       [--database-url postgresql://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379/13]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ holds modules named like our apps: the project must win
from bench.support import free_port, scratch_database, stop  # noqa: E402 - needs ROOT on sys.path

EFFECTS_KEY = "bench:wecom:effects"
SENDERS = [f"bench_user_{i}" for i in range(20)]
CORP_ID = "ww_bench_corp"
AGENT_ID = "1000002"
TOKEN = "BenchToken2026"  # noqa: S105 - a throwaway callback token for this scratch run


# --- the worker side (run as a subprocess with --worker) -----------------------------------------------


def run_worker() -> int:
    import django

    django.setup()
    import django_rq
    import redis

    from wecom.callbacks import registry as callbacks
    from wecom.protocol.events import TEMPLATE_CARD_EVENT

    effects = redis.Redis.from_url(os.environ["REDIS_URL"])

    def counting(key):
        # The product's own handler (if any) still runs after the effect is counted: the bench's callbacks come
        # from known employees but carry task ids no card was sent with, so the card handler finds nothing to do.
        original = callbacks._HANDLERS.get(key)

        def count_effect(message):
            effects.hincrby(EFFECTS_KEY, message.dedupe_key, 1)
            if original is not None:
                original(message)

        callbacks.unregister(*key)
        callbacks.register(*key)(count_effect)

    counting(("text", ""))
    counting(("event", TEMPLATE_CARD_EVENT))
    worker = django_rq.get_worker("default", worker_class=os.environ.get("BENCH_WORKER_CLASS", "rq.Worker"))
    worker.work(with_scheduler=False, logging_level="WARNING")
    return 0


# --- the driver ----------------------------------------------------------------------------------------


def build_callbacks(n: int, encoding_aes_key: str) -> list[tuple[str, dict[str, str], str]]:
    """n distinct callbacks as (dedupe key, query params, body); one in five is a card click."""
    from wecom.callbacks.registry import CallbackMessage
    from wecom.protocol.crypto import CallbackCrypto, cdata_xml, xml_fields

    crypto = CallbackCrypto(TOKEN, encoding_aes_key, CORP_ID)
    now = int(time.time())
    run = uuid.uuid4().hex[:8]
    out = []
    for i in range(n):
        sender = SENDERS[i % len(SENDERS)]
        if i % 5 == 4:
            fields = {
                "ToUserName": CORP_ID, "FromUserName": sender, "CreateTime": now, "MsgType": "event",
                "Event": "template_card_event", "EventKey": f"attend:yes:{i}", "TaskId": f"bench-{run}-{i}",
                "CardType": "button_interaction", "ResponseCode": uuid.uuid4().hex, "AgentID": int(AGENT_ID),
            }
        else:
            fields = {
                "ToUserName": CORP_ID, "FromUserName": sender, "CreateTime": now, "MsgType": "text",
                "Content": f"确认参加面试 #{i}", "MsgId": f"{run}{i:09d}", "AgentID": int(AGENT_ID),
            }
        xml = cdata_xml("xml", fields)
        key = CallbackMessage.from_fields(xml_fields(xml)).dedupe_key
        params, body = crypto.encrypt_callback(xml, agent_id=AGENT_ID, timestamp=now)
        out.append((key, params, body))
    return out


def schedule(callbacks, rate: float, duration: float, retry_every: int):
    """(send offset in s, index) for the whole run at ``rate`` requests/s, retries included."""
    total = int(rate * duration)
    plan: list[tuple[float, int]] = []
    it = iter(range(len(callbacks)))
    retries: list[tuple[float, int]] = []
    slot = 0
    while slot < total:
        t = slot / rate
        if retries and retries[0][0] <= t:
            plan.append((t, retries.pop(0)[1]))
        else:
            i = next(it)
            plan.append((t, i))
            if retry_every and i % retry_every == 0:
                retries.extend([(t + 0.3, i), (t + 0.9, i)])
                retries.sort()
        slot += 1
    return plan


async def fire(url: str, callbacks, plan, concurrency: int):
    """Send the plan open-loop with a lean HTTP/1.1 client (one connection per request, the whole request
    written at once): an httpx client on the same two cores cost more CPU per request than the endpoint, and
    its pool timeouts left connections open without a request, each pinning a sync gunicorn worker for 30 s."""
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port
    from urllib.parse import urlencode

    def raw(index: int) -> bytes:
        _, params, body = callbacks[index]
        data = body.encode()
        head = (f"POST {parts.path}?{urlencode(params)} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: text/xml\r\nContent-Length: {len(data)}\r\nConnection: close\r\n\r\n")
        return head.encode() + data

    requests = {index: raw(index) for _, index in plan}
    results: list[tuple[int, int, float]] = []  # (index, status, latency from the scheduled time)
    errors: dict[str, int] = {}
    gate = asyncio.Semaphore(concurrency)
    start = time.perf_counter() + 0.5

    async def one(offset: float, index: int):
        delay = start + offset - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        status = 0
        async with gate:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
                writer.write(requests[index])
                await writer.drain()
                response = await asyncio.wait_for(reader.read(), 30)  # the server closes after answering
                writer.close()
                status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
                if not status:
                    errors["bad response"] = errors.get("bad response", 0) + 1
            except (TimeoutError, OSError) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
        results.append((index, status, time.perf_counter() - (start + offset)))

    await asyncio.gather(*(one(offset, index) for offset, index in plan))
    elapsed = time.perf_counter() - start
    if errors:
        print(f"client errors: {errors}", flush=True)
    return results, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def wait_http(url: str, timeout: float = 30.0) -> None:
    import httpx

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--retry-every", type=int, default=10, help="every Nth callback is delivered 3 times")
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=64, help="client connections")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="server to create the scratch database on")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--worker-after", action="store_true",
                        help="start the RQ worker only after the load (measures the web path alone on a small machine)")
    parser.add_argument("--worker-class", default="rq.Worker",
                        help="rq.Worker (forks per job: what docker-compose runs) or rq.SimpleWorker")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return run_worker()

    from wecom.protocol.crypto import generate_encoding_aes_key

    db_name = f"hrportal_bench_wecom_{os.getpid()}"
    database_url = scratch_database(args.database_url, db_name)
    encoding_aes_key = generate_encoding_aes_key()
    env = {
        **os.environ,
        "HRPORTAL_SKIP_DOTENV": "1",
        "DJANGO_SETTINGS_MODULE": "hrportal.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WECOM_CORP_ID": CORP_ID,
        "WECOM_AGENT_ID": AGENT_ID,
        "WECOM_SECRET": "bench-secret",
        "WECOM_TOKEN": TOKEN,
        "WECOM_ENCODING_AES_KEY": encoding_aes_key,
        "WECOM_CALLBACK_MAX_AGE": "300",
        "BENCH_WORKER_CLASS": args.worker_class,
    }
    os.environ.update(env)
    import django

    django.setup()
    import django_rq
    import redis
    from django.core.management import call_command
    from django.db import connections

    from recruiting.models import Department, Employee
    from wecom.models import CallbackEvent

    procs: list[subprocess.Popen] = []
    effects = redis.Redis.from_url(args.redis_url)
    try:
        call_command("migrate", verbosity=0)
        dept = Department.objects.create(code="BENCH", name="压测部")
        for i, userid in enumerate(SENDERS):
            Employee.objects.create(employee_no=f"B{i:04d}", name=userid, department=dept, hire_date="2024-01-01",
                                    wecom_userid=userid)
        connections.close_all()
        effects.delete(EFFECTS_KEY)
        django_rq.get_queue("default").empty()

        port = free_port()
        url = f"http://127.0.0.1:{port}/wecom/callback/"
        procs.append(subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "hrportal.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", str(args.gunicorn_workers), "--log-level", "warning"],
            cwd=ROOT, env=env,
        ))
        worker_cmd = [sys.executable, str(Path(__file__).resolve()), "--worker"]
        if not args.worker_after:
            procs.append(subprocess.Popen(worker_cmd, cwd=ROOT, env=env))
        wait_http(f"http://127.0.0.1:{port}/healthz")

        unique = int(args.rate * args.duration)  # upper bound; the plan uses fewer because of retries
        callbacks = build_callbacks(unique, encoding_aes_key)
        plan = schedule(callbacks, args.rate, args.duration, args.retry_every)
        sent_indices = {i for _, i in plan}
        print(f"sending {len(plan)} requests ({len(sent_indices)} distinct callbacks) at {args.rate:g}/s "
              f"for {args.duration:g} s to {url}", flush=True)
        results, elapsed = asyncio.run(fire(url, callbacks, plan, args.concurrency))

        drain_start = time.perf_counter()
        if args.worker_after:
            procs.append(subprocess.Popen(worker_cmd, cwd=ROOT, env=env))
        accepted_keys = {callbacks[i][0] for i, status, _ in results if status == 200}
        deadline = time.time() + 300
        while time.time() < deadline:
            if CallbackEvent.objects.filter(status=CallbackEvent.Status.RECEIVED).count() == 0 \
                    and effects.hlen(EFFECTS_KEY) >= len(accepted_keys):
                break
            time.sleep(0.5)
        drain = time.perf_counter() - drain_start

        latencies = [lat * 1000 for _, status, lat in results if status == 200]
        statuses: dict[int, int] = {}
        for _, status, _ in results:
            statuses[status] = statuses.get(status, 0) + 1
        counts = {k.decode(): int(v) for k, v in effects.hgetall(EFFECTS_KEY).items()}
        rows = dict(CallbackEvent.objects.values_list("dedupe_key", "status"))
        lost = [k for k in accepted_keys if counts.get(k, 0) == 0]
        duplicated = [k for k, c in counts.items() if c > 1]
        not_processed = [k for k in accepted_keys if rows.get(k) != CallbackEvent.Status.PROCESSED]

        print(f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} CPUs, Python "
              f"{platform.python_version()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        when = "started after the load" if args.worker_after else "running during the load"
        print(f"gunicorn workers: {args.gunicorn_workers} (sync), 1 RQ worker ({args.worker_class}) {when}, "
              "PostgreSQL + Redis on loopback, load generator on the same machine")
        print(f"requests: {len(results)} in {elapsed:.1f} s = {len(results) / elapsed:.1f} req/s; statuses {statuses}")
        print(f"latency ms (from scheduled send): p50 {percentile(latencies, 50):.1f}  p95 "
              f"{percentile(latencies, 95):.1f}  p99 {percentile(latencies, 99):.1f}  max {max(latencies):.1f}")
        print(f"distinct callbacks accepted: {len(accepted_keys)}; CallbackEvent rows: {len(rows)}; "
              f"effects: {len(counts)} keys, {sum(counts.values())} total")
        print(f"lost: {len(lost)}  duplicated: {len(duplicated)}  not processed: {len(not_processed)}  "
              f"queue drained {drain:.1f} s after the last request")
        return 0
    finally:
        for proc in reversed(procs):
            stop(proc)
        effects.delete(EFFECTS_KEY)
        connections.close_all()
        if not args.keep:
            scratch_database(args.database_url, db_name, drop=True)


if __name__ == "__main__":
    raise SystemExit(main())
