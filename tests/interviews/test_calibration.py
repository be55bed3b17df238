"""Calibration on the 1–5 scale (the metrics themselves: tests/hrportal/test_stats.py): per-group breakdown,
human–human agreement, the difference-rate alert, and the isotonic recalibration's stored form."""

import json

import numpy as np
import pytest
from scipy.stats import spearmanr
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import cohen_kappa_score

from interviews.engine.answer_scoring import score_answer
from interviews.engine.calibration import (
    CalibrationPair,
    Recalibration,
    agreement,
    calibration_report,
    fit_recalibration,
)
from interviews.engine.questions import CompetencySpec

AI = [1, 2, 3, 4, 5, 3, 3, 4, 2, 5, 1, 4, 3, 3, 5, 4, 3, 3, 2, 4]
HUMAN = [1, 3, 3, 4, 4, 2, 3, 5, 2, 5, 2, 4, 4, 1, 3, 4, 3, 2, 2, 5]


def test_undefined_metrics_are_none_not_nan():
    stats = agreement([3, 3, 3], [3, 3, 3])
    assert stats.qwk is None and stats.spearman is None
    assert stats.difference_rate == 0.0 and stats.exact_agreement == 1.0
    empty = agreement([], [])
    assert empty.n == 0 and empty.qwk is None and empty.mean_bias is None
    json.dumps(stats.to_dict())


def make_pairs():
    pairs = []
    for i, (a, h) in enumerate(zip(AI, HUMAN, strict=True)):
        pairs.append(CalibrationPair(ai=a, human=h, competency="COMM" if i % 2 else "DRIVE",
                                     interviewer="wang" if i < 10 else "li", interview=f"I{i}"))
    return pairs


def test_report_breaks_metrics_down_per_competency_and_interviewer():
    pairs = make_pairs()
    report = calibration_report(pairs)
    assert report.overall.n == 20
    assert report.overall.qwk == pytest.approx(cohen_kappa_score(AI, HUMAN, weights="quadratic"), abs=1e-6)
    comm = [(p.ai, p.human) for p in pairs if p.competency == "COMM"]
    assert report.by_competency["COMM"].n == 10
    assert report.by_competency["COMM"].spearman == pytest.approx(spearmanr(*zip(*comm, strict=True)).statistic, abs=1e-6)
    assert set(report.by_interviewer) == {"wang", "li"}
    wang = [(p.ai, p.human) for p in pairs if p.interviewer == "wang"]
    assert report.by_interviewer["wang"].mean_bias == pytest.approx(np.mean([a - h for a, h in wang]), abs=1e-6)
    json.dumps(report.to_dict())


def test_alert_when_difference_rate_passes_the_threshold():
    pairs = make_pairs()  # 2 of 20 pairs differ by 2 points: 10 %
    report = calibration_report(pairs)
    assert report.overall.difference_rate == pytest.approx(0.10)
    assert report.alert is True
    assert report.alerts[0] == {"scope": "overall", "key": "", "n": 20, "difference_rate": 0.1}
    assert calibration_report(pairs, alert_threshold=0.10).alert is False  # "passes" means above
    assert calibration_report(pairs, tolerance=2).alert is False
    # Groups are flagged only with enough pairs to mean something.
    small = calibration_report(pairs, min_group_size=20)
    assert [a["scope"] for a in small.alerts] == ["overall"]
    grouped = calibration_report(pairs, min_group_size=5)
    assert {(a["scope"], a["key"]) for a in grouped.alerts} == {
        ("overall", ""), ("interviewer", "li"), ("competency", "DRIVE"), ("competency", "COMM"),
    }


