"""Reads of the learning page: the weights in force beside a proposed fit (weights, intervals, what moved),
how the ranking of the position's current candidates would change, the version history and the training
data summary. A fixed number of queries whatever the number of candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from interviews.decision.composite import Composite, composites_for, position_dimensions, q2, weights_for
from interviews.decision.selectors import COMPARISON_STAGES, hidden_application_ids
from interviews.learning.data import hire_applications
from interviews.learning.services import min_hires
from interviews.models import InterviewWeightSet
from recruiting.models import Application, Position


@dataclass
class DimensionRow:
    code: str
    name: str
    current: Decimal
    proposed: Decimal | None
    prior: float | None
    coef: float | None
    ci_low: float | None
    ci_high: float | None
    credited: bool

    @property
    def change(self) -> Decimal | None:
        return None if self.proposed is None else self.proposed - self.current

    @property
    def covers_zero(self) -> bool:
        return self.ci_low is not None and self.ci_low <= 0 <= (self.ci_high or 0)


@dataclass
class RankRow:
    application: Application
    current_value: Decimal | None
    proposed_value: Decimal | None
    current_rank: int | None = None
    proposed_rank: int | None = None

    @property
    def moved(self) -> int | None:
        if self.current_rank is None or self.proposed_rank is None:
            return None
        return self.current_rank - self.proposed_rank  # > 0: moves up


@dataclass
class LearningPage:
    position: Position
    current: object  # composite.Weights
    proposal: InterviewWeightSet | None
    dimensions: list[DimensionRow]
    ranking: list[RankRow]
    hidden_candidates: int
    history: list[InterviewWeightSet]
    hires: int
    minimum: int
    questions: list[dict] = field(default_factory=list)


def value_under(composite: Composite, weights: dict[str, Decimal]) -> Decimal | None:
    """The composite of the same scores under other weights (Σ w·mean / Σ w over scored competencies)."""
    scored = [line for line in composite.lines if line.scores and weights.get(line.code, Decimal(0)) > 0]
    total = sum((weights[line.code] for line in scored), Decimal(0))
    if not scored or total <= 0:
        return None
    return q2(sum((weights[line.code] * line.exact_mean for line in scored), Decimal(0)) / total)


def _ranks(rows: list[RankRow], attr: str, rank_attr: str) -> None:
    ordered = sorted((r for r in rows if getattr(r, attr) is not None), key=lambda r: (-getattr(r, attr), r.application.pk))
    for index, row in enumerate(ordered, start=1):
        setattr(row, rank_attr, index)


def proposal_weights(weight_set: InterviewWeightSet) -> dict[str, Decimal]:
    return {str(k): Decimal(str(v)) for k, v in (weight_set.weights or {}).items()}


def learning_page(position: Position, user, *, proposal_id: int | None = None) -> LearningPage:
    dimensions = position_dimensions(position)
    current = weights_for(position, dimensions)
    sets = list(InterviewWeightSet.objects.filter(position=position)
                .select_related("created_by", "activated_by", "rejected_by").order_by("-version"))
    proposals = [s for s in sets if s.review == InterviewWeightSet.Review.PROPOSED]
    proposal = next((s for s in sets if s.pk == proposal_id), None) if proposal_id else None
    proposal = proposal or (proposals[0] if proposals else None)
    proposed = proposal_weights(proposal) if proposal else {}
    fit_dims = {d["name"]: d for d in ((proposal.fit or {}).get("dimensions", []) if proposal else [])}
    rows = []
    for d in dimensions:
        code = d.competency.code
        info = fit_dims.get(code, {})
        rows.append(DimensionRow(
            code=code, name=d.competency.display_name, current=current.by_code.get(code, Decimal(0)),
            proposed=proposed.get(code) if proposal else None, prior=info.get("prior"), coef=info.get("coef"),
            ci_low=info.get("ci_low"), ci_high=info.get("ci_high"), credited=bool(info.get("credited")),
        ))
    ranking: list[RankRow] = []
    hidden = set()
    if proposal:
        applications = list(Application.objects.filter(position=position, stage__in=COMPARISON_STAGES)
                            .select_related("candidate"))
        hidden = hidden_application_ids(user, [a.pk for a in applications]) if applications else set()
        visible = [a for a in applications if a.pk not in hidden]
        composites = composites_for(position, visible, dimensions=dimensions) if visible else {}
        for application in visible:
            composite = composites[application.pk]
            ranking.append(RankRow(application, composite.value, value_under(composite, proposed)))
        _ranks(ranking, "current_value", "current_rank")
        _ranks(ranking, "proposed_value", "proposed_rank")
        ranking.sort(key=lambda r: (r.proposed_rank is None, r.proposed_rank or 0, r.application.pk))
    questions = (proposal.fit or {}).get("questions", []) if proposal else []
    return LearningPage(
        position=position, current=current, proposal=proposal, dimensions=rows, ranking=ranking,
        hidden_candidates=len(hidden), history=sets, hires=hire_applications(position).count(),
        minimum=min_hires(), questions=questions,
    )
