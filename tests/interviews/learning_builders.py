"""Hires with interview scores, question scores and later reviews, planted so that the position's first
competency (COMM) drives performance and the second (DRIVE) does not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from interviews.models import Question, QuestionScore
from recruiting.models import Application, Candidate, Employee, PerformanceReview
from tests.interviews.scorecard_builders import past_interview, plan_round, scorecard

HIRE_DATE = dt.date(2024, 3, 1)


def bank_questions(position, competency):
    good = Question.objects.create(position=position, competency=competency, text_zh="讲一次说服客户的经历",
                                   question_type="behavioural", status=Question.Status.APPROVED)
    noise = Question.objects.create(position=position, competency=competency, text_zh="你最喜欢的颜色",
                                    question_type="behavioural", status=Question.Status.APPROVED)
    return good, noise


def planted_hires(ehr, users, n, *, seed=5, start=0, questions=None):
    """``n`` hired applications of ehr's position; each: one scorecard (human COMM, DRIVE scores, with AI
    suggestions that disagree wildly), question scores when ``questions`` = (good, noise), a review dated
    after the hire (performance = 70 + 8·(COMM − 3) + noise) and one dated before it (score 0, must be
    ignored)."""
    rng = np.random.default_rng(seed)
    comm, drive = ehr["competencies"]
    position = ehr["position"]
    rnd = plan_round(position, name=f"学习{start}")
    interviewer = users["interviewer"]
    made = []
    for i in range(start, start + n):
        candidate = Candidate.objects.create(name=f"录用{i}")
        application = Application.objects.create(candidate=candidate, position=position, stage="hired")
        employee = Employee.objects.create(employee_no=f"L{i:04d}", name=f"员工{i}", department=ehr["sales"],
                                           hire_date=HIRE_DATE, hired_through=application)
        c, d = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        interview = past_interview(application, rnd, interviewers=[interviewer], days_ago=i % 30)
        card = scorecard(interview, interviewer, {comm: (c, 6 - c, 5.0 - c), drive: (d, 1, 1.0)})
        if questions:
            good, noise = questions
            QuestionScore.objects.create(scorecard=card, question=good, score=c)
            QuestionScore.objects.create(scorecard=card, question=noise, score=int(rng.integers(1, 6)))
        performance = 70 + 8 * (c - 3) + float(rng.normal(0, 4))
        PerformanceReview.objects.create(employee=employee, period="2024H2", rating="B",
                                         score=Decimal(str(round(min(max(performance, 0), 100), 2))),
                                         reviewed_on=dt.date(2025, 1, 15))
        PerformanceReview.objects.create(employee=employee, period="2023", rating="D", score=Decimal("0"),
                                         reviewed_on=dt.date(2023, 12, 20))
        made.append(application)
    return made
