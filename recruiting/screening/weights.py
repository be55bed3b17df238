"""The screening weight rule: weights learned from how past hires performed (ridge regression of performance on component scores, shrunk toward the configured weights). The data and the minimum number of hires come from recruiting.weighting."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .model import COMPONENT_NAMES, COMPONENTS, ComponentWeights, WeightInsight

RIDGE_ALPHAS = (0.1, 1.0, 10.0, 100.0)  # L2 penalties historical_weights chooses from


def historical_weights(
    base: ComponentWeights,
    samples: Sequence[tuple[Mapping[str, float | None], float]],
    *,
    min_samples: int,
    min_correlation: float = 0.15,
    max_shift: float = 0.5,
    shrink: int = 30,
    alpha: float | None = None,
    version: str = "",
    report: dict | None = None,
) -> ComponentWeights:
    """Adjust component weights from past hires: ``samples`` are (component scores of the hire's resume
    under the current model — None where a component did not apply —, later performance score).

    The rule (the one home of it; docs/weighting.md):
    1. A component takes part when it applied to at least ``min_samples`` hires and its score varies;
       where it did not apply to a hire, that hire gets the component's mean (neutral).
    2. A ridge regression (scikit-learn ``Ridge``; L2 penalty ``alpha``, or chosen among RIDGE_ALPHAS by
       leave-one-out cross-validation when None) of standardised performance on
       the standardised scores of the taking-part components, fitted jointly so that a component that only
       rides along with a predictive one gets little credit. Coefficients β below ``min_correlation`` in
       absolute value count as 0.
    3. Learned weights: each configured weight times (1 + β), β clipped to [−1, 1] (0 for a component
       that did not take part), re-normalised — a predictive component gains, one that predicts lower
       performance loses, and none goes below 0.
    4. Shrinkage by sample size: effective = configured + n/(n + ``shrink``) · (learned − configured), so
       small samples stay close to the configured weights. The result is expressed as multiplicative
       factors on the configured weights (non-negative; the total stays the configured total).
    Nothing moves with fewer than ``min_samples`` hires. Each component whose β counted and whose weight
    moved by at least half a percentage point gets a sentence for the explanation. ``max_shift`` is kept
    for callers of the former rule and caps nothing.

    When ``report`` is a dict it is filled with the fit's figures: ``n``, ``alpha``, ``shrink``, ``lambda``,
    ``components`` (taking part), ``coefficients`` (β per component), ``cv_r2`` (5-fold cross-validated R²
    of the same ridge model, None below 10 hires) and ``adjusted`` (bool).
    """
    del max_shift  # kept in the signature for compatibility
    configured = base.configured()
    n = len(samples)
    info: dict = {"n": n, "alpha": alpha, "shrink": shrink, "lambda": 0.0, "components": [], "coefficients": {},
                  "cv_r2": None, "adjusted": False}
    if report is not None:
        report.update(info)
    unchanged = replace(base, factors=(), insights=(), version=base.version)
    if n < min_samples or n < 3:
        return unchanged
    columns: list[str] = []
    matrix: list[list[float]] = []
    for component in COMPONENTS:
        values = [s.get(component) for s, _ in samples]
        present = [float(v) for v in values if v is not None]
        if len(present) < min_samples or max(present) - min(present) < 1e-9:
            continue
        mean = math.fsum(present) / len(present)
        columns.append(component)
        matrix.append([mean if v is None else float(v) for v in values])
    performance = [float(p) for _, p in samples]
    if not columns or max(performance) - min(performance) < 1e-9:
        return unchanged

    import numpy as np  # heavy imports, only when fitting
    from sklearn.linear_model import Ridge, RidgeCV
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x = np.array(matrix, dtype=float).T
    y = np.array(performance, dtype=float)
    xs = (x - x.mean(axis=0)) / x.std(axis=0)
    ys = (y - y.mean()) / y.std()
    alphas = (alpha,) if alpha is not None else RIDGE_ALPHAS
    fitted = RidgeCV(alphas=alphas).fit(xs, ys) if len(alphas) > 1 else Ridge(alpha=alphas[0]).fit(xs, ys)
    chosen = float(getattr(fitted, "alpha_", alphas[0]))
    betas = fitted.coef_
    coefficients = {c: round(float(b), 4) for c, b in zip(columns, betas, strict=True)}
    counted = {c: b for c, b in coefficients.items() if abs(b) >= min_correlation}
    cv_r2 = None
    if n >= 10:
        folds = KFold(n_splits=5, shuffle=True, random_state=0)
        estimator = RidgeCV(alphas=alphas) if len(alphas) > 1 else Ridge(alpha=alphas[0])
        scores = cross_val_score(make_pipeline(StandardScaler(), estimator), x, y, cv=folds, scoring="r2")
        cv_r2 = round(float(np.mean(scores)), 4)
    lam = n / (n + shrink)
    info.update(components=columns, coefficients=coefficients, cv_r2=cv_r2, alpha=chosen, **{"lambda": round(lam, 4)})
    if report is not None:
        report.update(info)
    if not counted:
        return unchanged
    raw = {c: configured[c] * (1.0 + max(-1.0, min(1.0, counted.get(c, 0.0)))) for c in COMPONENTS}
    raw_total = math.fsum(raw.values()) or 1.0
    learned = {c: v / raw_total for c, v in raw.items()}
    factors = {}
    for c in COMPONENTS:
        if configured[c] <= 0:
            continue
        effective_share = configured[c] + lam * (learned[c] - configured[c])
        factors[c] = round(max(0.0, effective_share) / configured[c], 6)
    moved = {c: f for c, f in factors.items() if abs(f - 1.0) > 1e-6}
    adjusted = replace(base, factors=tuple(sorted(moved.items())), insights=(), version=version or base.version)
    effective = adjusted.effective()
    insights = []
    for component in COMPONENTS:
        if component not in counted:
            continue
        beta = counted[component]
        before, after = configured[component], effective[component]
        if abs(after - before) < 0.005:
            continue
        zh_name, en_name = COMPONENT_NAMES[component]
        direction_zh = "正相关" if beta > 0 else "负相关"
        direction_en = "rises" if beta > 0 else "falls"
        insights.append(
            WeightInsight(
                component=component,
                text_zh=(
                    f"过去 {n} 名录用员工的绩效与“{zh_name}”得分{direction_zh}（岭回归标准化系数 β={beta:.2f}），"
                    f"该项权重由 {before:.0%} 调整为 {after:.0%}。"
                ),
                text_en=(
                    f"Across {n} past hires, performance {direction_en} with the {en_name} score "
                    f"(ridge standardised coefficient β={beta:.2f}), so its weight moved from {before:.0%} "
                    f"to {after:.0%}."
                ),
                configured=round(before, 6),
                effective=round(after, 6),
            )
        )
    info["adjusted"] = bool(moved)
    if report is not None:
        report.update(info)
    return replace(adjusted, insights=tuple(insights))