def test_human_human_agreement_where_two_interviewers_scored_the_same_interview():
    pairs = [
        CalibrationPair(ai=3, human=3, competency="COMM", interviewer="wang", interview="I1"),
        CalibrationPair(ai=3, human=4, competency="COMM", interviewer="li", interview="I1"),
        CalibrationPair(ai=4, human=5, competency="COMM", interviewer="wang", interview="I2"),
        CalibrationPair(ai=4, human=2, competency="COMM", interviewer="li", interview="I2"),
        CalibrationPair(ai=2, human=2, competency="DRIVE", interviewer="wang", interview="I2"),
        CalibrationPair(ai=2, human=1, competency="DRIVE", interviewer="zhao", interview="I3"),  # alone
    ]
    report = calibration_report(pairs)
    assert report.human_human.n == 2  # (I1, COMM) and (I2, COMM); interviewers in id order: li, wang
    assert report.human_human.mean_abs_diff == pytest.approx((1 + 3) / 2)
    assert report.human_human.difference_rate == pytest.approx(0.5)
    assert set(report.human_human_by_competency) == {"COMM"}
    assert calibration_report(pairs[4:]).human_human is None


def test_isotonic_recalibration_matches_scikit_learn_and_round_trips_as_json():
    rng = np.random.default_rng(3)
    human = rng.integers(1, 6, 400).astype(float)
    raw = np.clip(human * 0.6 + 1.9 + rng.normal(0, 0.5, 400), 1, 5)  # AI squeezed toward the middle
    recal = fit_recalibration(raw, human, source_engine_version="ascore-1.0")
    reference = IsotonicRegression(y_min=1, y_max=5, out_of_bounds="clip").fit(raw, human)
    probe = np.linspace(0, 6, 61)
    assert np.allclose(recal.apply_many(probe), reference.predict(probe))
    assert all(np.diff(recal.apply_many(probe)) >= -1e-12)  # monotone

    stored = json.loads(json.dumps(recal.to_dict()))
    assert isinstance(stored["x_thresholds"], list) and isinstance(stored["y_thresholds"], list)
    restored = Recalibration.from_dict(stored)
    assert restored == recal
    assert restored.suggest(1.2) == 1 and restored.suggest(4.9) == 5


def test_recalibration_lowers_the_difference_rate_on_held_out_pairs():
    rng = np.random.default_rng(11)
    human = rng.integers(1, 6, 1000).astype(float)
    raw = np.clip(human + 1.3 + rng.normal(0, 0.4, 1000), 1, 5)  # AI systematically too generous
    recal = fit_recalibration(raw, human)
    assert recal.holdout["n"] == 200
    assert recal.holdout["difference_rate_after"] < recal.holdout["difference_rate_before"]
    assert recal.holdout["mean_abs_diff_after"] < recal.holdout["mean_abs_diff_before"]


def test_recalibration_version_is_stable_and_needs_enough_history():
    raw, human = [1, 2, 3, 4, 5] * 8, [1, 1, 3, 5, 5] * 8
    assert fit_recalibration(raw, human).version == fit_recalibration(raw, human).version
    assert fit_recalibration(raw, human, version="2025Q1").version == "2025Q1"
    with pytest.raises(ValueError, match="at least 30"):
        fit_recalibration(raw[:10], human[:10])
    with pytest.raises(ValueError, match="thresholds"):
        Recalibration.from_dict({"version": "x", "x_thresholds": [2, 1], "y_thresholds": [1, 2]})


def test_fitted_recalibration_applies_to_new_suggestions():
    comp = CompetencySpec(code="C", name_zh="沟通能力", evidence_keywords=["沟通"])
    raw = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0] * 5
    human = [1, 1, 1, 2, 2, 3, 3, 4, 4] * 5  # the AI runs one point high at the top
    recal = fit_recalibration(raw, human)
    answer = "当时我负责协调三个部门，首先我组织了沟通会，因此方案两周内上线，满意度提升了20%。"
    plain = score_answer(answer, comp, "behavioural")
    adjusted = score_answer(answer, comp, "behavioural", recalibration=recal)
    assert adjusted.recalibration_version == recal.version
    assert adjusted.suggested == recal.suggest(plain.raw) < plain.suggested
