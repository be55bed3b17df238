"""The one home of agreement statistics (``hrportal.stats``), checked against SciPy and scikit-learn, and the
database aggregate of the dashboard held to the same difference-rate definition."""

import numpy as np
import pytest
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score

from hrportal.stats import (
    average_ranks,
    difference_rate,
    mean_bias,
    quadratic_weighted_kappa,
    spearman,
    whole_point_threshold,
)

AI = [1, 2, 3, 4, 5, 3, 3, 4, 2, 5, 1, 4, 3, 3, 5, 4, 3, 3, 2, 4]
HUMAN = [1, 3, 3, 4, 4, 2, 3, 5, 2, 5, 2, 4, 4, 1, 3, 4, 3, 2, 2, 5]


def test_quadratic_weighted_kappa_equals_scikit_learn():
    expected = cohen_kappa_score(AI, HUMAN, weights="quadratic")
    assert quadratic_weighted_kappa(AI, HUMAN, low=1, high=5) == pytest.approx(expected, abs=1e-12)


def test_kappa_uses_the_whole_1_to_5_scale_when_some_ratings_are_unused():
    ai, human = [2, 3, 3, 4, 4, 2, 3], [2, 4, 3, 4, 3, 3, 3]
    expected = cohen_kappa_score(ai, human, weights="quadratic", labels=[1, 2, 3, 4, 5])
    assert quadratic_weighted_kappa(ai, human, low=1, high=5) == pytest.approx(expected, abs=1e-12)


def test_spearman_equals_scipy_including_ties():
    expected = spearmanr(AI, HUMAN).statistic
    assert spearman(AI, HUMAN) == pytest.approx(expected, abs=1e-12)
    rng = np.random.default_rng(7)
    raw = rng.normal(3, 1, 300).round(1)
    human = np.clip(np.round(raw + rng.normal(0, 0.8, 300)), 1, 5)
    assert spearman(raw, human) == pytest.approx(spearmanr(raw, human).statistic, abs=1e-12)


def test_mean_bias_and_difference_rate():
    ai, human = [3, 4, 5, 1, 3], [3, 3, 3, 3, 3]
    assert mean_bias(ai, human) == pytest.approx(0.2)  # positive: the AI scores higher
    assert difference_rate(ai, human, tolerance=1) == pytest.approx(2 / 5)  # |2| and |-2| exceed one point; |1| does not
    assert difference_rate(ai, human, tolerance=0) == pytest.approx(3 / 5)
    assert difference_rate(ai, human, tolerance=2) == 0.0


def test_spearman_is_undefined_for_a_constant_side_or_too_few_pairs():
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    assert spearman([1], [2]) is None
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_average_ranks_share_ties():
    assert list(average_ranks(np.array([10.0, 20.0, 20.0, 5.0]))) == [2.0, 3.5, 3.5, 1.0]


@pytest.mark.parametrize("tolerance", [0, 0.5, 1, 1.5, 2])
def test_whole_point_threshold_counts_the_same_pairs_as_the_difference_rate(tolerance):
    rng = np.random.default_rng(3)
    a, b = rng.integers(1, 6, 500), rng.integers(1, 6, 500)
    by_threshold = float((np.abs(a - b) > whole_point_threshold(tolerance)).mean())
    assert by_threshold == pytest.approx(difference_rate(a, b, tolerance=tolerance))
