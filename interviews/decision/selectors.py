"""Reads of the decision page and the position comparison (query counts independent of the number of
candidates, interviews and scorecards).

Scores stay hidden from someone who is an assigned interviewer of one of the candidate's interviews and
has not submitted their own scorecard for it (issue 4 item 5: "other interviewers' scores stay hidden
until one's own is submitted") — on these pages too, not only in the room.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from interviews.decision.composite import Composite, composites_for, position_dimensions
from interviews.models import (
    UNSCORED_STATUSES,
    HiringDecision,
    Interview,
    InterviewAssignment,
    Recommendation,
    Scorecard,
    ScorecardScore,
)
from recruiting.models import Application, Position
from recruiting.pipeline import Stage

COMPARISON_STAGES = (Stage.INTERVIEWING, Stage.OFFER)


def pending_assignments(user) -> QuerySet[InterviewAssignment]:
    """The user's seats on panels that count (not cancelled / no-show) without their own submitted scorecard:
    the candidates of these interviews have their scores hidden from the user."""
    own_submitted = Scorecard.objects.filter(
        interview_id=OuterRef("interview_id"), interviewer=user, is_current=True, status=Scorecard.Status.SUBMITTED,
    )
    return (
        InterviewAssignment.objects.filter(interviewer=user)
        .exclude(interview__status__in=UNSCORED_STATUSES)
        .filter(~Exists(own_submitted))
    )


def hidden_application_ids(user, application_ids) -> set[int]:
    """Applications with an interview the user is assigned to and has not submitted a scorecard for."""
    pending = pending_assignments(user).filter(interview__application_id__in=list(application_ids))
    return set(pending.values_list("interview__application_id", flat=True))


@dataclass
class ScorecardColumn:
    scorecard: Scorecard
    interview: Interview
    cells: dict[int, object] = field(default_factory=dict)  # competency id → ScorecardScore

    @property
    def interviewer_label(self) -> str:
        user = self.scorecard.interviewer
        return user.get_full_name() or user.get_username()


@dataclass
class DecisionRow:
    line: object  # composite.CompetencyLine
    cells: list  # ScorecardScore | None per column


@dataclass
class DecisionPage:
    application: Application
    composite: Composite
    columns: list[ScorecardColumn]
    rows: list[DecisionRow]
    recommendations: list[tuple[str, str, int]]
    interviews: list[Interview]
    decisions: list[HiringDecision]
    stage_history: list
    hidden: bool
    pending_scorecards: int  # drafts or not started, for interviews that count

    @property
    def has_scores(self) -> bool:
        return bool(self.columns)


def decision_page(application: Application, user) -> DecisionPage:
    """Every current submitted scorecard of the application's interviews, competency by competency, with
    the AI suggestion that was shown beside each score, the composite and the earlier decisions."""
    hidden = application.pk in hidden_application_ids(user, [application.pk])
    interviews = list(
        Interview.objects.filter(application=application).select_related("round").order_by("starts_at", "id")
    )
    composite = composites_for(application.position, [application])[application.pk]
    columns: list[ScorecardColumn] = []
    pending = 0
    if not hidden:
        scorecards = list(
            Scorecard.objects.filter(interview__application=application, is_current=True)
            .select_related("interviewer", "interview__round")
            .prefetch_related(Prefetch("scores", queryset=ScorecardScore.objects.select_related("competency")))
            .order_by("interview__starts_at", "interview_id", "interviewer_id")
        )
        for card in scorecards:
            if card.status != Scorecard.Status.SUBMITTED:
                pending += 1
                continue
            column = ScorecardColumn(card, card.interview)
            column.cells = {score.competency_id: score for score in card.scores.all()}
            columns.append(column)
    rows = [DecisionRow(line, [c.cells.get(line.competency.pk) for c in columns]) for line in composite.lines]
    counts = Counter(c.scorecard.recommendation for c in columns if c.scorecard.recommendation)
    recommendations = [(value, label, counts.get(value, 0)) for value, label in reversed(Recommendation.choices)]
    decisions = list(HiringDecision.objects.filter(application=application).select_related("decided_by", "weight_set"))
    history = list(application.stage_history.select_related("changed_by").order_by("at", "id"))
    return DecisionPage(
        application=application, composite=composite, columns=columns, rows=rows, recommendations=recommendations,
        interviews=interviews, decisions=decisions, stage_history=history, hidden=hidden, pending_scorecards=pending,
    )


@dataclass
class ComparisonRow:
    application: Application
    composite: Composite | None  # None when hidden from this user
    means: list[Decimal | None]

    @property
    def value(self) -> Decimal | None:
        return self.composite.value if self.composite else None


SORTS = ("composite", "name", "stage", "applied")


def _sort_key(sort: str, codes: list[str]):
    if sort == "name":
        return lambda r: (r.application.candidate.name, r.application.pk), False
    if sort == "stage":
        return lambda r: (r.application.stage, r.application.candidate.name), False
    if sort == "applied":
        return lambda r: (r.application.applied_at, r.application.pk), True
    if sort in codes:
        index = codes.index(sort)
        return lambda r: (r.means[index] is not None, r.means[index] or Decimal(0), -r.application.pk), True
    return lambda r: (r.value is not None, r.value or Decimal(0), -r.application.pk), True


def comparison(position: Position, user, *, sort: str = "composite") -> tuple[list, list[ComparisonRow]]:
    """(dimensions, rows): every application of the position in interviewing or offer, side by side.

    Six queries whatever the number of candidates (dimensions, weights, applications, scores, hidden
    check, active weight set is part of weights). Rows are sorted by ``sort`` — composite (default, best
    first, unscored last), a competency code (its mean), name, stage or applied (newest first)."""
    dimensions = position_dimensions(position)
    applications = list(
        Application.objects.filter(position=position, stage__in=COMPARISON_STAGES).select_related("candidate")
    )
    hidden = hidden_application_ids(user, [a.pk for a in applications]) if applications else set()
    composites = composites_for(position, applications, dimensions=dimensions) if applications else {}
    codes = [d.competency.code for d in dimensions]
    rows = []
    for application in applications:
        composite = None if application.pk in hidden else composites[application.pk]
        means = [composite.line(code).mean if composite else None for code in codes]
        rows.append(ComparisonRow(application, composite, means))
    key, reverse = _sort_key(sort if sort in SORTS or sort in codes else "composite", codes)
    rows.sort(key=key, reverse=reverse)
    return dimensions, rows
