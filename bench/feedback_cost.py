#!/usr/bin/env python
"""Benchmark: the survey report and the interview cost report over many interviews (prints figures, asserts
nothing).

Target (issue 18): over 10,000 interviews and 30,000 survey responses on PostgreSQL, p95 under 300 ms per
page, and a query count that stays the same when the data doubles.

What it does
  1. Creates a scratch database (``--database-url`` of a PostgreSQL server: a database ``bench_feedback_cost``
     is (re)created on it; without it a SQLite file in a temporary directory) and migrates.
  2. Bulk-loads ``--interviews`` done interviews (default 10,000) over 20 positions × 2 rounds, a panel of 2
     from 40 interviewers (half with an explicit encrypted hourly rate, half costed from an encrypted pay
     record ÷ 174), 10 priced rooms, travel claims on every fifth interview, one candidate and two
     interviewer survey invitations per interview and a response to each (30,000 responses, ~110,000
     answers, a quarter of the candidates writing free text), and submitted scorecards.
  3. Rebuilds the survey tallies (the bulk load bypassed the submission that counts them; the same as
     ``manage.py rebuild_survey_tallies``) and, on PostgreSQL, runs ANALYZE (what autovacuum does after a bulk
     load on a live server; without it the planner has no statistics for the fresh tables).
  4. GETs /interviews/feedback/ (as HR) and /payroll/interview-costs/ (as finance) through
     ``django.test.Client`` (whole stack, no network) ``-n`` times each and prints the median, p95 and the query
     count; then loads the same amount again (data doubled) and measures again.

Usage
  .venv/bin/python bench/feedback_cost.py [--interviews 10000] [-n 15] [--database-url postgres://…/postgres]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support import configure_django  # noqa: E402

TEXTS = [
    "流程安排很顺利，HR 沟通及时", "面试官很专业，问题很有针对性", "等待时间太长，希望能准时开始",
    "情景题太简单，希望更贴近实际工作", "技术题难度偏高，时间不够", "会议室不好找，希望提前发路线",
    "整体体验很好，反馈很快", "题目和岗位要求匹配度高", "希望能介绍更多团队情况", "视频面试网络不稳定",
]


def base_data():
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.models import Group, User

    from hrportal.roles import Role
    from interviews.models import Audience, InterviewPlan, InterviewRound
    from interviews.surveys.services import ensure_default_template
    from payroll.models import City, InterviewerRate, PayRecord, RoomRate
    from recruiting.models import Department, Employee, Position

    def user(name, role):
        u = User.objects.create_user(username=name, password="x")
        u.groups.add(Group.objects.get_or_create(name=role.value)[0])
        return u

    hr, finance = user("bench_hr", Role.HR), user("bench_fin", Role.FINANCE)
    departments = [Department.objects.create(code=f"D{i}", name=f"部门{i}") for i in range(5)]
    positions = [Position.objects.create(code=f"P{i:02d}", title_zh=f"职位{i:02d}", department=departments[i % 5],
                                         status=Position.Status.OPEN) for i in range(20)]
    rounds = []
    for position in positions:
        plan = InterviewPlan.objects.create(position=position)
        rounds += [InterviewRound.objects.create(plan=plan, name=name, order=order, duration_minutes=60)
                   for order, name in ((1, "初面"), (2, "复面"))]
    city = City.objects.first()
    interviewers = []
    for i in range(40):
        u = user(f"bench_iv{i:02d}", Role.INTERVIEWER)
        employee = Employee.objects.create(employee_no=f"B{i:03d}", name=f"面试官{i:02d}", user=u, department=departments[i % 5],
                                           hire_date="2020-01-01")
        if i % 2:
            InterviewerRate.objects.create(employee=employee, hourly_rate=Decimal(100 + 10 * i), valid_from=dt.date(2020, 1, 1))
        else:
            record = PayRecord(employee=employee, valid_from=dt.date(2020, 1, 1), city=city)
            record.components = [{"code": "base", "name": "基本工资", "kind": "base", "amount": str(10000 + 500 * i)}]
            record.save()
        interviewers.append(u)
    for i in range(10):
        RoomRate.objects.create(room=f"R-{i}", hourly_price=Decimal(100 + 20 * i), valid_from=dt.date(2020, 1, 1))
    templates = {a: ensure_default_template(audience=a) for a in Audience.values}
    return {"hr": hr, "finance": finance, "positions": positions, "rounds": rounds, "interviewers": interviewers,
            "templates": templates}


def load(base: dict, n: int, offset: int) -> None:
    """n done interviews with their panels, claims, invitations, responses, answers and scorecards."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from interviews.models import (
        Audience,
        Interview,
        InterviewAssignment,
        Scorecard,
        SurveyAnswer,
        SurveyInvitation,
        SurveyResponse,
    )
    from payroll.models import TravelClaim
    from recruiting.models import Application, Candidate

    rng = random.Random(offset)
    now = timezone.now()
    questions = {a: list(t.questions.order_by("order")) for a, t in base["templates"].items()}
    chunk = 2000
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        with transaction.atomic():
            candidates = Candidate.objects.bulk_create([Candidate(name=f"候选{offset + start + i}") for i in range(size)])
            apps = Application.objects.bulk_create([
                Application(candidate=c, position=base["positions"][(start + i) % 20]) for i, c in enumerate(candidates)
            ])
            interviews = []
            for i, app in enumerate(apps):
                rnd = base["rounds"][2 * ((start + i) % 20) + (i % 2)]
                starts = now - dt.timedelta(days=1 + (start + i) % 360, hours=i % 8)
                interviews.append(Interview(application=app, round=rnd, starts_at=starts, ends_at=starts + dt.timedelta(minutes=60),
                                            room=f"R-{i % 10}", status="done",
                                            actual_started_at=starts if i % 3 == 0 else None,
                                            actual_ended_at=starts + dt.timedelta(minutes=75) if i % 3 == 0 else None))
            interviews = Interview.objects.bulk_create(interviews)
            assignments, claims, invitations = [], [], []
            for i, interview in enumerate(interviews):
                panel = rng.sample(base["interviewers"], 2)
                assignments += [InterviewAssignment(interview=interview, interviewer=u) for u in panel]
                if i % 5 == 0:
                    claims.append(TravelClaim(interview=interview, kind="airfare", amount=Decimal(800)))
                    claims.append(TravelClaim(interview=interview, kind="lodging", amount=Decimal(300)))
                common = {"send_at": interview.ends_at, "remind_at": interview.ends_at + dt.timedelta(days=2),
                          "expires_at": interview.ends_at + dt.timedelta(days=14), "answered_at": interview.ends_at + dt.timedelta(hours=3)}
                invitations.append(SurveyInvitation(interview=interview, audience=Audience.CANDIDATE,
                                                    template=base["templates"][Audience.CANDIDATE], **common))
                invitations += [SurveyInvitation(interview=interview, audience=Audience.INTERVIEWER, interviewer=u,
                                                 template=base["templates"][Audience.INTERVIEWER], **common) for u in panel]
            InterviewAssignment.objects.bulk_create(assignments)
            TravelClaim.objects.bulk_create(claims)
            invitations = SurveyInvitation.objects.bulk_create(invitations)
            by_interview = {iv.pk: iv for iv in interviews}
            responses = SurveyResponse.objects.bulk_create([
                SurveyResponse(invitation=inv, interview_id=inv.interview_id, audience=inv.audience,
                               position_id=by_interview[inv.interview_id].application.position_id,
                               round_id=by_interview[inv.interview_id].round_id, submitted_at=inv.answered_at)
                for inv in invitations
            ])
            answers = []
            for r in responses:
                copies = {"audience": r.audience, "interview_id": r.interview_id, "position_id": r.position_id,
                          "round_id": r.round_id, "submitted_at": r.submitted_at}
                for q in questions[r.audience]:
                    if q.kind == "scale":
                        answers.append(SurveyAnswer(response=r, question=q, topic=q.topic, scale=rng.choice((2, 3, 4, 4, 5, 5)), **copies))
                    elif q.kind == "single":
                        value = rng.choice(q.choices)["value"]
                        answers.append(SurveyAnswer(response=r, question=q, topic=q.topic, choices=[value], choice=value, **copies))
                    elif r.audience == Audience.CANDIDATE and rng.random() < 0.25:
                        answers.append(SurveyAnswer(response=r, question=q, topic=q.topic, text=rng.choice(TEXTS), **copies))
            SurveyAnswer.objects.bulk_create(answers, batch_size=5000)
            Scorecard.objects.bulk_create([
                Scorecard(interview_id=a.interview_id, interviewer=a.interviewer, status="submitted",
                          recommendation=rng.choice(("yes", "no", "strong_yes")), submitted_at=now) for a in assignments
            ])


