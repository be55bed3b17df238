"""The training data of one position, read from the database (issue 17 item 1).

One row per **hire** — an application of the position in stage "hired", linked to its Employee — with:

- dimension scores: per competency of the position's model, the mean of the interviewers' human scores on
  current submitted scorecards (``interviews.decision.composite.counted_scores``, the one home of "which
  scores count"); AI suggestions are never used. Where no scorecard score exists (history imported before
  the portal), the application's imported/rolled-up ``ApplicationCompetencyScore`` stands in;
- question scores: per question, the mean of the interviewers' ``QuestionScore`` on current submitted
  scorecards (blank when the question was not asked);
- performance: the mean ``PerformanceReview.score`` (0–100) of the reviews dated **after the hire date**
  (``reviewed_on``, or the end of the review period — 2024H1 → 30 June 2024 — when it has no date).
  Reviews on or before the hire date are not outcomes of the hire and are left out.

The prior of the fit is the position's configured competency weights (``PositionCompetency.weight``).
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg

from interviews.decision.composite import counted_scores, position_dimensions
from interviews.learning import model as learning_model
from interviews.models import QuestionScore, Scorecard
from recruiting.models import Application, ApplicationCompetencyScore, PerformanceReview, Position
from recruiting.pipeline import Stage

_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:([Hh])([12])|([Qq])([1-4])|[-/]?(\d{1,2}))?\s*$")


def period_end(period: str) -> date | None:
    """The last day of a review period: ``2024`` → 2024-12-31, ``2024H1`` → 2024-06-30, ``2024Q3`` →
    2024-09-30, ``2024-05`` → 2024-05-31; None when the period reads as none of these."""
    match = _PERIOD.match(period or "")
    if not match:
        return None
    year = int(match.group(1))
    if match.group(3):
        month = 6 if match.group(3) == "1" else 12
    elif match.group(5):
        month = int(match.group(5)) * 3
    elif match.group(6):
        month = int(match.group(6))
        if not 1 <= month <= 12:
            return None
    else:
        month = 12
    return date(year, month, calendar.monthrange(year, month)[1])


def review_date(review: PerformanceReview) -> date | None:
    return review.reviewed_on or period_end(review.period)


@dataclass
class PositionTrainingData:
    position: Position
    dim_names: list[str]
    question_ids: list[str]
    rows: list[dict] = field(default_factory=list)
    prior: dict[str, float] = field(default_factory=dict)
    hires: int = 0  # hired applications linked to an employee
    without_reviews: int = 0  # …of which without a review after the hire date

    def frame(self):
        return learning_model.frame_from_rows(self.rows, self.dim_names, self.question_ids)

    def training(self) -> learning_model.TrainingData:
        return learning_model.prepare(self.frame())


def configured_prior(position: Position, dimensions=None) -> dict[str, float]:
    """The position's configured competency weights, as shares summing to 1 (equal when none is set)."""
    dimensions = position_dimensions(position) if dimensions is None else dimensions
    weights = {d.competency.code: float(d.weight or 0) for d in dimensions}
    return learning_model.normalise_prior(list(weights), weights)


def hire_applications(position: Position):
    return Application.objects.filter(position=position, stage=Stage.HIRED, employee__isnull=False)


def position_training_data(position: Position) -> PositionTrainingData:
    """The training rows of the module docstring; a fixed number of queries whatever the number of hires."""
    dimensions = position_dimensions(position)
    codes = [d.competency.code for d in dimensions]
    code_of = {d.competency_id: d.competency.code for d in dimensions}
    hires = dict(hire_applications(position).values_list("pk", "employee__hire_date"))
    employee_of = dict(hire_applications(position).values_list("pk", "employee__pk"))
    data = PositionTrainingData(position, codes, [], prior=configured_prior(position, dimensions), hires=len(hires))
    if not hires:
        return data
    ids = list(hires)

    dim_scores: dict[int, dict[str, float]] = defaultdict(dict)
    for app_id, competency_id, mean in (
        counted_scores().filter(scorecard__interview__application_id__in=ids, competency_id__in=list(code_of))
        .order_by().values("scorecard__interview__application_id", "competency_id").annotate(mean=Avg("score"))
        .values_list("scorecard__interview__application_id", "competency_id", "mean")
    ):
        dim_scores[app_id][code_of[competency_id]] = float(mean)
    for app_id, competency_id, score in ApplicationCompetencyScore.objects.filter(
        application_id__in=ids, competency_id__in=list(code_of)
    ).order_by("source").values_list("application_id", "competency_id", "score"):
        dim_scores[app_id].setdefault(code_of[competency_id], float(score))

    question_scores: dict[int, dict[str, float]] = defaultdict(dict)
    asked: set[str] = set()
    for app_id, question_id, mean in (
        QuestionScore.objects.filter(
            scorecard__interview__application_id__in=ids, scorecard__is_current=True,
            scorecard__status=Scorecard.Status.SUBMITTED, question__position=position,
        ).order_by().values("scorecard__interview__application_id", "question_id").annotate(mean=Avg("score"))
        .values_list("scorecard__interview__application_id", "question_id", "mean")
    ):
        question_scores[app_id][str(question_id)] = float(mean)
        asked.add(str(question_id))
    data.question_ids = sorted(asked, key=int)

    performance: dict[int, list[float]] = defaultdict(list)
    employees = {emp: app for app, emp in employee_of.items()}
    for review in PerformanceReview.objects.filter(employee_id__in=list(employees)).only(
        "employee_id", "period", "score", "reviewed_on"
    ):
        app_id = employees[review.employee_id]
        when = review_date(review)
        if when is not None and when > hires[app_id]:
            performance[app_id].append(float(review.score))

    for app_id in ids:
        if not performance.get(app_id):
            data.without_reviews += 1
            continue
        data.rows.append({
            "application_id": app_id,
            "dims": dim_scores.get(app_id, {}),
            "questions": question_scores.get(app_id, {}),
            "performance": sum(performance[app_id]) / len(performance[app_id]),
        })
    return data
