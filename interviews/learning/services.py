"""Writes of the learning loop: fitted weight sets are **proposed**, then activated or rejected by a person;
question effectiveness is written onto the bank; flagged questions are retired after review.

- ``refit_position`` (the body of the RQ job): fit the position's training data (interviews/learning/data.py)
  with the pure model, write every question's effectiveness, and store a new ``InterviewWeightSet`` version
  with method "regression", ``review="proposed"`` and ``is_active=False`` — unless the status is
  ``insufficient_data`` or the latest fitted set already holds a fit of the same data hash and settings.
- ``activate_weight_set`` / ``reject_weight_set``: the only way a fitted set comes into force or is set aside;
  who and when are stored, the position row is locked, exactly one set stays active, both are audited.
- ``retire_question``: a flagged question leaves the bank (status "retired") after a person looked at it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hrportal import audit
from interviews.learning import model as learning_model
from interviews.learning.data import PositionTrainingData, position_training_data
from interviews.models import InterviewWeightSet, Question
from recruiting.models import Position

log = logging.getLogger(__name__)

FOUR = Decimal("0.0001")


def min_hires() -> int:
    """The configured minimum number of hires (with scores and a later review) before a set is proposed."""
    return int(getattr(settings, "INTERVIEW_LEARNING_MIN_HIRES", 30))


def learning_config() -> learning_model.LearningConfig:
    return learning_model.LearningConfig(min_n=min_hires())


@dataclass
class PositionFit:
    data: PositionTrainingData
    result: learning_model.FitResult

    @property
    def fingerprint(self) -> str:
        """Same training data, same prior, same settings → same fingerprint (no new version)."""
        config = learning_config()
        payload = [self.result.data_hash, sorted(self.data.prior.items()), config.min_n, config.n_boot,
                   config.shrink_k, config.seed, learning_model.METHOD]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def fit_position(position: Position) -> PositionFit:
    """The fit of the position's current training data (nothing stored)."""
    data = position_training_data(position)
    result = learning_model.fit(data.training(), prior=data.prior, config=learning_config())
    return PositionFit(data, result)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(FOUR)


def write_question_effectiveness(position: Position, result: learning_model.FitResult) -> int:
    """Store each question's r, interval, n and verdict on the bank; questions of the position that no hire
    was asked keep "尚无数据". Returns the number of questions updated."""
    now = timezone.now()
    by_id = {q.id: q for q in result.questions}
    questions = list(Question.objects.filter(position=position, pk__in=[int(i) for i in by_id if i.isdigit()]))
    for question in questions:
        effect = by_id[str(question.pk)]
        question.effectiveness = _decimal(effect.r)
        question.effectiveness_low = _decimal(effect.ci_low)
        question.effectiveness_high = _decimal(effect.ci_high)
        question.effectiveness_n = effect.n
        question.effect = effect.verdict
        question.effectiveness_at = now
    Question.objects.bulk_update(questions, ["effectiveness", "effectiveness_low", "effectiveness_high",
                                             "effectiveness_n", "effect", "effectiveness_at"])
    return len(questions)


def refit_position(*, position_id: int, requested_by_id: int | None = None) -> dict:
    """Fit and propose (the RQ job's body; safe to run twice or concurrently). Returns what happened:
    ``{"status": "insufficient_data" | "unchanged" | "proposed" | "gone", ...}``."""
    position = Position.objects.filter(pk=position_id).first()
    if position is None:
        return {"status": "gone", "position_id": position_id}
    fitted = fit_position(position)
    result = fitted.result
    questions = write_question_effectiveness(position, result)
    summary = {"position": position.code, "n": result.n, "minimum": min_hires(), "questions": questions}
    if not result.ok:
        log.info("learning %s: %s (%s hires, minimum %s)", position.code, result.status, result.n, min_hires())
        return {"status": result.status, **summary}
    fingerprint = fitted.fingerprint
    with transaction.atomic():
        Position.objects.select_for_update().filter(pk=position.pk).first()
        latest = (InterviewWeightSet.objects.filter(position=position, method=InterviewWeightSet.Method.REGRESSION)
                  .order_by("-version").first())
        if latest is not None and (latest.fit or {}).get("fingerprint") == fingerprint:
            return {"status": "unchanged", "version": latest.version, **summary}
        # an older proposal nobody decided on is replaced by the fresher one
        InterviewWeightSet.objects.filter(position=position, review=InterviewWeightSet.Review.PROPOSED).update(
            review=InterviewWeightSet.Review.REJECTED, rejected_at=timezone.now(),
            review_note=gettext("被更新的拟合取代"),
        )
        last = InterviewWeightSet.objects.filter(position=position).order_by("-version").values_list("version", flat=True).first()
        fit_data = result.to_dict()
        fit_data.update(fingerprint=fingerprint, prior=fitted.data.prior, hires=fitted.data.hires,
                        without_reviews=fitted.data.without_reviews)
        weight_set = InterviewWeightSet.objects.create(
            position=position, version=(last or 0) + 1, method=InterviewWeightSet.Method.REGRESSION,
            weights={name: str(Decimal(str(w)).quantize(FOUR)) for name, w in _four_places(result.weights()).items()},
            is_active=False, review=InterviewWeightSet.Review.PROPOSED, data_hash=result.data_hash,
            hires_used=result.n, metrics=result.metrics, fit=fit_data, created_by_id=requested_by_id,
            note=gettext("绩效回归拟合（%(n)s 名录用员工）") % {"n": result.n},
        )
    log.info("learning %s: proposed v%s fitted on %s hires", position.code, weight_set.version, result.n)
    return {"status": "proposed", "version": weight_set.version, **summary}


