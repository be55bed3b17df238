#!/usr/bin/env python
"""Benchmark: the REST API over 10,000 applications on PostgreSQL (issue 21).

Target: ``GET /api/v1/candidates/`` (a page of 50) and ``GET /api/v1/applications/?updated_since=…`` p95 under
100 ms server time, and a query count that does not grow with the page size. Prints figures, asserts nothing
about time; results are recorded by hand in docs/benchmarks.md.

What it does
  1. Uses ``--database-url`` (default ``$DATABASE_URL``, then ``$BENCH_DATABASE_URL``, then the lists bench's
     database), migrates, and reuses the data set of bench/lists.py (~8,000 candidates, 10,000 applications,
     built once with ``bulk_create``); 2,000 applications get a recent ``updated_at`` so ``?updated_since=``
     selects a fifth of them.
  2. Creates a bearer token with every scope for the bench HR user and the bench hiring manager.
  3. Times GET requests through ``django.test.Client`` (the whole stack: middleware, token auth, scope check,
     throttle, access helpers, masking, one audit row per page, JSON rendering; no network): ``-n`` timed
     requests after 3 warm-up ones, then counts the SQL queries of one request for page sizes 10 and 50.

Usage
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/api.py [-n 50] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import lists  # noqa: E402 - the shared 10,000-application data set and machine summary

TARGET_MS = 100.0
RECENT = 2_000


def mark_recent(n: int) -> str:
    """Give ``n`` bench applications a recent updated_at; returns the ``updated_since`` that selects them."""
    from django.utils import timezone

    from recruiting.models import Application

    now = timezone.now()
    since = now - timedelta(hours=1)
    ids = list(Application.objects.filter(position__code__startswith=lists.BENCH_PREFIX).values_list("id", flat=True))
    random.Random(21).shuffle(ids)
    Application.objects.filter(updated_at__gte=since).exclude(id__in=ids[:n]).update(updated_at=now - timedelta(days=3))
    Application.objects.filter(id__in=ids[:n]).update(updated_at=now)
    return since.isoformat()


def tokens_for(data: dict) -> dict[str, str]:
    from api.tokens import create_token
    from hrportal import policy

    return {role: create_token(user=data[role], scopes=list(policy.API_SCOPE_POLICY), name="bench",
                               expires_days=1)[1] for role in ("hr", "manager")}


def time_url(client, url: str, secret: str, n: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for _ in range(3):
        response = client.get(url, **headers)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}: {response.content[:200]!r}")
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url, **headers)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    counts = {}
    for size in (10, 50):
        sized = url.replace("page_size=50", f"page_size={size}")
        with CaptureQueriesContext(connection) as ctx:
            rows = len(client.get(sized, **headers).json()["results"])
        counts[size] = (len(ctx.captured_queries), rows)
    return {"p50": statistics.median(timings), "p95": timings[max(0, int(round(0.95 * n)) - 1)],
            "max": timings[-1], "queries": counts}


def deep_cursor_url(client, url: str, secret: str, pages: int) -> str:
    """The URL of page ``pages`` (followed through ``next``): a client deep into a sync."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for _ in range(pages):
        nxt = client.get(url, **headers).json()["next"]
        if not nxt:
            break
        url = "/api/v1/" + nxt.split("/api/v1/", 1)[1]
    assert parse_qs(urlparse(url).query).get("cursor"), url
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=50, help="timed requests per scenario (default 50)")
    parser.add_argument("--rebuild", action="store_true", help="drop and recreate the bench data set")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or os.environ.get("BENCH_DATABASE_URL", lists.DEFAULT_URL))
    args = parser.parse_args()

    os.environ["API_RATE_LIMIT"] = "1000000/min"  # the bench measures the API, not the rate limit
    lists.ensure_database(args.database_url)
    lists.configure_django(args.database_url)
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    data = lists.build_dataset(args.rebuild)
    since = mark_recent(RECENT)
    secrets_ = tokens_for(data)
    print(lists.machine_summary())
    with open("/proc/loadavg") as f:
        print(f"load: {f.read().strip()}")
    print(f"target: p95 < {TARGET_MS:.0f} ms server time; N={args.n} per scenario")
    client = Client(HTTP_HOST="127.0.0.1")
    scenarios = [
        ("hr", "candidates page 1 (50)", "/api/v1/candidates/?page_size=50"),
        ("hr", "candidates page 40 (50)",
         deep_cursor_url(client, "/api/v1/candidates/?page_size=50", secrets_["hr"], 40)),
        ("manager", "candidates, one department (50)", "/api/v1/candidates/?page_size=50"),
        ("hr", f"applications updated_since ({RECENT} match)",
         "/api/v1/applications/?" + urlencode({"updated_since": since, "page_size": 50})),
        ("manager", "applications updated_since, one dept",
         "/api/v1/applications/?" + urlencode({"updated_since": since, "page_size": 50})),
    ]
    missed = 0
    for role, label, url in scenarios:
        row = time_url(client, url, secrets_[role], args.n)
        q10, q50 = row["queries"][10], row["queries"][50]
        ok = row["p95"] < TARGET_MS and q10[0] == q50[0]
        missed += not ok
        print(f"{role:8} {label:40} p50 {row['p50']:6.1f}  p95 {row['p95']:6.1f}  max {row['max']:6.1f} ms  "
              f"queries {q10[0]} (page 10: {q10[1]} rows) / {q50[0]} (page 50: {q50[1]} rows)  "
              f"{'OK' if ok else 'MISSED'}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
