#!/usr/bin/env python
"""Benchmark: the public careers pages with 500 open positions, and one application with a 2 MB PDF.

Targets (issue 23): the careers list and a position page p95 < 50 ms (cached, invalidated on change); an
application with a 2 MB PDF accepted and acknowledged in < 1 s (parsing continues in the background).
This prints figures and asserts nothing about time; results are recorded by hand in docs/benchmarks.md.

What it does
  1. A scratch PostgreSQL database (``--database-url``'s server, database ``hrportal_bench_careers``), migrated;
     the cache and the queue are the Redis of ``--redis-url`` (default ``$REDIS_URL``; without one, locmem and
     the embedded background thread).
  2. 500 published open positions in 10 departments and 10 cities, with duties and requirements.
  3. Through ``django.test.Client`` (the whole Django stack, no network): the list (page 1, a search, a city
     filter, page 10) and position pages — the first request after a change (cache miss) separately from
     the cached ones; ``-n`` timed requests each. Then a position is edited and the list requested again
     (the change must show: invalidation).
  4. ``-a`` applications, each with a different 2 MB PDF, timed from POST to the confirmation page.
Usage
  .venv/bin/python bench/careers.py [-n 200] [-a 10] [--database-url postgres://…] [--redis-url redis://…]
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

N_POSITIONS = 500
CITIES = ["上海", "北京", "深圳", "广州", "杭州", "成都", "南京", "武汉", "苏州", "西安"]
TITLES = ["销售经理", "客户经理", "Java 工程师", "前端工程师", "产品经理", "数据分析师", "财务专员", "HRBP", "运营专员", "测试工程师"]


def configure(database_url: str, redis_url: str) -> None:
    from bench.support import scratch_database

    url = scratch_database(database_url, "hrportal_bench_careers")
    os.environ.update({"HRPORTAL_SKIP_DOTENV": "1", "DATABASE_URL": url, "DEBUG": "0",
                       "CAREERS_RATE_PER_ADDRESS": "100000", "CAREERS_RATE_PER_POSITION": "100000"})
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrportal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> None:
    from recruiting.models import Department, Position

    departments = [Department.objects.create(code=f"D{i}", name=f"部门{i}", name_en=f"Dept {i}") for i in range(10)]
    Position.objects.bulk_create([
        Position(code=f"P-{i:04d}", title_zh=f"{TITLES[i % 10]}（{i}）", title_en=f"Position {i}",
                 department=departments[i % 10], city=CITIES[(i // 10) % 10], status=Position.Status.OPEN,
                 published=True, duties="负责客户开发与维护，完成季度销售目标。" * 8,
                 requirements="三年以上相关经验；熟练使用 Excel；良好的沟通能力。" * 6)
        for i in range(N_POSITIONS)
    ])


def pdf_of(size: int, n: int) -> bytes:
    from tests.screening.builders import text_pdf

    base = text_pdf(f"候选人{n}\n手机：1350000{n:04d}\n工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n")
    return base + b"\n%" + b"x" * (size - len(base) - 2)  # trailing comment bytes: a 2 MB file, one page


def timed(client, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def report(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"{label:<44} n={len(ms):>4}  p50={statistics.median(ms):7.2f} ms  p95={p95:7.2f} ms  max={ms[-1]:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("-a", type=int, default=10)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    args = parser.parse_args()
    configure(args.database_url, args.redis_url)
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from recruiting.models import Position

    cache.clear()
    build()
    print(f"{platform.node()} · {os.cpu_count()} cores · load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} · "
          f"cache {'redis' if args.redis_url else 'locmem'} · {N_POSITIONS} published positions")
    client = Client(HTTP_HOST="127.0.0.1")
    list_url = reverse("recruiting:careers_list")
    pages = {
        "list page 1": list_url, "list search '销售'": f"{list_url}?q=%E9%94%80%E5%94%AE",
        "list city filter": f"{list_url}?city=%E4%B8%8A%E6%B5%B7", "list page 10": f"{list_url}?page=10",
        "list page 1 (English)": f"{list_url}?lang=en",
        "position page": reverse("recruiting:careers_position", kwargs={"code": "P-0123"}),
    }
    for label, url in pages.items():
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            miss = timed(client, url, 1)[0]
        report(f"{label} — cached", timed(client, url, args.n))
        print(f"{'':<44} first request (cache miss): {miss:.1f} ms, {len(queries)} queries")
    misses = []
    position = Position.objects.get(code="P-0200")
    for i in range(20):
        position.title_zh = f"改名 {i}"
        position.save()  # drops the cache
        misses.extend(timed(client, list_url, 1))
    report("list page 1 — right after a change (miss)", misses)
    assert "改名 19" in client.get(f"{list_url}?q=%E6%94%B9%E5%90%8D").content.decode()

    apply_url = reverse("recruiting:careers_apply", kwargs={"code": "P-0123"})
    client.get(apply_url)
    acks = []
    for n in range(args.a):
        data = pdf_of(2 * 1024 * 1024, n)
        form = {"name": f"候选人{n}", "phone": f"1350000{n:04d}", "consent": "on",
                "resume": SimpleUploadedFile(f"resume-{n}.pdf", data, content_type="application/pdf")}
        start = time.perf_counter()
        response = client.post(apply_url, form)
        acks.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and b"data-rights" in response.content, response.status_code
    report("application with a 2 MB PDF, acknowledged", acks)
    if not args.redis_url:
        from recruiting.intake.background import wait_for_background_intakes

        wait_for_background_intakes(300)
    cache.clear()
    if args.redis_url:  # the queued intake jobs (no worker here) and the page cache of this scratch database
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
