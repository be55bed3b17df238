"""RQ entry points of the interviews app: small, idempotent, they take ids.

``fit_recalibration_job`` fits the isotonic map raw AI score → interviewers' score on every current
submitted score that has the engine's raw value (``ScorecardScore.ai_raw``), stores it as the next
``RecalibrationModel`` version and makes it the active one when it is good enough (see
``_should_activate``). New AI suggestions then apply the active version and record its label
(``recal-N``) as their ``recalibration_version``.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from hrportal import queues, stats
from hrportal.lazy_imports import LazyModule
from interviews.calibration import services as calibration_service
from interviews.engine.calibration import MIN_PAIRS_TO_FIT, Recalibration, fit_recalibration, to_scale
from interviews.models import RecalibrationModel

np = LazyModule("numpy")  # imported at first use: Django start-up stays light

log = logging.getLogger(__name__)

RECALIBRATION_JOB_ID = "interviews-fit-recalibration"
HOLDOUT_FRACTION = 0.2
HOLDOUT_SEED = 20260101


def _errors(predicted: np.ndarray, human: np.ndarray, tolerance: float) -> dict:
    """Difference rate (on whole points, as suggestions are shown) and mean absolute difference."""
    return {
        "difference_rate": round(stats.difference_rate(to_scale(predicted), human, tolerance=tolerance), 6),
        "mean_abs_diff": round(stats.mean_abs_diff(predicted, human), 6),
    }


def _holdout_comparison(raw: np.ndarray, human: np.ndarray, active: Recalibration | None, tolerance: float) -> dict:
    """Fit on 80 % of the pairs and compare, on the other 20 %: no recalibration, the active model and the
    candidate. Both the active model and the candidate are scored on pairs the candidate did not see."""
    order = np.random.default_rng(HOLDOUT_SEED).permutation(raw.size)
    n_test = max(1, int(round(raw.size * HOLDOUT_FRACTION)))
    test, train = order[:n_test], order[n_test:]
    trial = fit_recalibration(raw[train], human[train], holdout_fraction=0, min_pairs=1)
    result = {
        "n": int(n_test),
        "raw": _errors(raw[test], human[test], tolerance),
        "candidate": _errors(trial.apply_many(raw[test]), human[test], tolerance),
    }
    if active is not None:
        result["active"] = _errors(active.apply_many(raw[test]), human[test], tolerance)
    return result


def _should_activate(comparison: dict) -> tuple[bool, str]:
    """Activate only a model that is no worse than showing raw scores and no worse than the active model,
    on both the difference rate and the mean absolute difference of the held-out pairs."""
    candidate = comparison["candidate"]
    for baseline, why in (("raw", "worse than no recalibration"), ("active", "worse than the active version")):
        other = comparison.get(baseline)
        if other is None:
            continue
        if (candidate["difference_rate"] > other["difference_rate"] + 1e-9
                or candidate["mean_abs_diff"] > other["mean_abs_diff"] + 1e-9):
            return False, why
    return True, "improves" if "active" in comparison else "first fit"


def fit_recalibration_job(*, requested_by_id: int | None = None) -> dict:
    """Fit a recalibration on history and store it as the next version (the RQ job; safe to run twice).

    Guarantees: with fewer than ``MIN_PAIRS_TO_FIT`` pairs nothing is stored and the result says so
    (``status="too_few"``); a fit identical to the latest stored version (same thresholds, same engine
    version — the same history gives the same fit) stores nothing (``"unchanged"``); otherwise version
    N+1 is stored, and made the only active version when ``_should_activate`` says it is not worse than
    raw suggestions and the active version on held-out pairs (``"activated"``), else kept inactive with the
    reason (``"stored"``). Two jobs racing store at most one new version (unique version/active constraints).
    """
    tolerance = calibration_service.tolerance()
    raw_list, human_list, engine_version = calibration_service.load_fit_pairs()
    n = len(raw_list)
    if n < MIN_PAIRS_TO_FIT:
        log.info("recalibration not fitted: %s pairs, minimum %s", n, MIN_PAIRS_TO_FIT)
        return {"status": "too_few", "pairs": n, "minimum": MIN_PAIRS_TO_FIT}
    raw, human = np.asarray(raw_list, dtype=float), np.asarray(human_list, dtype=float)
    fitted = fit_recalibration(raw, human, source_engine_version=engine_version, tolerance=tolerance)
    fingerprint = fitted.version  # a hash of the thresholds and the engine version

    latest = RecalibrationModel.objects.order_by("-version").first()
    if latest is not None and (latest.metrics or {}).get("fingerprint") == fingerprint:
        log.info("recalibration unchanged: v%s already holds this fit", latest.version)
        return {"status": "unchanged", "pairs": n, "version": latest.version, "active": latest.is_active}

    active_row = RecalibrationModel.objects.filter(is_active=True).first()
    active = Recalibration.from_dict(active_row.model) if active_row is not None else None
    comparison = _holdout_comparison(raw, human, active, tolerance)
    activate, reason = _should_activate(comparison)
    try:
        with transaction.atomic():
            last = RecalibrationModel.objects.select_for_update().order_by("-version").first()
            version = (last.version if last else 0) + 1
            model = Recalibration(
                version=f"recal-{version}", x_thresholds=fitted.x_thresholds, y_thresholds=fitted.y_thresholds,
                n_pairs=fitted.n_pairs, source_engine_version=engine_version, holdout=fitted.holdout,
            )
            if activate:
                RecalibrationModel.objects.filter(is_active=True).update(is_active=False)
            row = RecalibrationModel.objects.create(
                version=version, model=model.to_dict(), pairs_used=n, is_active=activate,
                fitted_by_id=requested_by_id,
                metrics={
                    "fingerprint": fingerprint, "tolerance": tolerance, "holdout": comparison,
                    "activated": activate, "reason": reason,
                    "replaced": active_row.version if (activate and active_row) else None,
                },
            )
    except IntegrityError:
        # Another worker stored a version between our read and our insert; its fit is as fresh as ours.
        log.warning("recalibration: a concurrent fit stored a version first; nothing stored")
        return {"status": "concurrent", "pairs": n}
    log.info("recalibration v%s fitted on %s pairs: %s (%s)", row.version, n,
             "activated" if activate else "stored inactive", reason)
    return {"status": "activated" if activate else "stored", "pairs": n, "version": row.version, "reason": reason}


def schedule_recalibration(*, requested_by_id: int | None = None):
    """Queue the fit (one pending job at a time); in the embedded mode it runs at once and returns its dict."""
    return queues.enqueue(fit_recalibration_job, queue="default", job_id=RECALIBRATION_JOB_ID,
                          requested_by_id=requested_by_id)
