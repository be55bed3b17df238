"""Writes of item 8: a position's interview weights (versioned) and the hiring decision.

``set_interview_weights`` stores a new active version; ``decide_hiring`` records a person's decision with
its reason and the composite they saw, and moves the application (offer / rejected) in the same
transaction, so the stage history and the decision never disagree.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from hrportal import audit
from interviews.decision.composite import WEIGHT_PLACES, composite_for, equal_weights, position_dimensions
from interviews.decision.selectors import hidden_application_ids
from interviews.models import HiringDecision, InterviewWeightSet
from recruiting.models import Application, Position
from recruiting.pipeline import Stage

# The sum of a weight set may be off by this much (three people typing 0.3333 are not wrong).
SUM_TOLERANCE = Decimal("0.001")
OUTCOME_STAGE = {HiringDecision.Outcome.OFFER: Stage.OFFER, HiringDecision.Outcome.REJECT: Stage.REJECTED}


class DecisionRefused(ValidationError):
    """A hiring decision that cannot be taken (message readable by HR)."""


def _parse_weight(code: str, value) -> Decimal:
    try:
        weight = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(gettext("“%(code)s”的权重不是数字。") % {"code": code}) from None
    if not weight.is_finite() or weight < 0 or weight > 1:
        raise ValidationError(gettext("“%(code)s”的权重必须在 0 到 1 之间。") % {"code": code})
    return weight.quantize(WEIGHT_PLACES)


@transaction.atomic
def set_interview_weights(
    *, position: Position, weights: dict, by, method: str = InterviewWeightSet.Method.MANUAL, note: str = "",
) -> InterviewWeightSet:
    """Store ``weights`` ({competency code: weight}) as the position's next, active weight-set version.

    Guarantees: only competencies of the position's model are accepted (ValidationError naming the others);
    each weight is in [0, 1]; the weights sum to 1 (± 0.001); a competency of the model that is not given
    gets weight 0 explicitly. The position row is locked, so two saves get versions N+1 and N+2 and exactly
    one set stays active. Audited as a change of the position.
    """
    if method not in InterviewWeightSet.Method.values:
        raise ValidationError(gettext("未知的权重方法：%(method)s") % {"method": method})
    codes = [d.competency.code for d in position_dimensions(position)]
    unknown = sorted(set(map(str, weights)) - set(codes))
    if unknown:
        raise ValidationError(gettext("以下维度不在该职位的胜任力模型中：%(codes)s") % {"codes": "、".join(unknown)})
    if not codes:
        raise ValidationError(gettext("该职位还没有胜任力模型，无法设定面试权重。"))
    parsed = {code: _parse_weight(code, weights.get(code, 0)) for code in codes}
    total = sum(parsed.values(), Decimal(0))
    if abs(total - 1) > SUM_TOLERANCE:
        raise ValidationError(gettext("权重合计必须为 1（当前为 %(total)s）。") % {"total": total.normalize()})
    Position.objects.select_for_update().filter(pk=position.pk).first()
    last = InterviewWeightSet.objects.filter(position=position).order_by("-version").values_list("version", flat=True).first()
    InterviewWeightSet.objects.filter(position=position, is_active=True).update(is_active=False)
    weight_set = InterviewWeightSet.objects.create(
        position=position, version=(last or 0) + 1, weights={code: str(w) for code, w in parsed.items()},
        method=method, note=(note or "").strip()[:300], is_active=True, created_by=by,
    )
    audit.record(action="change", obj=position, fields=["interview_weights"], actor=by,
                 note=f"interview weights v{weight_set.version} ({method})")
    return weight_set


def set_equal_weights(*, position: Position, by, note: str = "") -> InterviewWeightSet:
    """A new active version holding equal weights (1/k, summing to exactly 1)."""
    codes = [d.competency.code for d in position_dimensions(position)]
    return set_interview_weights(position=position, weights=equal_weights(codes), by=by,
                                 method=InterviewWeightSet.Method.EQUAL, note=note)


@transaction.atomic
def decide_hiring(*, application: Application, outcome: str, reason: str, by, request=None) -> HiringDecision:
    """Record a person's hiring decision and move the application to offer or rejected.

    Guarantees: refused (DecisionRefused, nothing written) without a reason, for an unknown outcome, when the
    application is not in "interviewing" — which also makes a double click or a second tab safe: the second
    request finds the application already moved and writes nothing — when the decider sits on one of the
    candidate's panels and has not submitted their own scorecard, and for an offer without any submitted
    scorecard. On success exactly one HiringDecision (with the composite, the weight set and the
    per-competency numbers the decider saw), one stage-history row carrying the reason and one audit row
    are written, all in one transaction.
    """
    reason = (reason or "").strip()
    if outcome not in OUTCOME_STAGE:
        raise DecisionRefused(gettext("未知的决定：%(outcome)s") % {"outcome": outcome})
    if not reason:
        raise DecisionRefused(gettext("请填写决定的原因。"))
    current = Application.objects.select_for_update().only("id", "stage").get(pk=application.pk).stage
    if current != Stage.INTERVIEWING:
        already = HiringDecision.objects.filter(application=application).order_by("-decided_at", "-id").first()
        if already is not None and current == OUTCOME_STAGE.get(already.outcome):
            raise DecisionRefused(
                gettext("该候选人已被决定为“%(outcome)s”，重复的操作没有执行。") % {"outcome": already.get_outcome_display()}
            )
        raise DecisionRefused(
            gettext("只有“面试中”的候选人可以作出录用决定（当前阶段：%(stage)s）。") % {"stage": Stage(current).label}
        )
    if hidden_application_ids(by, [application.pk]):
        # a panel member decides only after scoring: independence first, and the decision records the numbers
        # the decider saw, which they cannot see before their own scorecard is in
        raise DecisionRefused(gettext("你是该候选人的面试官，请先在面试间提交自己的评分表，再作出决定。"))
    composite = composite_for(application)
    if outcome == HiringDecision.Outcome.OFFER and not composite.scorecards:
        raise DecisionRefused(gettext("还没有已提交的面试评分表，不能发放录用。"))
    decision = HiringDecision.objects.create(
        application=application, outcome=outcome, reason=reason[:500], composite=composite.value,
        weight_set=composite.weights.weight_set, details=composite.snapshot(), decided_by=by,
    )
    application.set_stage(OUTCOME_STAGE[outcome], by=by, reason=reason)
    audit.record(action="change", obj=application, fields=["stage", "hiring_decision"], actor=by, request=request,
                 note=f"hiring decision {outcome}")
    return decision
