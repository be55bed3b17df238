#!/usr/bin/env python
"""Benchmark: contract PDFs (issue 16 targets: one contract in under 1.5 s; 200 offers' contracts rendered by
one RQ worker in under 2 minutes).

Creates a scratch PostgreSQL database, migrates it, adds a position with the seed's structure (8,000 +
2,000), a contract template and N offers (rows written directly: the bench measures rendering, not
drafting); then (1) renders one contract in this process ``--repeat`` times (context → HTML → weasyprint PDF
→ sha256 → encrypted row, i.e. ``issue_contract``) and prints the median and the first (cold) render;
(2) queues one render job per offer and runs one real ``rqworker --burst default``, printing the worker's
wall time (Python and Django start-up included) and the span from the first job's start to the last job's
end. Prints figures; asserts nothing about time.

Usage: .venv/bin/python bench/contracts.py [-n 200] [--repeat 7]
          [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379/13]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support import scratch_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    db_url = scratch_database(args.database_url, "hrportal_bench_contracts")
    env = {
        "HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings", "DATABASE_URL": db_url,
        "REDIS_URL": args.redis_url, "SECRET_KEY": "bench-secret-key-not-for-production-0123456789",
        "FIELD_ENCRYPTION_KEYS": "k1:" + "QmVuY2hLZXlGb3JQYXlyb2xsQmVuY2htYXJrMDEyMzQ", "FIELD_HASH_KEY": "YmVuY2gtaGFzaC1rZXk",
    }
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    from payroll.contracts.jobs import CHUNK, queue_renders
    from payroll.contracts.services import issue_contract
    from payroll.models import City, Contract, Offer, SalaryComponent, SalaryStructure
    from recruiting.models import Application, Candidate, Department, Position
    from tests.payroll.conftest import make_contract_template

    redis.Redis.from_url(args.redis_url).flushdb()
    call_command("migrate", verbosity=0)
    make_contract_template()
    sales = Department.objects.create(code="B-SALES", name="销售部", name_en="Sales")
    position = Position.objects.create(code="B-SM", title_zh="销售经理", title_en="Sales Manager", department=sales, status="open")
    structure = SalaryStructure.objects.create(name="销售经理", position=position, valid_from=dt.date(2025, 1, 1))
    SalaryComponent.objects.create(structure=structure, kind="base", code="base", name="基本工资", minimum=Decimal("7000"),
                                   midpoint=Decimal("8000"), maximum=Decimal("9000"))
    SalaryComponent.objects.create(structure=structure, kind="performance", code="bonus", name="绩效奖金", minimum=Decimal("1500"),
                                   midpoint=Decimal("2000"), maximum=Decimal("3000"), target_percent=Decimal("25"))
    city = City.objects.get(code="beijing")
    offers = []
    for i in range(args.n):
        candidate = Candidate.objects.create(name=f"候选{i:04d}", phone=f"139{i:08d}", id_number=f"11010119900101{i:04d}")
        application = Application.objects.create(candidate=candidate, position=position, stage="offer")
        offer = Offer(application=application, structure=structure, start_date=dt.date(2027, 1, 4), city=city, term_months=36,
                      probation_months=2, probation_pay=Decimal("8000"))
        offer.components = [{"code": "base", "name": "基本工资", "kind": "base", "amount": "8000"},
                            {"code": "bonus", "name": "绩效奖金", "kind": "performance", "amount": "2000"}]
        offer.save()
        offers.append(offer)

    # (1) one contract, in process
    single = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        issue_contract(offer=offers[0])
        single.append(time.perf_counter() - started)
    Contract.objects.all().delete()

    # (2) N contracts, one RQ worker
    queued = queue_renders([offer.pk for offer in offers])
    wall_started = time.perf_counter()
    worker = subprocess.run([sys.executable, "manage.py", "rqworker", "--burst", "default"], cwd=ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - wall_started
    if worker.returncode != 0:
        print(worker.stderr[-3000:])
        return 1
    stamps = sorted(Contract.objects.values_list("created_at", flat=True))
    rendered = len(stamps)
    # from the first contract stored to the last (the first job's own render is not in the span: add one median)
    span = (stamps[-1] - stamps[0]).total_seconds() + statistics.median(single) if stamps else 0.0
    per_job = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:], strict=False)] or [0.0]

    cpu = subprocess.run(["sh", "-c", "lscpu | grep 'Model name' | cut -d: -f2"], capture_output=True, text=True)
    load = os.getloadavg()
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs ({cpu.stdout.strip()}), load {load[0]:.2f}, "
          f"Python {platform.python_version()}, PostgreSQL, weasyprint")
    print(f"one contract (issue_contract, in process): median {statistics.median(single):.2f} s over {args.repeat}, "
          f"first (cold) {single[0]:.2f} s (target < 1.5 s)")
    print(f"{rendered}/{args.n} contracts ({queued} jobs of {CHUNK}) by one RQ worker: jobs span {span:.1f} s, worker wall {wall:.1f} s "
          f"(target < 120 s); median gap between two stored contracts {statistics.median(per_job):.2f} s")
    scratch_database(args.database_url, "hrportal_bench_contracts", drop=True)
    return 0 if rendered == args.n else 1


if __name__ == "__main__":
    sys.exit(main())
