#!/usr/bin/env python
"""Benchmark: weight of the interview room page for a realistic interview (prints figures, asserts nothing).

Target (issue 4): the room page under 100 KB transferred, excluding cached static files.

What it does
  1. Points Django at a fresh SQLite file in a temporary directory (or ``--database-url``) and migrates.
  2. Builds a realistic interview: a position with 6 competencies of the demo library (full BARS anchors),
     its generated bank approved, a round of ``--questions`` questions (default 8) covering all 6
     competencies, a panel of 3, and for the measured interviewer ``--segments`` note segments (default 12,
     ~100–130 Chinese characters each, with figures) spread over the questions, a scorecard draft and their AI
     suggestions; the other two interviewers have submitted (hidden from the measured one).
  3. GETs the room and the AI partial through ``django.test.Client`` (whole stack, no network) and prints
     the raw and gzip (level 6, what nginx/whitenoise use by default) sizes of the HTML, the query count,
     the server time (median of ``-n`` requests) and the static files the page references with their own
     raw/gzip sizes (downloaded once, then cached: not part of the page weight).

Usage
  .venv/bin/python bench/room_page.py [--questions 8] [--segments 12] [-n 20] [--database-url …]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support import configure_django  # noqa: E402

TARGET_KB = 100
ANSWERS = [
    "去年我负责华东区 12 家大客户的续约，当时有 3 家因为价格准备流失。我先梳理了每家客户近两年的采购数据，"
    "然后和售前一起做了分阶段付款方案，亲自拜访了 6 次客户决策人。最终 3 家全部续约，续约金额 480 万元，比目标高 20%。",
    "在上一家公司，我们的回款周期平均是 95 天。我牵头建立了每周回款跟踪表，用 Excel 和 CRM 把逾期客户分成三类，"
    "分别安排销售和财务跟进。半年后回款周期缩短到 62 天，坏账率从 4.1% 降到 1.8%。",
    "我带的团队一开始只有 4 个人，两个是应届生。我给每个人定了季度目标，每周做一次一对一，复盘他们的拜访记录。"
    "一年后团队扩到 9 人，其中 2 人晋升为主管，团队业绩完成率 118%。",
    "当时一个重要客户对交付延期非常不满，要求赔偿合同额的 10%。我先倾听了客户的诉求，确认问题主要出在验收标准不清，"
    "然后协调交付团队加班两周补齐功能，同时提出用一年免费维保替代现金赔偿，客户接受了，后来还追加了 150 万元订单。",
    "如果季度过半只完成三成，我会先把剩余的商机按成交概率和金额排序，集中资源跟进前 20% 的大单；同时和经理沟通，"
    "申请阶段性的价格政策支持；每天下班前更新进度，确保问题第二天就能解决。",
    "谈判时客户一直压价 15%。我提前准备了三套方案，用我们过去两年服务他们带来的成本节约数据说服采购总监，"
    "最后以 5% 的折扣加长期框架协议签约，保住了 32% 的毛利。",
]


def build_interview(n_questions: int, n_segments: int):
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from hrportal.roles import Role
    from interviews.bank.services import approve_question, generate_bank, save_plan, save_round
    from interviews.models import Interview, InterviewAssignment, Question
    from interviews.room.services import ScoreInput, save_note_segment, save_scorecard_draft, submit_scorecard
    from recruiting.demo.competencies import COMPETENCIES
    from recruiting.models import Application, Candidate, Competency, Department, Position, PositionCompetency

    def user(name, role):
        u = User.objects.create_user(username=name, password="x", first_name=name)
        u.groups.add(Group.objects.get_or_create(name=role.value)[0])
        return u

    hr = user("bench_hr", Role.HR)
    panel = [user("bench_iv1", Role.INTERVIEWER), user("bench_iv2", Role.INTERVIEWER), user("bench_mgr", Role.MANAGER)]
    dept = Department.objects.create(code="BENCH", name="销售部", name_en="Sales")
    position = Position.objects.create(
        code="BENCH-SM", title_zh="大客户销售经理", title_en="Key Account Manager", department=dept,
        status=Position.Status.OPEN, duties="负责大客户开发与维护；制定季度销售计划；协调售前与交付团队；跟踪回款",
    )
    comps = []
    for order, spec in enumerate(COMPETENCIES[:6]):
        comp = Competency.objects.create(
            code=spec.code, name_zh=spec.name_zh, name_en=spec.name_en, description=spec.description,
            anchor_1=spec.anchor_1, anchor_3=spec.anchor_3, anchor_5=spec.anchor_5,
            evidence_keywords=list(spec.evidence_keywords),
        )
        PositionCompetency.objects.create(position=position, competency=comp, weight=Decimal("100") / 6, order=order)
        comps.append(comp)
    for q in generate_bank(position=position, by=hr).created:
        approve_question(question=q, by=hr)
    bank = list(Question.objects.filter(position=position).order_by("competency_id", "question_type", "id"))
    chosen, seen = [], set()
    for q in bank:  # one per competency first, then fill up
        if q.competency_id not in seen:
            chosen.append(q)
            seen.add(q.competency_id)
    chosen += [q for q in bank if q not in chosen][: max(0, n_questions - len(chosen))]
    chosen = chosen[:n_questions]
    plan = save_plan(position=position, time_budget_minutes=120, by=hr)
    interview_round = save_round(plan=plan, name="复面", order=1, duration_minutes=60, competencies=comps,
                                 interviewers=panel, questions=chosen, by=hr)
    candidate = Candidate.objects.create(
        name="王小明", phone="13912345678", email="xiaoming@example.com", city="上海", current_title="销售主管",
        current_company="上海某科技有限公司", years_experience=Decimal("6.5"), highest_education="bachelor",
        expected_salary=Decimal("30000"), resume_text="（简历全文）" * 500,
    )
    application = Application.objects.create(candidate=candidate, position=position)
    starts = timezone.now() - dt.timedelta(minutes=30)
    interview = Interview.objects.create(application=application, round=interview_round, starts_at=starts,
                                         ends_at=starts + dt.timedelta(minutes=60), room="A-301", organizer=hr)
    for i, u in enumerate(panel):
        InterviewAssignment.objects.create(interview=interview, interviewer=u, is_lead=i == 0)
    rqs = list(interview_round.round_questions.order_by("order"))
    me = panel[0]
    for i in range(n_segments):
        save_note_segment(interview=interview, author=me, client_id=f"seg{i}", text=ANSWERS[i % len(ANSWERS)],
                          round_question_id=rqs[i % len(rqs)].pk)
    save_scorecard_draft(interview=interview, interviewer=me,
                         scores=[ScoreInput(c.pk, 3 + (i % 2), "") for i, c in enumerate(comps)],
                         recommendation="yes", summary="整体表现稳定，数据意识强。")
    for other in panel[1:]:
        submit_scorecard(interview=interview, interviewer=other,
                         scores=[ScoreInput(c.pk, 4, "依据：" + ANSWERS[0][:60]) for c in comps],
                         recommendation="yes", summary="同意进入下一轮。")
    return interview, me, len(rqs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--segments", type=int, default=12)
    parser.add_argument("-n", type=int, default=20, help="timed requests")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="room-bench-")
    configure_django(args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3")
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    interview, me, n_rqs = build_interview(args.questions, args.segments)
    client = Client()
    client.force_login(me)
    url = reverse("interviews:room", args=[interview.pk])
    ai_url = reverse("interviews:room_ai", args=[interview.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    n_queries = len(ctx.captured_queries)  # now: later requests reset the connection's query log
    assert response.status_code == 200, response.status_code
    html = response.content
    times = []
    for _ in range(args.n):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    ai = client.get(ai_url).content

    def sizes(data: bytes) -> tuple[float, float]:
        return len(data) / 1024, len(gzip.compress(data, compresslevel=6)) / 1024

    raw_kb, gz_kb = sizes(html)
    ai_raw, ai_gz = sizes(ai)
    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"DB {connection.vendor}")
    print(f"interview: {n_rqs} questions, {args.segments} note segments, 6 competencies, panel of 3 "
          f"(2 submitted, hidden)")
    print(f"room HTML: {raw_kb:.1f} KB raw, {gz_kb:.1f} KB gzip  (target < {TARGET_KB} KB transferred: "
          f"{'met' if gz_kb < TARGET_KB else 'MISSED'}; raw {'also under' if raw_kb < TARGET_KB else 'over'} it)")
    print(f"AI partial (htmx refresh after a save): {ai_raw:.1f} KB raw, {ai_gz:.1f} KB gzip")
    print(f"queries per room request: {n_queries}")
    print(f"server time per room request: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
          f"(N={args.n})")
    print("static files referenced (cached after the first visit, not counted):")
    for ref in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))):
        name = ref.decode().removeprefix(settings.STATIC_URL)
        path = finders.find(name)
        if path:
            data = Path(path).read_bytes()
            r, g = sizes(data)
            print(f"  {name}: {r:.1f} KB raw, {g:.1f} KB gzip")
    tmp.cleanup()


if __name__ == "__main__":
    main()
