"""The interview composite of an application (issue 4 item 8).

Per competency of the position's model: the mean of the scores on the **current, submitted** scorecards of
all the application's interviews (drafts and superseded versions never count). Composite = Σ wᵢ·meanᵢ / Σ wᵢ
over the competencies that have a score, with wᵢ from the position's active ``InterviewWeightSet`` — equal
weights (1/k) when the position has none. A competency without any score is left out and named in
``missing`` (the composite is then re-normalised over the others and ``complete`` is False); the per-
competency means and the composite are rounded half up to 2 places once, at the end.

``composites_for(position, applications)`` computes many applications in a fixed number of queries (the
comparison view); ``composite_for(application)`` is the single case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext, pgettext

from hrportal.decimals import half_up
from interviews.models import UNSCORED_STATUSES, InterviewWeightSet, Scorecard, ScorecardScore
from recruiting.models import Application, Position, PositionCompetency

TWO_PLACES = Decimal("0.01")
WEIGHT_PLACES = Decimal("0.0001")


def q2(value: Decimal | None) -> Decimal | None:
    return None if value is None else half_up(value, TWO_PLACES)


@dataclass(frozen=True)
class Weights:
    """The weights in force for a position: {competency code: Decimal}, the set they come from (None =
    implicit equal weights) and codes of the set that are no longer in the position's model."""

    by_code: dict[str, Decimal]
    weight_set: InterviewWeightSet | None
    method: str
    stale_codes: tuple[str, ...] = ()

    @property
    def version(self) -> int | None:
        return self.weight_set.version if self.weight_set else None


def equal_weights(codes: list[str]) -> dict[str, Decimal]:
    """1/k each, rounded to 4 places; the last one takes the rounding rest so the sum is exactly 1."""
    if not codes:
        return {}
    share = half_up(Decimal(1) / len(codes), WEIGHT_PLACES)
    weights = {code: share for code in codes}
    weights[codes[-1]] = Decimal(1) - share * (len(codes) - 1)
    return weights


def position_dimensions(position: Position) -> list[PositionCompetency]:
    return list(position.position_competencies.select_related("competency").order_by("order", "id"))


def weights_for(position: Position, dimensions: list[PositionCompetency] | None = None) -> Weights:
    dimensions = position_dimensions(position) if dimensions is None else dimensions
    codes = [d.competency.code for d in dimensions]
    weight_set = InterviewWeightSet.objects.filter(position=position, is_active=True).first()
    if weight_set is None:
        return Weights(equal_weights(codes), None, InterviewWeightSet.Method.EQUAL)
    stored = {str(k): Decimal(str(v)) for k, v in (weight_set.weights or {}).items()}
    return Weights(
        by_code={code: stored.get(code, Decimal(0)) for code in codes}, weight_set=weight_set,
        method=weight_set.method, stale_codes=tuple(sorted(set(stored) - set(codes))),
    )


@dataclass
class InterviewerScore:
    interviewer_id: int
    score: int
    ai_suggested: int | None


@dataclass
class CompetencyLine:
    competency: object  # recruiting.Competency
    weight: Decimal
    scores: list[InterviewerScore] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.competency.code

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def exact_mean(self) -> Decimal | None:
        return Decimal(sum(s.score for s in self.scores)) / self.n if self.scores else None

    @property
    def mean(self) -> Decimal | None:
        return q2(self.exact_mean)

    @property
    def weight_percent(self) -> Decimal:
        return half_up(self.weight * 100, "0.1")


