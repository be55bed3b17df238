"""Calibration of AI suggested scores against interviewers' scores, and an isotonic recalibration.

Metrics over paired 1–5 scores (AI suggestion, human score):

- quadratic-weighted kappa on the 1..5 scale (scores rounded half up to whole points first);
- Spearman rank correlation (average ranks for ties);
- mean bias = mean(ai − human): positive means the AI scores higher;
- the seed's difference rate: share of pairs with |ai − human| > tolerance (default 1 point).

The metrics themselves live once, in ``hrportal.stats`` (shared with screening and the dashboard); this module
applies them to the 1–5 scale, per competency and per interviewer.
The report breaks the metrics down per competency and per interviewer, adds human–human agreement where two
interviewers scored the same competency of the same interview, and raises an alert when the difference rate
passes the threshold (default 5 %).

``fit_recalibration`` fits a monotone map raw → human (``sklearn.isotonic.IsotonicRegression``); the fitted
thresholds are plain lists, so the model is stored as JSON and applied later without scikit-learn.
Only numpy is imported at module level; scikit-learn loads when a recalibration is fitted.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy (≈ 0.1 s to import) is imported by the functions that compute: every Django
    import numpy as np  # process imports this module at start-up, most never compute a statistic

from hrportal import stats

CALIBRATION_VERSION = "calib-1.0"
DEFAULT_TOLERANCE = 1.0
DEFAULT_ALERT_THRESHOLD = 0.05
MIN_GROUP_SIZE_FOR_ALERT = 20
MIN_PAIRS_TO_FIT = 30
SCALE = (1, 5)


@dataclass(frozen=True)
class CalibrationPair:
    """One AI suggestion and one interviewer's score for the same answer/competency."""

    ai: float
    human: float
    competency: str = ""
    interviewer: str = ""
    interview: str = ""  # lets the report pair up interviewers who scored the same interview


@dataclass
class AgreementStats:
    n: int
    qwk: float | None
    spearman: float | None
    mean_bias: float | None
    mean_abs_diff: float | None
    difference_rate: float | None
    exact_agreement: float | None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CalibrationReport:
    overall: AgreementStats
    by_competency: dict[str, AgreementStats]
    by_interviewer: dict[str, AgreementStats]
    human_human: AgreementStats | None  # None when no interview was scored by two interviewers
    human_human_by_competency: dict[str, AgreementStats]
    tolerance: float
    alert_threshold: float
    alert: bool  # overall difference rate above the threshold
    alerts: list[dict] = field(default_factory=list)  # every scope (overall/competency/interviewer) above it
    calibration_version: str = CALIBRATION_VERSION

    def to_dict(self) -> dict:
        return asdict(self)


def agreement(a: Iterable[float], b: Iterable[float], *, tolerance: float = DEFAULT_TOLERANCE) -> AgreementStats:
    x, y = stats.as_array(a), stats.as_array(b)
    if x.size != y.size:
        raise ValueError(f"paired scores differ in length: {x.size} vs {y.size}")
    if x.size == 0:
        return AgreementStats(0, None, None, None, None, None, None)
    return AgreementStats(
        n=int(x.size),
        qwk=_round(stats.quadratic_weighted_kappa(x, y, low=SCALE[0], high=SCALE[1])),
        spearman=_round(stats.spearman(x, y)),
        mean_bias=_round(stats.mean_bias(x, y)),
        mean_abs_diff=_round(stats.mean_abs_diff(x, y)),
        difference_rate=_round(stats.difference_rate(x, y, tolerance=tolerance)),
        exact_agreement=_round(float((to_scale(x) == to_scale(y)).mean())),
    )


def to_scale(values: Iterable[float]) -> np.ndarray:
    """Whole points on the 1–5 rating scale (``hrportal.stats.to_scale``)."""
    return stats.to_scale(values, low=SCALE[0], high=SCALE[1])


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), digits)


