"""Builders for the calibration, composite and decision tests: interviews in the past and scorecards stored
directly through the models (the setup must not depend on the room's services, which are tested apart)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from interviews.models import (
    Interview,
    InterviewAssignment,
    InterviewPlan,
    InterviewRound,
    InterviewStatus,
    Scorecard,
    ScorecardScore,
)
from recruiting.models import Application, Candidate

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAST = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def plan_round(position, name="初面") -> InterviewRound:
    plan, _ = InterviewPlan.objects.get_or_create(position=position)
    return InterviewRound.objects.create(plan=plan, name=name, order=plan.rounds.count() + 1)


def past_interview(application, interview_round, *, interviewers=(), days_ago=0, status=InterviewStatus.DONE) -> Interview:
    starts = PAST - dt.timedelta(days=days_ago)
    interview = Interview.objects.create(
        application=application, round=interview_round, starts_at=starts, ends_at=starts + dt.timedelta(minutes=45),
        status=status,
    )
    for index, user in enumerate(interviewers):
        InterviewAssignment.objects.create(interview=interview, interviewer=user, is_lead=index == 0)
    return interview


def scorecard(interview, interviewer, scores, *, submitted=True, current=True, version=1, recommendation="yes",
              engine_version="score-1.0", recalibration_version="", summary="", evidence="") -> Scorecard:
    """``scores``: {competency: human} or {competency: (human, ai_suggested, ai_raw)}."""
    card = Scorecard.objects.create(
        interview=interview, interviewer=interviewer, version=version, is_current=current,
        status=Scorecard.Status.SUBMITTED if submitted else Scorecard.Status.DRAFT,
        recommendation=recommendation if submitted else "", summary=summary,
        submitted_at=timezone.now() if submitted else None,
    )
    for competency, value in scores.items():
        human, ai, raw = value if isinstance(value, tuple) else (value, None, None)
        ScorecardScore.objects.create(
            scorecard=card, competency=competency, score=human, ai_suggested=ai, ai_raw=raw, evidence=evidence,
            ai_engine_version=engine_version if ai is not None else "",
            ai_recalibration_version=recalibration_version if ai is not None else "",
        )
    return card


def interviewing(application, by) -> Application:
    """Move a new application to "interviewing" along the pipeline."""
    application.set_stage("shortlisted", by=by)
    application.set_stage("interviewing", by=by)
    return application


def another_applicant(position, name, by, *, stage="interviewing") -> Application:
    candidate = Candidate.objects.create(name=name)
    application = Application.objects.create(candidate=candidate, position=position)
    if stage == "interviewing":
        interviewing(application, by)
    return application