def _four_places(weights: dict[str, float]) -> dict[str, float]:
    """Weights rounded to 4 places (as the composite stores them) still summing to exactly 1."""
    rounded = {k: round(v, 4) for k, v in weights.items()}
    rest = round(1 - sum(rounded.values()), 4)
    if rounded and rest:
        largest = max(rounded, key=lambda k: rounded[k])
        rounded[largest] = round(rounded[largest] + rest, 4)
    return rounded


class ReviewRefused(ValidationError):
    """An activation or rejection that cannot be done (message readable by HR)."""


def _locked_proposal(weight_set: InterviewWeightSet) -> InterviewWeightSet:
    Position.objects.select_for_update().filter(pk=weight_set.position_id).first()
    current = InterviewWeightSet.objects.select_for_update().get(pk=weight_set.pk)
    if current.review != InterviewWeightSet.Review.PROPOSED:
        raise ReviewRefused(gettext("该权重版本已经审核过（%(state)s），没有再次执行。") % {
            "state": current.get_review_display()})
    return current


@transaction.atomic
def activate_weight_set(*, weight_set: InterviewWeightSet, by, note: str = "", request=None) -> InterviewWeightSet:
    """Put a proposed fitted set into force: it becomes the position's only active set; who activated it and
    when are stored and audited. Refused for a set that is not (or no longer) proposed."""
    current = _locked_proposal(weight_set)
    InterviewWeightSet.objects.filter(position_id=current.position_id, is_active=True).update(is_active=False)
    current.is_active = True
    current.review = InterviewWeightSet.Review.ACTIVATED
    current.activated_by = by
    current.activated_at = timezone.now()
    current.review_note = (note or "").strip()[:300]
    current.save(update_fields=["is_active", "review", "activated_by", "activated_at", "review_note"])
    audit.record(action="change", obj=current.position, fields=["interview_weights"], actor=by, request=request,
                 note=f"fitted interview weights v{current.version} activated")
    return current


@transaction.atomic
def reject_weight_set(*, weight_set: InterviewWeightSet, by, note: str = "", request=None) -> InterviewWeightSet:
    """Set a proposed fitted set aside (it stays in the history with who rejected it and why)."""
    current = _locked_proposal(weight_set)
    current.review = InterviewWeightSet.Review.REJECTED
    current.rejected_by = by
    current.rejected_at = timezone.now()
    current.review_note = (note or "").strip()[:300]
    current.save(update_fields=["review", "rejected_by", "rejected_at", "review_note"])
    audit.record(action="change", obj=current.position, fields=["interview_weights"], actor=by, request=request,
                 note=f"fitted interview weights v{current.version} rejected")
    return current


@transaction.atomic
def retire_question(*, question: Question, by, request=None) -> Question:
    """Take a question out of use after review: the generator and plan editing no longer offer it; rounds
    that already hold it show it as retired until HR replaces it."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.status == Question.Status.RETIRED:
        return locked
    locked.status = Question.Status.RETIRED
    locked.save(update_fields=["status", "updated_at"])
    audit.record(action="change", obj=locked, fields=["status"], actor=by, request=request,
                 note=f"question retired (effect {locked.effect or 'unknown'})")
    return locked