def measure(client, url: str, n: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up (and the suggestions recorded once)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return {"median": statistics.median(times), "p95": times[max(0, int(round(0.95 * len(times))) - 1)], "queries": len(queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=10000)
    parser.add_argument("-n", type=int, default=15)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--scratch-name", default="bench_feedback_cost", help="name of the scratch database (PostgreSQL)")
    args = parser.parse_args()
    if args.database_url:
        from bench.support import scratch_database

        url = scratch_database(args.database_url, args.scratch_name)
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    configure_django(url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    print(f"{platform.node()} · {os.cpu_count()} cores · load {os.getloadavg()[0]:.2f} · {connection.vendor}")
    base = base_data()
    hr, finance = Client(), Client()
    hr.force_login(base["hr"])
    finance.force_login(base["finance"])
    for round_no in (1, 2):
        t0 = time.perf_counter()
        load(base, args.interviews, offset=(round_no - 1) * args.interviews)
        from interviews.models import Interview, SurveyAnswer, SurveyResponse

        print(f"\nloaded in {time.perf_counter() - t0:.0f} s: {Interview.objects.count():,} interviews, "
              f"{SurveyResponse.objects.count():,} responses, {SurveyAnswer.objects.count():,} answers")
        t0 = time.perf_counter()
        from interviews.surveys import tallies

        cells = tallies.rebuild()  # the bulk load bypassed submit_response: backfill the tallies (as the command does)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # planner statistics after a bulk load (autovacuum's job on a live server)
        print(f"survey tallies rebuilt ({cells:,} cells) and statistics refreshed in {time.perf_counter() - t0:.1f} s")
        for label, client, url in (("survey report", hr, "/interviews/feedback/"), ("cost report", finance, "/payroll/interview-costs/")):
            r = measure(client, url, args.n)
            print(f"  {label:14} median {r['median']:7.1f} ms  p95 {r['p95']:7.1f} ms  queries {r['queries']}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.database_url:
        connection.close()
        scratch_database(args.database_url, args.scratch_name, drop=True)


if __name__ == "__main__":
    main()
