"""Agreement statistics: the one home of rank correlation, quadratic-weighted kappa, bias and the difference
rate, for every part of the portal that compares two series of scores (screening weights learned from past
hires, AI-vs-human calibration, the recalibration job, the dashboard alert).

Pure numpy; no Django. Undefined results (no pairs, a constant column) are ``None``, never NaN, so they
serialise to JSON.

The difference rate is the seed's measure: the share of pairs whose scores differ by more than ``tolerance``
points. The database aggregate behind the dashboard compares whole points against
``whole_point_threshold(tolerance)``, which gives the same answer for integer scores (a test holds the two
together).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy (≈ 0.1 s to import) is imported by the functions that compute: every Django
    import numpy as np  # process imports this module at start-up, most never compute a statistic

EPSILON = 1e-9  # scores that differ by exactly ``tolerance`` do not count as differing


def as_array(values: Iterable[float]) -> np.ndarray:
    import numpy as np
    return np.asarray([float(v) for v in values] if not isinstance(values, np.ndarray) else values, dtype=float)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties sharing their average rank (as ``scipy.stats.rankdata``)."""
    import numpy as np
    values = as_array(values)
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    dense = np.cumsum(first)
    bounds = np.r_[np.nonzero(first)[0], values.size]
    ranks = np.empty(values.size, dtype=float)
    ranks[order] = 0.5 * (bounds[dense] + bounds[dense - 1] + 1)
    return ranks


def spearman(a: Iterable[float], b: Iterable[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties (as ``scipy.stats.spearmanr``); None with fewer
    than two pairs, unequal lengths or a constant side."""
    x, y = as_array(a), as_array(b)
    if x.size < 2 or x.size != y.size:
        return None
    rx, ry = average_ranks(x), average_ranks(y)
    rx -= rx.mean()
    ry -= ry.mean()
    denominator = math.sqrt(float((rx * rx).sum()) * float((ry * ry).sum()))
    if denominator == 0:
        return None
    return float((rx * ry).sum() / denominator)


def to_scale(values: Iterable[float], *, low: int, high: int) -> np.ndarray:
    """Whole points on a rating scale: rounded half up (2.5 → 3), clipped to [low, high]."""
    import numpy as np
    return np.clip(np.floor(as_array(values) + 0.5), low, high).astype(int)


def quadratic_weighted_kappa(a: Iterable[float], b: Iterable[float], *, low: int, high: int) -> float | None:
    """Cohen's kappa with quadratic weights over the full low..high scale (scores are put on the scale first);
    the same number as ``sklearn.metrics.cohen_kappa_score(a, b, weights="quadratic", labels=range)``."""
    import numpy as np
    x, y = to_scale(a, low=low, high=high), to_scale(b, low=low, high=high)
    if x.size == 0 or x.size != y.size:
        return None
    k = high - low + 1
    observed = np.bincount((x - low) * k + (y - low), minlength=k * k).reshape(k, k).astype(float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / x.size
    idx = np.arange(k)
    weights = (idx[:, None] - idx[None, :]) ** 2
    denominator = float((weights * expected).sum())
    if denominator == 0:
        return None
    return float(1.0 - (weights * observed).sum() / denominator)


def mean_bias(a: Iterable[float], b: Iterable[float]) -> float | None:
    """mean(a − b): positive when ``a`` (the AI) scores higher."""
    x, y = as_array(a), as_array(b)
    return float((x - y).mean()) if x.size else None


def mean_abs_diff(a: Iterable[float], b: Iterable[float]) -> float | None:
    import numpy as np
    x, y = as_array(a), as_array(b)
    return float(np.abs(x - y).mean()) if x.size else None


def difference_rate(a: Iterable[float], b: Iterable[float], *, tolerance: float) -> float | None:
    """Share of pairs whose scores differ by more than ``tolerance`` points; None without pairs."""
    import numpy as np
    x, y = as_array(a), as_array(b)
    return float((np.abs(x - y) > tolerance + EPSILON).mean()) if x.size else None


def whole_point_threshold(tolerance: float) -> int:
    """For whole-point scores, |a − b| > tolerance ⟺ |a − b| > floor(tolerance): the integer a database
    aggregate compares against to count the same pairs as ``difference_rate``."""
    return math.floor(tolerance + EPSILON)


def percentile_cont(values: Iterable[float], fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY v)`` in Python: the value at position
    ``fraction × (n − 1)`` of the sorted values, interpolated linearly between its neighbours. ``None`` for no
    values. The analytics' SQLite fallback uses it, so both databases give the same figure (a test holds it)."""
    return percentile_of_sorted(sorted(float(v) for v in values), fraction)


def percentile_of_sorted(ordered, fraction: float) -> float | None:
    """``percentile_cont`` of values already in ascending order (a list or a numpy array), for callers that take
    several percentiles of one sort."""
    if not len(ordered):
        return None
    if not 0.0 <= fraction <= 1.0:
        raise ValueError("fraction must be between 0 and 1")
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))