def _grouped(keys: Sequence[str], x: np.ndarray, y: np.ndarray, tolerance: float) -> dict[str, AgreementStats]:
    import numpy as np
    labels, inverse = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    order = np.argsort(inverse, kind="mergesort")
    bounds = np.r_[0, np.cumsum(np.bincount(inverse, minlength=labels.size))]
    result = {}
    for i, label in enumerate(labels):
        if not label:
            continue
        rows = order[bounds[i]:bounds[i + 1]]
        result[str(label)] = agreement(x[rows], y[rows], tolerance=tolerance)
    return result


def human_human_pairs(pairs: Sequence[CalibrationPair]) -> tuple[list[float], list[float], list[str]]:
    """Score pairs of two interviewers on the same interview and competency (interviewers in id order)."""
    scored: dict[tuple[str, str], dict[str, float]] = {}
    for p in pairs:
        if p.interview and p.interviewer:
            scored.setdefault((p.interview, p.competency), {})[p.interviewer] = float(p.human)
    first, second, competencies = [], [], []
    for (_, competency), by_interviewer in scored.items():
        for one, two in combinations(sorted(by_interviewer), 2):
            first.append(by_interviewer[one])
            second.append(by_interviewer[two])
            competencies.append(competency)
    return first, second, competencies


def calibration_report(
    pairs: Sequence[CalibrationPair],
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    alert_threshold: float = DEFAULT_ALERT_THRESHOLD,
    min_group_size: int = MIN_GROUP_SIZE_FOR_ALERT,
) -> CalibrationReport:
    """AI-vs-human agreement overall, per competency and per interviewer, plus human–human agreement.

    Guarantees: ``alert`` is True exactly when the overall difference rate is above ``alert_threshold``;
    ``alerts`` lists the overall scope and every competency/interviewer with at least ``min_group_size``
    pairs above it, worst first.
    """
    import numpy as np
    ai = np.fromiter((p.ai for p in pairs), dtype=float, count=len(pairs))
    human = np.fromiter((p.human for p in pairs), dtype=float, count=len(pairs))
    overall = agreement(ai, human, tolerance=tolerance)
    by_competency = _grouped([p.competency for p in pairs], ai, human, tolerance) if pairs else {}
    by_interviewer = _grouped([p.interviewer for p in pairs], ai, human, tolerance) if pairs else {}

    first, second, hh_competency = human_human_pairs(pairs)
    human_human = agreement(first, second, tolerance=tolerance) if first else None
    hh_by_competency = (
        _grouped(hh_competency, np.asarray(first), np.asarray(second), tolerance) if first else {}
    )

    def above(group: AgreementStats) -> bool:
        return group.difference_rate is not None and group.difference_rate > alert_threshold

    alerts = []
    if above(overall):
        alerts.append({"scope": "overall", "key": "", "n": overall.n, "difference_rate": overall.difference_rate})
    for scope, groups in (("competency", by_competency), ("interviewer", by_interviewer)):
        for key, group in groups.items():
            if group.n >= min_group_size and above(group):
                alerts.append({"scope": scope, "key": key, "n": group.n, "difference_rate": group.difference_rate})
    alerts.sort(key=lambda a: (a["scope"] != "overall", -a["difference_rate"]))
    return CalibrationReport(
        overall=overall, by_competency=by_competency, by_interviewer=by_interviewer, human_human=human_human,
        human_human_by_competency=hh_by_competency, tolerance=tolerance, alert_threshold=alert_threshold,
        alert=above(overall), alerts=alerts,
    )


