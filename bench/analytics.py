#!/usr/bin/env python
"""Benchmark: every recruiting analytics page over 100,000 applications on PostgreSQL (issue 20 item 1).

Target: p95 under 300 ms per page, and a query count that does not grow with the rows. This prints figures and
asserts nothing about time; results are recorded by hand in docs/benchmarks.md.

What it does
  1. Points Django at a bench database (``--database-url``, default ``$BENCH_DATABASE_URL`` or
     ``postgres://postgres@127.0.0.1:5432/hrportal_bench``) and migrates it.
  2. Creates the data set once (reused on later runs; ``--rebuild`` drops it), all with ``bulk_create``:
     30 positions in 6 departments, 100,000 candidates and applications over the last two years (a quarter of
     them historical imports), their stage histories along the pipeline (~300,000 rows), 12,000 interviews with
     their interviewers and scorecards, 3,000 offers.
  3. Times GET requests of each report through ``django.test.Client`` (the whole stack) as HR over the whole two
     years (every row counted): ``-n`` timed requests after 2 warm-ups, once computing every request
     (``ANALYTICS_CACHE_SECONDS=0``, "cold") and once with the report kept in the cache (the default, "kept");
     then cold over the page's default period (the last 365 days, "1y"); prints p50 / p95 in ms. Both periods
     start and end mid-month, so each reads two part-months from the rows besides the monthly slices.
  4. Counts the SQL queries of each report for N rows (the first year: about half) and 2N rows (both years).
  5. Times the reports a hiring manager of one department sees (5 of the 30 positions), fresh, two years.

Usage
  .venv/bin/python bench/analytics.py [-n 20] [--rebuild] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hrportal_bench"
TARGET_MS = 300.0
N_APPLICATIONS = 100_000
N_INTERVIEWS = 12_000
N_OFFERS = 3_000
PREFIX = "ANA-"
REPORTS = ("funnel", "timing", "sources", "interviewers", "screening", "offers", "cost_per_hire")


def configure_django(database_url: str) -> None:
    support.configure_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _path(rng: random.Random) -> list[str]:
    """A stage path along the pipeline with realistic drop-off."""
    from recruiting.pipeline import Stage

    roll = rng.random()
    if roll < 0.15:
        return []
    if roll < 0.40:
        return [Stage.SCREENING, Stage.REJECTED]
    if roll < 0.55:
        return [Stage.SCREENING, Stage.SHORTLISTED, Stage.REJECTED]
    if roll < 0.62:
        return [Stage.SCREENING, Stage.SHORTLISTED, Stage.WITHDRAWN]
    if roll < 0.80:
        return [Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.REJECTED]
    if roll < 0.86:
        return [Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.OFFER_DECLINED]
    if roll < 0.90:
        return [Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER]
    return [Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED]


def build_dataset(rebuild: bool):
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.utils import timezone

    from hrportal.roles import Role
    from interviews.models import Interview, InterviewAssignment, InterviewStatus, Scorecard
    from payroll.models import City, Offer, OfferStatus
    from recruiting.models import Application, ApplicationStageChange, Candidate, Department, Position

    positions = Position.objects.filter(code__startswith=PREFIX)
    if rebuild:
        with transaction.atomic():
            apps = Application.objects.filter(position__in=positions)
            Offer.objects.filter(application__in=apps).delete()
            Interview.objects.filter(application__in=apps).delete()
            Candidate.objects.filter(applications__in=apps).delete()
            positions.delete()
            Department.objects.filter(code__startswith=PREFIX).delete()
            User.objects.filter(username__startswith="ana_").delete()
    existing = Application.objects.filter(position__code__startswith=PREFIX).count()
    if existing >= N_APPLICATIONS:
        print(f"reusing the bench data set ({existing} applications; --rebuild to recreate)")
        return User.objects.get(username="ana_hr")
    if existing:
        sys.exit(f"a partial data set exists ({existing} applications): run with --rebuild")

    rng = random.Random(20261207)
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        hr = User.objects.create_user("ana_hr", password="bench-pass-123456")
        hr.groups.add(Group.objects.get(name=Role.HR.value))
        interviewers = []
        for i in range(40):
            user = User.objects.create_user(f"ana_iv{i:02d}", password="bench-pass-123456", first_name=f"面试官{i:02d}")
            user.groups.add(Group.objects.get(name=Role.INTERVIEWER.value))
            interviewers.append(user)
        departments = [Department.objects.create(code=f"{PREFIX}D{i}", name=f"分析部门{i}") for i in range(6)]
        positions = Position.objects.bulk_create(
            Position(code=f"{PREFIX}{i:03d}", title_zh=f"分析职位{i:02d}", department=departments[i % 6],
                     status=Position.Status.OPEN) for i in range(30))
        candidates = Candidate.objects.bulk_create(
            [Candidate(name=f"分析候选人{i}") for i in range(N_APPLICATIONS)], batch_size=5000)
        sources = list(Application.Source.values)
        plans, applications = [], []
        for i, candidate in enumerate(candidates):
            applied = now - dt.timedelta(days=rng.uniform(0, 730))
            path = _path(rng)
            moves, at = [], applied
            for stage in path:
                at = at + dt.timedelta(days=rng.uniform(0.5, 12))
                moves.append((stage, min(at, now)))
            plans.append(moves)
            applications.append(Application(
                candidate=candidate, position=positions[i % 30], stage=path[-1] if path else "new",
                applied_at=applied, stage_changed_at=moves[-1][1] if moves else applied,
                is_historical=rng.random() < 0.25, source=rng.choice(sources),
                screening_score=Decimal(rng.randint(0, 9999)) / 100))
        applications = Application.objects.bulk_create(applications, batch_size=5000)
        changes = []
        for app, moves in zip(applications, plans, strict=True):
            previous = "new"
            for stage, at in moves:
                changes.append(ApplicationStageChange(application=app, from_stage=previous, to_stage=stage, at=at,
                                                      reason="基准" if stage in ("rejected", "withdrawn", "offer_declined") else ""))
                previous = stage
        ApplicationStageChange.objects.bulk_create(changes, batch_size=10000)
        from recruiting import stage_facts
        from recruiting.analytics_facts import store

        stage_facts.rebuild()  # entered_at of every move, as the import writer keeps it
        slices_started = time.perf_counter()
        slices = store.rebuild()  # the monthly slices, as a bulk writer keeps them
        print(f"rebuilt {slices} analytics slices in {time.perf_counter() - slices_started:.1f} s")
        from interviews.bank.services import save_plan, save_round

        plan = save_plan(position=positions[0], time_budget_minutes=120, by=hr)
        interview_round = save_round(plan=plan, name="初面", order=1, duration_minutes=60, competencies=[],
                                     interviewers=interviewers[:2], questions=[], by=hr)
        interviewed = [(a, m) for a, m in zip(applications, plans, strict=True)
                       if not a.is_historical and any(s == "interviewing" for s, _at in m)]
        rng.shuffle(interviewed)
        interviews = Interview.objects.bulk_create([
            Interview(application=a, round=interview_round, starts_at=next(at for s, at in m if s == "interviewing"),
                      ends_at=next(at for s, at in m if s == "interviewing") + dt.timedelta(hours=1),
                      status=rng.choice([InterviewStatus.DONE] * 8 + [InterviewStatus.CANCELLED]))
            for a, m in interviewed[:N_INTERVIEWS]], batch_size=5000)
        assignments, cards = [], []
        for interview in interviews:
            for user in rng.sample(interviewers, 2):
                assignments.append(InterviewAssignment(interview=interview, interviewer=user))
                if interview.status == InterviewStatus.DONE:
                    cards.append(Scorecard(interview=interview, interviewer=user, status="submitted",
                                           recommendation=rng.choice(["strong_no", "no", "yes", "strong_yes"]),
                                           submitted_at=interview.ends_at))
        InterviewAssignment.objects.bulk_create(assignments, batch_size=10000)
        Scorecard.objects.bulk_create(cards, batch_size=10000)
        city = City.objects.get(code="beijing")
        offered = [a for a, m in zip(applications, plans, strict=True) if any(s == "offer" for s, _at in m)]
        Offer.objects.bulk_create([
            Offer(application=a, status=rng.choice([OfferStatus.ACCEPTED] * 5 + [OfferStatus.DECLINED, OfferStatus.EXPIRED]),
                  start_date=dt.date(2027, 1, 4), city=city, sent_at=now - dt.timedelta(days=10),
                  responded_at=now - dt.timedelta(days=rng.uniform(0, 9)))
            for a in offered[:N_OFFERS]], batch_size=5000)
    print(f"built {len(applications)} applications, {len(changes)} stage changes, {len(interviews)} interviews, "
          f"{len(cards)} scorecards in {time.perf_counter() - started:.1f} s")
    return hr


def p50_p95(timings: list[float]) -> list[float]:
    """Median and p95 (nearest rank on the sorted timings) in ms."""
    ordered = sorted(timings)
    return [statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]]


def measure(hr, n: int) -> None:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(hr)
    url = reverse("interviews:analytics")
    today = timezone.localdate()
    everything = {"date_from": (today - dt.timedelta(days=731)).isoformat(), "date_to": today.isoformat()}
    half = {"date_from": (today - dt.timedelta(days=731)).isoformat(),
            "date_to": (today - dt.timedelta(days=365)).isoformat()}
    default_year = {"date_from": (today - dt.timedelta(days=364)).isoformat(), "date_to": today.isoformat()}
    print(f"{'report':<15} {'cold p50':>9} {'cold p95':>9} {'kept p50':>9} {'kept p95':>9} "
          f"{'queries N':>10} {'queries 2N':>11} {'1y cold p50':>12} {'1y cold p95':>12}")
    for report in REPORTS:
        figures = []
        for seconds, window in ((0, everything), (300, everything), (0, default_year)):
            params = {**window, "report": report}
            with override_settings(ANALYTICS_CACHE_SECONDS=seconds):
                for _ in range(2):
                    assert client.get(url, params).status_code == 200
                timings = []
                for _ in range(n):
                    started = time.perf_counter()
                    response = client.get(url, params)
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
            figures += p50_p95(timings)
        counts = []
        with override_settings(ANALYTICS_CACHE_SECONDS=0):
            for window in (half, everything):
                with CaptureQueriesContext(connection) as queries:
                    client.get(url, {**window, "report": report})
                counts.append(len(queries))
        flag = "" if max(figures[1], figures[5]) < TARGET_MS else "  ← cold over target"
        print(f"{report:<15} {figures[0]:>9.1f} {figures[1]:>9.1f} {figures[2]:>9.1f} {figures[3]:>9.1f} "
              f"{counts[0]:>10} {counts[1]:>11} {figures[4]:>12.1f} {figures[5]:>12.1f}{flag}", flush=True)


def manager_user():
    """A hiring manager of the first bench department (5 of the 30 positions), created once."""
    import datetime as _dt
    from decimal import Decimal as _D

    from django.contrib.auth.models import Group, User

    from hrportal.roles import Role
    from recruiting.models import Department, Employee

    user, created = User.objects.get_or_create(username="ana_mgr")
    if created:
        user.set_password("bench-pass-123456")
        user.save()
        user.groups.add(Group.objects.get(name=Role.MANAGER.value))
        Employee.objects.create(employee_no="ANA-M0", name="分析经理", user=user, hire_date=_dt.date(2020, 1, 1),
                                department=Department.objects.get(code=f"{PREFIX}D0"), base_salary=_D("30000"))
    return user


def measure_manager(n: int) -> None:
    """Fresh requests as a manager (the slices narrowed to their department's positions), two years."""
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from interviews.analytics.registry import reports_for

    user = manager_user()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("interviews:analytics")
    today = timezone.localdate()
    everything = {"date_from": (today - dt.timedelta(days=731)).isoformat(), "date_to": today.isoformat()}
    print(f"\nmanager of one department (5 positions), fresh, 2 years\n{'report':<15} {'p50':>9} {'p95':>9}")
    for report in [r.key for r in reports_for(user)]:
        params = {**everything, "report": report}
        with override_settings(ANALYTICS_CACHE_SECONDS=0):
            for _ in range(2):
                assert client.get(url, params).status_code == 200
            timings = []
            for _ in range(n):
                started = time.perf_counter()
                assert client.get(url, params).status_code == 200
                timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = p50_p95(timings)
        print(f"{report:<15} {p50:>9.1f} {p95:>9.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    configure_django(args.database_url)
    hr = build_dataset(args.rebuild)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with open("/proc/loadavg") as f:
        print(f"load average: {f.read().strip()}")
    measure(hr, args.n)
    measure_manager(args.n)


if __name__ == "__main__":
    main()
