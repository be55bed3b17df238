#!/usr/bin/env python
"""Benchmark: candidate list and application board with 10,000 applications on PostgreSQL.

Target (issue 2): p95 < 200 ms server time per request. This prints figures and asserts nothing about time;
results are recorded by hand in docs/benchmarks.md.

What it does
  1. Points Django at a bench database (``--database-url``, default ``$BENCH_DATABASE_URL`` or
     ``postgres://postgres@127.0.0.1:5432/hrportal_bench``), creating the database when missing, and migrates.
  2. Creates the data set once (reused on later runs; ``--rebuild`` drops it): ~20 positions in 5 departments,
     ~8,000 candidates (encrypted phone/e-mail/resume text, blind indexes set) and 10,000 applications spread over
     every pipeline stage and the last year, all with ``bulk_create``.
  3. Times GET requests through ``django.test.Client`` (the whole Django stack: middleware, policy, views,
     templates; no network) as HR (every department) and as a hiring manager (one department):
     candidate list page 1, a middle page, a name search, a stage filter, a position filter; board for all
     positions and for one position. ``-n`` timed requests each after 3 warm-up requests; one further request
     counts the SQL queries. Prints p50 / p95 / max in ms and the query count.
  4. ``--explain`` prints EXPLAIN ANALYZE of the slowest SQL query of each view that misses the target.

Usage
  .venv/bin/python bench/lists.py [-n 50] [--rebuild] [--explain] [--database-url postgres://…]
  (``make bench`` runs it with the defaults.)
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support import configure_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hrportal_bench"
TARGET_MS = 200.0
N_APPLICATIONS = 10_000
N_CANDIDATES = 8_000
N_POSITIONS = 20
BENCH_PREFIX = "BENCH-"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然欣怡子涵梓轩思远晨阳"
CITIES = ["上海", "北京", "深圳", "广州", "杭州", "成都", "南京", "武汉", "苏州", "西安"]
TITLES = ["销售经理", "客户经理", "Java 工程师", "前端工程师", "产品经理", "数据分析师", "财务专员", "HRBP", "运营专员", "测试工程师"]


def ensure_database(database_url: str) -> None:
    """CREATE DATABASE when it does not exist yet (connects to the server's ``postgres`` database)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(database_url)
    if "postgresql" not in cfg["ENGINE"]:
        sys.exit(f"bench/lists.py measures PostgreSQL; got {cfg['ENGINE']} from {database_url}")
    params = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
              "password": cfg["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
            print(f"created database {cfg['NAME']}")


# --- data ------------------------------------------------------------------------------------------


def build_dataset(rebuild: bool) -> dict:
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.utils import timezone

    from hrportal import crypto
    from hrportal.roles import Role
    from recruiting.models import (
        Application,
        Candidate,
        Competency,
        Department,
        Employee,
        Position,
        PositionCompetency,
    )
    from recruiting.pipeline import Stage

    positions = Position.objects.filter(code__startswith=BENCH_PREFIX)
    if rebuild:
        with transaction.atomic():
            Application.objects.filter(position__in=positions).delete()
            Candidate.objects.filter(applications__isnull=True).delete()
            Employee.objects.filter(employee_no__startswith=BENCH_PREFIX).delete()
            positions.delete()
            Department.objects.filter(code__startswith=BENCH_PREFIX).delete()
            User.objects.filter(username__startswith="bench_").delete()
    existing = Application.objects.filter(position__code__startswith=BENCH_PREFIX).count()
    if existing >= N_APPLICATIONS:
        print(f"reusing the bench data set ({existing} applications; --rebuild to recreate)")
        return _bench_users_and_positions()
    if existing:
        sys.exit(f"a partial bench data set exists ({existing} applications): run with --rebuild")

    rng = random.Random(20240601)
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        hr = User.objects.create_user("bench_hr", password="bench-pass-123456")
        hr.groups.add(Group.objects.get(name=Role.HR.value))
        manager = User.objects.create_user("bench_manager", password="bench-pass-123456")
        manager.groups.add(Group.objects.get(name=Role.MANAGER.value))

        departments = [
            Department.objects.create(code=f"{BENCH_PREFIX}D{i}", name=name)
            for i, name in enumerate(["销售部", "研发部", "产品部", "运营部", "财务部"], start=1)
        ]
        Employee.objects.create(
            employee_no=f"{BENCH_PREFIX}M1", name="基准经理", user=manager, department=departments[0],
            hire_date="2020-01-01",
        )
        comps = []
        for code, name in (("COMM", "沟通能力"), ("DRIVE", "结果导向")):
            comp, _ = Competency.objects.get_or_create(
                code=f"{BENCH_PREFIX}{code}",
                defaults={"name_zh": f"{name}（基准）", "anchor_1": "-", "anchor_3": "-", "anchor_5": "-"},
            )
            comps.append(comp)
        positions = Position.objects.bulk_create(
            Position(
                code=f"{BENCH_PREFIX}{i:03d}", title_zh=f"{TITLES[i % len(TITLES)]}{i:02d}",
                department=departments[i % len(departments)], status=Position.Status.OPEN,
                salary_min=Decimal("10000"), salary_max=Decimal("30000"),
            )
            for i in range(N_POSITIONS)
        )
        PositionCompetency.objects.bulk_create(
            PositionCompetency(position=p, competency=c, weight=Decimal(w))
            for p in positions for c, w in zip(comps, ("60", "40"), strict=True)
        )

        candidates = []
        for i in range(N_CANDIDATES):
            phone = f"1{rng.choice('3456789')}{i:09d}"
            email = f"cand{i}@example.com"
            candidates.append(Candidate(
                name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                phone=phone, phone_hash=crypto.blind_index(phone, kind="phone"),
                email=email, email_hash=crypto.blind_index(email, kind="email"),
                city=rng.choice(CITIES), current_title=rng.choice(TITLES),
                years_experience=Decimal(rng.randint(0, 150)) / 10,
                expected_salary=Decimal(rng.randrange(8000, 40000, 500)),
                resume_text=f"简历 {i}：" + "负责客户沟通与团队协调，达成业绩目标。" * 5,
                source=rng.choice(Candidate.Source.values),
            ))
        candidates = Candidate.objects.bulk_create(candidates, batch_size=1000)

        stages = list(Stage.values)
        stage_weights = [30, 15, 10, 10, 4, 3, 20, 5, 3]
        pairs = [(c, rng.choice(positions)) for c in candidates]
        used = {(c.pk, p.pk) for c, p in pairs}
        while len(pairs) < N_APPLICATIONS:
            pair = (rng.choice(candidates), rng.choice(positions))
            if (pair[0].pk, pair[1].pk) not in used:
                used.add((pair[0].pk, pair[1].pk))
                pairs.append(pair)
        applications = []
        for candidate, position in pairs:
            applied = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            applications.append(Application(
                candidate=candidate, position=position, owner=hr,
                stage=rng.choices(stages, weights=stage_weights)[0],
                applied_at=applied, stage_changed_at=applied,
                screening_score=Decimal(rng.randint(2000, 9900)) / 100,
            ))
        Application.objects.bulk_create(applications, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"created {N_CANDIDATES} candidates, {len(applications)} applications in {time.perf_counter() - started:.1f} s")
    return _bench_users_and_positions()


def _bench_users_and_positions() -> dict:
    from django.contrib.auth.models import User

    from recruiting.models import Position

    positions = list(Position.objects.filter(code__startswith=BENCH_PREFIX).select_related("department").order_by("code"))
    manager = User.objects.get(username="bench_manager")
    managed = next(p for p in positions if p.department.code == f"{BENCH_PREFIX}D1")
    return {"hr": User.objects.get(username="bench_hr"), "manager": manager, "positions": positions,
            "manager_position": managed}


# --- timing ----------------------------------------------------------------------------------------


def scenarios(data: dict) -> list[tuple[str, str, str]]:
    from django.urls import reverse

    from recruiting.pipeline import Stage

    candidates = reverse("recruiting:candidate_list")
    board = reverse("recruiting:application_board")
    from recruiting import access, selectors

    per_page = selectors.CANDIDATES_PER_PAGE
    middle = {role: max(1, access.candidates_for(data[role]).count() // per_page // 2) for role in ("hr", "manager")}
    common_surname = "王"

    def url(base, **params):
        return f"{base}?{urlencode(params)}" if params else base

    rows = []
    for role in ("hr", "manager"):
        position = data["positions"][1] if role == "hr" else data["manager_position"]
        rows += [
            (role, "candidates page 1", url(candidates)),
            (role, "candidates middle page", url(candidates, page=middle[role])),
            (role, "candidates search (name)", url(candidates, q=common_surname)),
            (role, "candidates filter (stage)", url(candidates, stage=Stage.INTERVIEWING.value)),
            (role, "candidates filter (position)", url(candidates, position=position.pk)),
            (role, "board all positions", url(board)),
            (role, "board one position", url(board, position=position.pk)),
        ]
    return rows


def measure(data: dict, n: int, explain: bool) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role in ("hr", "manager"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(data[role])
        clients[role] = client

    results = []
    for role, label, url in scenarios(data):
        client = clients[role]
        for _ in range(3):
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{role} GET {url} answered {response.status_code}")
        timings = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timings.sort()
        row = {
            "role": role, "label": label, "url": url,
            "p50": statistics.median(timings), "p95": timings[max(0, int(round(0.95 * n)) - 1)], "max": timings[-1],
            "queries": len(ctx.captured_queries),
        }
        results.append(row)
        print(f"{role:8} {label:30} p50 {row['p50']:7.1f}  p95 {row['p95']:7.1f}  max {row['max']:7.1f} ms"
              f"  {row['queries']:3d} queries  {'OK' if row['p95'] < TARGET_MS else 'MISSED'}", flush=True)
        if explain and row["p95"] >= TARGET_MS:
            slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
            print(f"  slowest query ({slowest['time']} s): {slowest['sql'][:300]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + slowest["sql"])
                for (line,) in cursor.fetchall():
                    print("   ", line)
    return results


def machine_summary() -> str:
    from django.db import connection

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        mem = "unknown RAM"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip() or "?"
    return (f"{time.strftime('%Y-%m-%d')}, commit {commit}, {os.cpu_count()} CPUs ({cpu}), {mem}, "
            f"PostgreSQL {pg}, Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=50, help="timed requests per scenario (default 50)")
    parser.add_argument("--rebuild", action="store_true", help="drop and recreate the bench data set")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of a missed view")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()

    ensure_database(args.database_url)
    configure_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    data = build_dataset(args.rebuild)
    print(machine_summary())
    print(f"target: p95 < {TARGET_MS:.0f} ms server time; N={args.n} per scenario")
    results = measure(data, args.n, args.explain)
    missed = [r for r in results if r["p95"] >= TARGET_MS]
    print(f"{len(results) - len(missed)}/{len(results)} scenarios within the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