@dataclass(frozen=True)
class Recalibration:
    """A fitted monotone map from the engine's raw score to the interviewers' scale.

    ``apply`` interpolates linearly between the thresholds and clips outside them — exactly what
    ``IsotonicRegression(out_of_bounds="clip").predict`` does — so a stored model needs only numpy.
    """

    version: str
    x_thresholds: tuple[float, ...]
    y_thresholds: tuple[float, ...]
    n_pairs: int
    source_engine_version: str = ""
    holdout: dict | None = None  # difference rate / MAE before and after, on pairs the fit did not see

    def apply(self, value: float) -> float:
        import numpy as np
        return float(np.interp(float(value), self.x_thresholds, self.y_thresholds))

    def apply_many(self, values: Iterable[float]) -> np.ndarray:
        import numpy as np
        return np.interp(stats.as_array(values), self.x_thresholds, self.y_thresholds)

    def suggest(self, value: float) -> int:
        """The recalibrated suggestion as a whole point 1..5."""
        return int(to_scale([self.apply(value)])[0])

    def to_dict(self) -> dict:
        return {
            "version": self.version, "x_thresholds": list(self.x_thresholds), "y_thresholds": list(self.y_thresholds),
            "n_pairs": self.n_pairs, "source_engine_version": self.source_engine_version, "holdout": self.holdout,
            "calibration_version": CALIBRATION_VERSION,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Recalibration:
        x, y = tuple(float(v) for v in data["x_thresholds"]), tuple(float(v) for v in data["y_thresholds"])
        if len(x) != len(y) or not x or any(b < a for a, b in zip(x, x[1:], strict=False)):
            raise ValueError("recalibration thresholds must be two equally long lists with x non-decreasing")
        return cls(
            version=data["version"], x_thresholds=x, y_thresholds=y, n_pairs=int(data.get("n_pairs", 0)),
            source_engine_version=data.get("source_engine_version", ""), holdout=data.get("holdout"),
        )


def _isotonic(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from sklearn.isotonic import IsotonicRegression  # heavy import, only when fitting

    model = IsotonicRegression(y_min=SCALE[0], y_max=SCALE[1], increasing=True, out_of_bounds="clip").fit(x, y)
    return tuple(float(v) for v in model.X_thresholds_), tuple(float(v) for v in model.y_thresholds_)


def fit_recalibration(
    raw: Iterable[float],
    human: Iterable[float],
    *,
    source_engine_version: str = "",
    version: str | None = None,
    holdout_fraction: float = 0.2,
    seed: int = 0,
    tolerance: float = DEFAULT_TOLERANCE,
    min_pairs: int = MIN_PAIRS_TO_FIT,
) -> Recalibration:
    """Fit raw AI score → human score on history.

    The stored map is fitted on all pairs; ``holdout`` reports, for a map fitted without a random
    ``holdout_fraction`` of the pairs, the difference rate and mean absolute difference on those pairs before
    and after recalibration — the honest estimate of what applying it will change. ``version`` defaults to a
    hash of the thresholds, so the same fit always carries the same version.
    """
    import numpy as np
    x, y = stats.as_array(raw), stats.as_array(human)
    if x.size != y.size:
        raise ValueError(f"raw and human scores differ in length: {x.size} vs {y.size}")
    if x.size < min_pairs:
        raise ValueError(f"need at least {min_pairs} scored pairs to fit a recalibration, got {x.size}")
    holdout = None
    n_test = int(round(x.size * holdout_fraction))
    if 0 < n_test < x.size - 1:
        order = np.random.default_rng(seed).permutation(x.size)
        test, train = order[:n_test], order[n_test:]
        tx, ty = _isotonic(x[train], y[train])
        adjusted = np.interp(x[test], tx, ty)
        before_s, after_s = to_scale(x[test]), to_scale(adjusted)
        holdout = {
            "n": int(n_test),
            "difference_rate_before": round(float((np.abs(before_s - y[test]) > tolerance + 1e-9).mean()), 6),
            "difference_rate_after": round(float((np.abs(after_s - y[test]) > tolerance + 1e-9).mean()), 6),
            "mean_abs_diff_before": round(float(np.abs(x[test] - y[test]).mean()), 6),
            "mean_abs_diff_after": round(float(np.abs(adjusted - y[test]).mean()), 6),
        }
    xs, ys = _isotonic(x, y)
    if version is None:
        digest = hashlib.sha256(json.dumps([xs, ys, source_engine_version]).encode()).hexdigest()[:12]
        version = f"iso-{digest}"
    return Recalibration(
        version=version, x_thresholds=xs, y_thresholds=ys, n_pairs=int(x.size),
        source_engine_version=source_engine_version, holdout=holdout,
    )
