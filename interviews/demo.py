"""Demo interviews on top of the demo company (``manage.py seed_demo_interviews``, run by ``make run`` after
``seed_demo``): a plan for a few demo positions and scheduled interviews, so the schedule, "我的面试" and the
interview room can be tried at once.

recruiting must not import interviews (DESIGN §3), so this lives here and reads the demo company through
recruiting's public names. The choice of applications is deterministic (the demo company is); the times are
relative to the moment of seeding, because a demo interview "today in a few minutes" is the point:
- today, a few minutes after seeding, for the demo ``interviewer`` account (lead), 会议室 A-301;
- tomorrow 10:00 (Asia/Shanghai), ``interviewer`` + ``manager``, 会议室 B-202;
- the day after tomorrow 14:00, a video interview led by ``manager``;
- yesterday 15:00, marked 未到场 (no-show), and in three days, cancelled with a reason — so every status
  shows (confirmed and 申请改期 come from the candidates' replies, wecom/demo.py);
- the interviews held in the portal for the 2024 history, with AI/human score pairs, an active recalibration
  and the learned weights (``interviews.demo_history``).
Idempotent: once the demo HR account organises any interview, seeding again changes nothing.

``remove_demo_interviews`` undoes it (``seed_demo_interviews --remove``, run by ``make reset-demo`` before
``seed_demo --reset``): a position whose plan holds questions cannot be deleted while the plan exists
(``RoundQuestion.question`` is PROTECT), so the demo plans go first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from interviews.bank.services import approve_question, generate_bank, save_plan, save_round
from interviews.demo_history import remove_demo_learning, seed_interview_history
from interviews.models import (
    Interview,
    InterviewPlan,
    InterviewRound,
    InterviewStatus,
    Question,
    QuestionType,
)
from interviews.schedule.services import SCHEDULABLE_STAGES, change_status, schedule_interview
from recruiting.demo.company import POSITIONS
from recruiting.demo.seed import DEMO_USER_EMAIL_DOMAIN, MANAGED_POSITIONS
from recruiting.models import Application
from recruiting.pipeline import Stage

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY_LEAD_MINUTES = 5  # the "today" interview starts this many minutes (rounded up) after seeding
DEMO_ROUNDS = (("初面", 45), ("复面", 60))
DEMO_ROUND_NAMES_EN = {"初面": "First interview", "复面": "Second interview"}  # shown in English (issue 20)


@dataclass
class DemoInterviewsResult:
    created: list[Interview] = field(default_factory=list)
    already_present: bool = False
    missing_accounts: list[str] = field(default_factory=list)
    no_applications: bool = False
    history: dict = field(default_factory=dict)


def _demo_user(username: str):
    return get_user_model().objects.filter(username=username, email__endswith="@" + DEMO_USER_EMAIL_DOMAIN).first()


def demo_user(username: str):
    """The demo account ``username`` (None when seed_demo has not created it)."""
    return _demo_user(username)


def demo_interviews_present(hr) -> bool:
    return Interview.objects.filter(organizer=hr).exists()


def _candidates_for_demo() -> list[Application]:
    """Three shortlisted/interviewing applications: the demo manager's positions first, then by application
    date — the same three on every installation of the same demo company."""
    apps = list(
        Application.objects.filter(stage__in=SCHEDULABLE_STAGES, position__status="open")
        .select_related("position", "candidate").order_by("applied_at", "id")
    )
    apps.sort(key=lambda a: (a.position.code not in MANAGED_POSITIONS, a.stage != Stage.SHORTLISTED))
    return apps[:5]


def _plan_rounds(position, hr, pool) -> list[InterviewRound]:
    """The position's rounds; a demo plan (初面 with approved questions, 复面) when it has none yet."""
    plan = InterviewPlan.objects.filter(position=position).first()
    if plan is not None and plan.rounds.exists():
        return list(plan.rounds.order_by("order", "id"))
    plan = plan or save_plan(position=position, time_budget_minutes=120, by=hr)
    generate_bank(position=position, by=hr)
    chosen = []
    for pc in position.position_competencies.order_by("order", "id"):
        for qtype in (QuestionType.BEHAVIOURAL, QuestionType.SITUATIONAL):
            q = (Question.objects.filter(position=position, competency=pc.competency, question_type=qtype)
                 .order_by("id").first())
            if q is not None:
                chosen.append(approve_question(question=q, by=hr))
    rounds = []
    for order, (name, minutes) in enumerate(DEMO_ROUNDS, start=1):
        questions = chosen if order == 1 else []
        competencies = [pc.competency for pc in position.position_competencies.all()]
        rounds.append(save_round(
            plan=plan, name=name, order=order, duration_minutes=minutes, competencies=competencies,
            interviewers=pool, questions=questions, by=hr, name_en=DEMO_ROUND_NAMES_EN.get(name, ""),
        ))
    return rounds


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@transaction.atomic
def seed_demo_interviews(*, now=None) -> DemoInterviewsResult:
    """Schedule the demo interviews (see the module docstring). Guarantees: all or nothing; a second call
    creates nothing; missing demo accounts or applications are reported, not invented."""
    result = DemoInterviewsResult()
    hr, interviewer, manager = _demo_user("hr"), _demo_user("interviewer"), _demo_user("manager")
    result.missing_accounts = [name for name, user in (("hr", hr), ("interviewer", interviewer),
                                                       ("manager", manager)) if user is None]
    if result.missing_accounts:
        return result
    if demo_interviews_present(hr):
        result.already_present = True
        return result
    applications = _candidates_for_demo()
    if not applications:
        result.no_applications = True
        return result
    now = timezone.localtime(now or timezone.now(), SHANGHAI)
    start_today = (now + dt.timedelta(minutes=TODAY_LEAD_MINUTES + 4)).replace(second=0, microsecond=0)
    start_today -= dt.timedelta(minutes=start_today.minute % 5)  # 5 to 9 minutes from now, on a 5-minute mark
    tomorrow = now.date() + dt.timedelta(days=1)
    plans = [
        # (start, minutes, round index, panel (lead first), room, video link)
        (start_today, 45, 0, [interviewer], "会议室 A-301", ""),
        (_local(tomorrow, 10), 45, 0, [interviewer, manager], "会议室 B-202", ""),
        (_local(tomorrow + dt.timedelta(days=1), 14), 60, 1, [manager, interviewer], "",
         "https://meeting.example.com/j/20261125"),
        # closed ones, so every interview status shows: yesterday's candidate did not come; one called off
        (_local(now.date() - dt.timedelta(days=1), 15), 45, 0, [interviewer], "会议室 A-301", ""),
        (_local(tomorrow + dt.timedelta(days=2), 10), 45, 0, [interviewer, manager], "会议室 B-202", ""),
    ]
    closing = {3: (InterviewStatus.NO_SHOW, "候选人未到场，电话未接通"),
               4: (InterviewStatus.CANCELLED, "候选人已接受其他机会，取消面试")}
    for index, (application, (starts_at, minutes, round_index, panel, room, video)) in enumerate(
            zip(applications, plans, strict=False)):
        rounds = _plan_rounds(application.position, hr, pool=[interviewer, manager])
        interview_round = rounds[min(round_index, len(rounds) - 1)]
        interview = schedule_interview(
            application=application, interview_round=interview_round, starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes), interviewers=panel, lead=panel[0], room=room,
            location="上海市浦东新区星河大厦 12 楼" if room else "", video_link=video, by=hr,
        )
        if index in closing:
            status, reason = closing[index]
            change_status(interview=interview, new_status=status, by=hr, reason=reason)
        result.created.append(interview)
    result.history = seed_interview_history(hr=hr, interviewer=interviewer, manager=manager)
    return result


@transaction.atomic
def remove_demo_interviews() -> dict[str, int]:
    """Delete the interviews the demo HR account organised, then the interview plans of demo positions that
    no other interview uses (their questions stay with the position until seed_demo --reset removes it)."""
    hr = _demo_user("hr")
    counts = {"interviews": 0, "plans": 0, **remove_demo_learning(hr)}
    if hr is not None:
        counts["interviews"] = Interview.objects.filter(organizer=hr).delete()[1].get(Interview._meta.label, 0)
    plans = InterviewPlan.objects.filter(position__code__in=[p.code for p in POSITIONS]).exclude(
        rounds__interviews__isnull=False
    )
    counts["plans"] = plans.delete()[1].get(InterviewPlan._meta.label, 0)
    return counts
