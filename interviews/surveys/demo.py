"""Demo feedback (``manage.py seed_demo_interviews`` runs it after the demo interviews): eight past, done
interviews of demo applications with their surveys answered — enough (≥ 5) for the report to show
distributions, themes and a suggestion. Deterministic: the same applications, times relative to seeding, and
answers from fixed lists. Idempotent: once a demo feedback interview exists nothing changes.
``remove_demo_interviews`` removes them with the other interviews the demo HR organised."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from interviews.models import (
    Audience,
    Interview,
    InterviewAssignment,
    InterviewPlan,
    InterviewStatus,
    SurveyInvitation,
)
from interviews.surveys import services
from recruiting.demo.company import POSITIONS
from recruiting.models import Application

DEMO_FEEDBACK_INTERVIEWS = 8
DEMO_ROOM = "会议室 A-301"
CANDIDATE_TEXTS = (
    "流程安排很顺利，HR 沟通及时", "面试官很专业，问题很有针对性", "情景题太简单，希望更贴近实际工作",
    "等待时间有点长，希望能准时开始", "情景题比较简单，可以要求给出具体方案", "整体体验很好，反馈很快",
    "会议室不好找，希望提前发路线", "题目和岗位要求匹配度高",
)
INTERVIEWER_TEXTS = ("情景题可以增加追问", "技术题可以更贴近业务", "时间安排合理")


def demo_feedback_present(hr) -> bool:
    return Interview.objects.filter(organizer=hr, status=InterviewStatus.DONE, room=DEMO_ROOM).exists()


def _answers(invitation: SurveyInvitation, index: int) -> dict:
    answers = {}
    for q in invitation.template.questions.order_by("order", "id"):
        if q.kind == "scale":
            answers[q.pk] = str((5, 4, 4, 5, 3, 4, 5, 2)[index % 8])
        elif q.kind == "single":
            values = [c["value"] for c in q.choices]
            pick = "too_easy" if q.topic == "difficulty" and index % 4 != 3 else values[index % len(values)]
            answers[q.pk] = pick if pick in values else values[0]
        elif q.kind == "multiple":
            answers[q.pk] = [q.choices[0]["value"]] if q.choices else []
        else:
            texts = CANDIDATE_TEXTS if invitation.audience == Audience.CANDIDATE else INTERVIEWER_TEXTS
            answers[q.pk] = texts[index % len(texts)]
    return answers


@transaction.atomic
def seed_demo_feedback(*, hr, interviewer, manager, now=None) -> int:
    """Create and answer the demo feedback interviews; returns how many were created (0 when present)."""
    if hr is None or interviewer is None or manager is None or demo_feedback_present(hr):
        return 0
    now = now or timezone.now()
    rounds = {p.position_id: p.rounds.order_by("order", "id").first() for p in
              InterviewPlan.objects.filter(position__code__in=[p.code for p in POSITIONS]).prefetch_related("rounds")}
    # most of them for one position, so its group reaches the minimum size and a suggestion can fire
    candidates = list(
        Application.objects.filter(position_id__in=[k for k, v in rounds.items() if v is not None])
        .exclude(interviews__isnull=False).order_by("applied_at", "id")
    )
    per_position: dict[int, int] = {}
    for a in candidates:
        per_position[a.position_id] = per_position.get(a.position_id, 0) + 1
    candidates.sort(key=lambda a: (-per_position[a.position_id], a.position_id))
    applications = candidates[:DEMO_FEEDBACK_INTERVIEWS]
    for index, application in enumerate(applications):
        starts = (now - dt.timedelta(days=3 + index)).replace(minute=0, second=0, microsecond=0)
        interview = Interview.objects.create(
            application=application, round=rounds[application.position_id], starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1), room=DEMO_ROOM, organizer=hr,
            actual_started_at=starts + dt.timedelta(minutes=5) if index % 2 else None,
            actual_ended_at=starts + dt.timedelta(minutes=80) if index % 2 else None,
        )
        for lead, user in ((True, interviewer), (False, manager)):
            InterviewAssignment.objects.create(interview=interview, interviewer=user, is_lead=lead)
        interview.set_status(InterviewStatus.DONE, by=hr, at=starts + dt.timedelta(hours=1))
        for invitation in SurveyInvitation.objects.filter(interview=interview).select_related("template"):
            services.submit_response(invitation=invitation, answers=_answers(invitation, index),
                                     now=invitation.send_at + dt.timedelta(hours=1 + index % 3))
    return len(applications)