@dataclass
class Composite:
    application_id: int
    lines: list[CompetencyLine]
    weights: Weights
    scorecards: int  # current submitted scorecards that contributed

    @property
    def scored_lines(self) -> list[CompetencyLine]:
        return [line for line in self.lines if line.scores and line.weight > 0]

    @property
    def missing(self) -> list[CompetencyLine]:
        """Weighted competencies nobody has scored yet."""
        return [line for line in self.lines if not line.scores and line.weight > 0]

    @property
    def complete(self) -> bool:
        return bool(self.lines) and not self.missing

    @property
    def value(self) -> Decimal | None:
        scored = self.scored_lines
        total_weight = sum((line.weight for line in scored), Decimal(0))
        if not scored or total_weight <= 0:
            return None
        return q2(sum((line.weight * line.exact_mean for line in scored), Decimal(0)) / total_weight)

    def line(self, code: str) -> CompetencyLine | None:
        return next((line for line in self.lines if line.code == code), None)

    def explanations(self) -> list[str]:
        """Sentences for HR: what the number is made of and what is missing."""
        notes = []
        if self.weights.weight_set is None:
            notes.append(gettext("该职位还没有设定面试权重，按等权计算。"))
        else:
            notes.append(gettext("按面试权重 v%(version)s（%(method)s）计算。") % {
                "version": self.weights.version, "method": self.weights.weight_set.get_method_display(),
            })
        if not self.scorecards:
            notes.append(gettext("还没有已提交的评分表，无法计算综合分。"))
        elif self.missing:
            names = pgettext("list separator", "、").join(line.competency.display_name for line in self.missing)
            notes.append(gettext("以下维度尚无评分，综合分按其余维度的权重重新归一计算：%(names)s。") % {"names": names})
        if self.weights.stale_codes:
            notes.append(gettext("权重中有已不在胜任力模型中的维度，已忽略：%(codes)s。") % {
                "codes": "、".join(self.weights.stale_codes)})
        return notes

    def snapshot(self) -> dict:
        """What a HiringDecision stores: the numbers the decider saw."""
        return {
            "composite": None if self.value is None else str(self.value),
            "complete": self.complete,
            "method": self.weights.method,
            "weight_set_version": self.weights.version,
            "scorecards": self.scorecards,
            "lines": [
                {"code": line.code, "weight": str(line.weight), "mean": None if line.mean is None else str(line.mean),
                 "n": line.n, "scores": [s.score for s in line.scores]}
                for line in self.lines
            ],
            "missing": [line.code for line in self.missing],
        }


def counted_scores():
    """The one home of "which scores count": the human scores of current (not superseded), submitted
    scorecards of interviews that took place. Composite, EHR roll-up and calibration all read from here."""
    return ScorecardScore.objects.filter(
        scorecard__is_current=True, scorecard__status=Scorecard.Status.SUBMITTED, score__isnull=False,
    ).exclude(scorecard__interview__status__in=UNSCORED_STATUSES)


def current_submitted_scores(application_ids):
    return counted_scores().filter(scorecard__interview__application_id__in=list(application_ids))


def composites_for(
    position: Position, applications: list[Application], *, dimensions: list[PositionCompetency] | None = None,
) -> dict[int, Composite]:
    """{application id: Composite} for applications of one position — three queries whatever their number
    (two when the caller passes the position's ``dimensions``)."""
    dimensions = position_dimensions(position) if dimensions is None else dimensions
    weights = weights_for(position, dimensions)
    ids = [a.pk for a in applications]
    rows = current_submitted_scores(ids).filter(competency_id__in=[d.competency_id for d in dimensions]).values_list(
        "scorecard__interview__application_id", "competency_id", "scorecard__interviewer_id", "score",
        "ai_suggested", "scorecard_id",
    ).order_by("scorecard__interview__starts_at", "scorecard__interviewer_id", "competency_id")
    by_application: dict[int, dict[int, list[InterviewerScore]]] = defaultdict(lambda: defaultdict(list))
    scorecards: dict[int, set[int]] = defaultdict(set)
    for app_id, competency_id, interviewer_id, score, ai, scorecard_id in rows:
        by_application[app_id][competency_id].append(InterviewerScore(interviewer_id, score, ai))
        scorecards[app_id].add(scorecard_id)
    result = {}
    for app_id in ids:
        per_competency = by_application.get(app_id, {})
        lines = [
            CompetencyLine(d.competency, weights.by_code.get(d.competency.code, Decimal(0)),
                           list(per_competency.get(d.competency_id, [])))
            for d in dimensions
        ]
        result[app_id] = Composite(app_id, lines, weights, len(scorecards.get(app_id, ())))
    return result


def composite_for(application: Application) -> Composite:
    return composites_for(application.position, [application])[application.pk]
