"""screen_application: one stored, explainable, reproducible score per set of inputs; never a stage move."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from recruiting.engine_inputs import build_engine, position_model
from recruiting.models import Application, Candidate, Resume, ScreeningResult
from recruiting.pipeline import Stage
from recruiting.screening import DEFAULT_WEIGHTS
from recruiting.screening_runs.services import ScreeningInputError, screen_application
from tests.recruiting.screening_fixtures import STRONG_RESUME, WEAK_RESUME

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_inputs(ehr):
    engine = build_engine()
    return engine, position_model(ehr["position"], engine.lexicon)


def screen(application, engine_inputs, weights=DEFAULT_WEIGHTS):
    engine, model = engine_inputs
    return screen_application(application=application, engine=engine, model=model, weights=weights, weight_set=None)


def test_same_inputs_twice_store_one_result_and_set_the_application_score(ehr, engine_inputs):
    candidate = ehr["candidate"]
    candidate.resume_text = STRONG_RESUME
    candidate.save()
    application = ehr["application"]

    first = screen(application, engine_inputs)
    second = screen(Application.objects.get(pk=application.pk), engine_inputs)

    assert first.pk == second.pk
    assert ScreeningResult.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.screening_score == first.score
    assert Decimal("0") <= first.score <= Decimal("100")
    assert first.engine_version and first.weights_version == "default"
    assert set(first.breakdown) == {"must_have", "skills", "experience", "education", "competency", "similarity"}
    assert "Python" in first.matched_terms


def test_missing_must_have_is_a_flag_and_named_in_both_explanations(ehr, engine_inputs):
    candidate = ehr["candidate"]
    candidate.resume_text = WEAK_RESUME
    candidate.save()

    result = screen(ehr["application"], engine_inputs)

    assert {"code": "missing_must_have", "subject": "Python"}.items() <= next(
        f for f in result.flags if f["code"] == "missing_must_have"
    ).items()
    assert "Python" in result.explanation_zh and "缺少必备技能" in result.explanation_zh
    assert "Python" in result.explanation_en and "Missing must-have" in result.explanation_en


def test_the_english_explanation_uses_the_skills_english_name(ehr):
    """The Skill table's English name reaches the engine (recruiting.engine_inputs) and its English texts; the
    subject of the flag, the Chinese text and the stored names keep the lexicon's name."""
    ehr["skill"].name = "Python 编程"
    ehr["skill"].name_en = "Python programming"
    ehr["skill"].save()
    candidate = ehr["candidate"]
    candidate.resume_text = WEAK_RESUME
    candidate.save()
    engine = build_engine()
    model = position_model(ehr["position"], engine.lexicon)
    assert [(s.name, s.name_en) for s in model.required_skills if s.must_have] == [("Python 编程", "Python programming")]
    result = screen(ehr["application"], (engine, model))
    assert "Missing must-have skills: Python programming." in result.explanation_en
    assert "缺少必备技能：Python 编程" in result.explanation_zh
    flag = next(f for f in result.flags if f["code"] == "missing_must_have")
    assert flag["subject"] == "Python 编程" and flag["message_en"] == "Missing must-have skill: Python programming"


def test_screening_never_changes_the_stage(ehr, engine_inputs):
    candidate = ehr["candidate"]
    candidate.resume_text = WEAK_RESUME
    candidate.save()
    application = ehr["application"]
    application.set_stage(Stage.SCREENING)

    screen(application, engine_inputs)

    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert application.stage_history.count() == 1


def test_the_newest_stored_resume_wins_over_the_candidate_text(ehr, engine_inputs):
    candidate = ehr["candidate"]
    candidate.resume_text = WEAK_RESUME
    candidate.save()
    Resume.objects.create(candidate=candidate, original_name="old.txt", sha256="a" * 64, text=WEAK_RESUME)
    Resume.objects.create(candidate=candidate, original_name="new.txt", sha256="b" * 64, text=STRONG_RESUME)

    result = screen(ehr["application"], engine_inputs)

    assert "Python" in result.matched_terms
    assert not any(f["code"] == "missing_must_have" for f in result.flags)


def test_present_means_the_application_date_so_the_score_is_stable(ehr, engine_inputs):
    shanghai = ZoneInfo("Asia/Shanghai")
    early = Candidate.objects.create(name="早投", resume_text=STRONG_RESUME)
    late = Candidate.objects.create(name="晚投", resume_text=STRONG_RESUME)
    position = ehr["position"]
    early_app = Application.objects.create(candidate=early, position=position, applied_at=datetime(2016, 3, 1, tzinfo=shanghai))
    late_app = Application.objects.create(candidate=late, position=position, applied_at=datetime(2024, 3, 1, tzinfo=shanghai))

    early_result = screen(early_app, engine_inputs)
    late_result = screen(late_app, engine_inputs)

    # 2015.03–至今 is one year of experience in March 2016 and nine in March 2024.
    assert early_result.score < late_result.score
    assert any(f["code"] == "below_min_years" for f in early_result.flags)
    assert screen(early_app, engine_inputs).pk == early_result.pk


def test_a_candidate_without_any_resume_text_cannot_be_screened(ehr, engine_inputs):
    with pytest.raises(ScreeningInputError) as caught:
        screen(ehr["application"], engine_inputs)
    assert caught.value.code == "no_resume_text"
    assert not ScreeningResult.objects.exists()
