"""The score→performance model (issue 17 item 2), pure: planted weights recovered, a correlated but
irrelevant dimension not credited, a noise question flagged, insufficient data, the label scale, the CLI
contract."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from interviews.learning.labels import PERFORMANCE_LABELS, LabelError, parse_performance
from interviews.learning.model import LearningConfig, TrainingDataError, fit, prepare, read_csv

PLANTED = {"comm": 0.4, "drive": 0.3, "team": 0.2, "learn": 0.1}


def planted_frame(n: int, *, seed: int = 7, noise: float = 0.6) -> pd.DataFrame:
    """Observed 1–5 scores of four relevant dimensions; performance = Σ planted·standardised score + noise;
    "echo" copies comm's observed score with noise (r ≈ 0.75 with comm) and has no effect of its own;
    q:good follows comm, q:noise is unrelated; each question asked of about half the hires."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"dim:{name}": rng.integers(1, 6, n).astype(float) for name in PLANTED})
    z = {name: (frame[f"dim:{name}"] - 3) / np.sqrt(2) for name in PLANTED}
    frame["dim:echo"] = np.clip(np.round(frame["dim:comm"] + rng.normal(0, 0.9, n)), 1, 5)
    frame["performance"] = sum(w * z[name] for name, w in PLANTED.items()) + rng.normal(0, noise, n)
    frame["q:good"] = np.where(rng.random(n) < 0.5, frame["dim:comm"], np.nan)
    frame["q:noise"] = np.where(rng.random(n) < 0.5, rng.integers(1, 6, n), np.nan)
    return frame


def test_planted_weights_are_recovered_and_the_echo_is_not_credited():
    frame = planted_frame(4000)
    result = fit(prepare(frame), config=LearningConfig(seed=1))
    assert result.status == "ok" and result.n == 4000
    dims = {d.name: d for d in result.dimensions}
    weights = result.weights()
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-9)
    lam = result.details["lambda"]
    for name, planted in PLANTED.items():
        # shrinkage toward the equal prior (0.2) is tiny at n = 4000 (λ ≈ 0.99)
        expected = (1 - lam) * 0.2 + lam * planted
        assert weights[name] == pytest.approx(expected, abs=0.03), name
        assert dims[name].ci_low > 0 and dims[name].credited
    echo = dims["echo"]
    raw_r = np.corrcoef(frame["dim:echo"], frame["performance"])[0, 1]
    assert raw_r > 0.2  # a naive correlation would credit it
    assert echo.ci_low <= 0 <= echo.ci_high and not echo.credited
    assert weights["echo"] <= (1 - lam) * 0.2 + 1e-6  # no more than its shrunk prior
    questions = {q.id: q for q in result.questions}
    assert questions["noise"].ci_low <= 0 <= questions["noise"].ci_high and questions["noise"].verdict == "flagged"
    assert questions["good"].verdict == "strong" and questions["good"].ci_low > 0
    assert 1800 < questions["good"].n < 2200
    assert result.metrics["cv_r2"] > 0.3 and result.metrics["cv_spearman"] > 0.5


def test_small_samples_stay_near_the_prior_and_uncertain_dimensions_get_at_most_their_shrunk_prior():
    frame = planted_frame(40, seed=3)
    prior = {"comm": 0.1, "drive": 0.1, "team": 0.3, "learn": 0.3, "echo": 0.2}
    result = fit(prepare(frame), prior=prior, config=LearningConfig(seed=2))
    assert result.status == "ok"
    lam = 40 / (40 + 30)
    assert result.details["lambda"] == pytest.approx(lam, abs=1e-6)
    for d in result.dimensions:
        assert d.weight >= 0
        if not (d.ci_low > 0):
            assert d.weight <= (1 - lam) * prior[d.name] + 1e-6
    assert sum(result.weights().values()) == pytest.approx(1.0, abs=1e-9)


def test_below_the_minimum_no_weights_are_produced():
    frame = planted_frame(29)
    result = fit(prepare(frame), config=LearningConfig(min_n=30))
    assert result.status == "insufficient_data" and result.n == 29 and result.weights() is None
    assert all(d.weight is None and d.coef is None and d.ci_low is None for d in result.dimensions)
    assert fit(prepare(planted_frame(30)), config=LearningConfig(min_n=30)).status == "ok"
    # rows without performance do not count toward the minimum
    frame = planted_frame(35)
    frame.loc[:5, "performance"] = None
    result = fit(prepare(frame), config=LearningConfig(min_n=30))
    assert result.n == 29 and result.status == "insufficient_data"


def test_labels_map_to_one_ordered_scale():
    assert [PERFORMANCE_LABELS[k] for k in ("待改进", "合格", "良好", "优秀")] == [1, 2, 3, 4]
    assert parse_performance(" 优秀 ") == (4.0, True)
    assert parse_performance("Needs improvement") == (1.0, True)
    assert parse_performance("87.5") == (87.5, False)
    assert parse_performance("") == (None, False)
    with pytest.raises(LabelError):
        parse_performance("很好")
    numeric = planted_frame(200)
    numeric["performance"] = pd.qcut(numeric["performance"], 4, labels=False) + 1
    labelled = numeric.copy()
    labelled["performance"] = labelled["performance"].map({v: k for k, v in PERFORMANCE_LABELS.items()})
    a, b = fit(prepare(numeric)), fit(prepare(labelled))
    assert [d.coef for d in a.dimensions] == [d.coef for d in b.dimensions]
    assert b.details["labelled"] and not a.details["labelled"]
    mixed = labelled.astype(object)
    mixed.loc[0, "performance"] = 3
    with pytest.raises(TrainingDataError, match="mixes"):
        prepare(mixed)


def test_bad_files_are_refused_with_a_reason(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("dim:a,performance\n7,80\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="1–5"):
        read_csv(str(path))
    path.write_text("dim:a,score\n3,80\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="performance"):
        read_csv(str(path))


def test_cli_prints_exactly_the_contract(tmp_path, capsys):
    path = tmp_path / "hires.csv"
    frame = planted_frame(120)
    frame["q:noise"] = frame["q:noise"].astype("Int64")
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    call_command("performance_model", str(path), "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"status", "n", "dimensions", "questions"}
    assert out["status"] == "ok" and out["n"] == 120
    assert [d["name"] for d in out["dimensions"]] == ["comm", "drive", "team", "learn", "echo"]
    for d in out["dimensions"]:
        assert set(d) == {"name", "weight", "coef", "ci_low", "ci_high"}
        assert d["ci_low"] <= d["coef"] <= d["ci_high"]
    assert sum(d["weight"] for d in out["dimensions"]) == pytest.approx(1.0, abs=1e-9)
    assert [q["id"] for q in out["questions"]] == ["good", "noise"]
    assert all(set(q) == {"id", "r", "ci_low", "ci_high", "n"} for q in out["questions"])

    small = tmp_path / "small.csv"
    frame.head(10).to_csv(small, index=False)
    call_command("performance_model", str(small), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "insufficient_data" and out["n"] == 10
    assert all(d["weight"] is None for d in out["dimensions"])

    with pytest.raises(CommandError):
        call_command("performance_model", "--json")
    with pytest.raises(CommandError, match="no such file"):
        call_command("performance_model", str(tmp_path / "missing.csv"), "--json")
