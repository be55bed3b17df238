"""Builders for the survey report tests: done interviews of new candidates, and surveys answered through
``submit_response`` (the path that counts the tallies)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from interviews.models import InterviewStatus, SurveyInvitation
from interviews.surveys import services
from recruiting.models import Application, Candidate
from tests.interviews.schedule_builders import book, make_round


def answer(invitation, *, scale, choice, text="", at=None):
    answers = {}
    for q in invitation.template.questions.all():
        if q.kind == "scale":
            answers[q.pk] = str(scale)
        elif q.kind == "single":
            answers[q.pk] = choice if q.topic == "difficulty" else q.choices[-1]["value"]
        elif text:
            answers[q.pk] = text
    return services.submit_response(invitation=invitation, answers=answers, now=at or invitation.send_at + dt.timedelta(minutes=5))


def done_interview(ehr, users, interview_round, i, *, panel, days_ago=1):
    candidate = Candidate.objects.create(name=f"候选{i}", email=f"t{i}@example.com")
    application = Application.objects.create(candidate=candidate, position=ehr["position"])
    interview = book(application, interview_round, timezone.now() - dt.timedelta(days=days_ago, hours=i % 5), minutes=60,
                     interviewers=panel)
    interview.set_status(InterviewStatus.DONE, by=users["hr"])
    return interview


def answered_interviews(ehr, users, settings, *, count=12) -> dict:
    """``count`` interviews over one round and two panels, candidates and interviewers answering."""
    settings.SURVEY_DELAY_HOURS = 0
    first = make_round(ehr, users, pool=("interviewer", "manager"))
    interviews = []
    for i in range(count):
        panel = [users["interviewer"], users["manager"]] if i % 3 else [users["interviewer"]]
        interview = done_interview(ehr, users, first, i, panel=panel, days_ago=1 + i * 9)
        interviews.append(interview)
        for invitation in SurveyInvitation.objects.filter(interview=interview).order_by("id"):
            answer(invitation, scale=1 + i % 5, choice=("too_easy", "just_right", "too_hard")[i % 3],
                   text="题目偏简单" if i % 2 else "", at=interview.starts_at + dt.timedelta(hours=2))
    return {"round": first, "interviews": interviews}
