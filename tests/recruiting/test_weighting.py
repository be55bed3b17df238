"""Historical weighting (issue 3, item 5): versioned weight sets learned from past hires, prevalence
insights, the re-fit triggers and the position page's "re-fit now" button."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

import recruiting.weighting.receivers  # noqa: F401  (connects the receivers, as RecruitingConfig.ready does)
from hrportal.queues import OnceOnCommit
from recruiting.models import (
    Application,
    Candidate,
    Employee,
    PerformanceReview,
    Position,
    ScreeningWeightSet,
)
from recruiting.pipeline import Stage
from recruiting.screening import DEFAULT_WEIGHTS
from recruiting.screening.model import COMPONENTS
from recruiting.weighting import services as weighting


def _hire(position, index: int, *, years: int, team_years: int = 0, reviews: int = 1) -> Application:
    """A past hire whose performance rises with years of experience (and team management)."""
    team = f"团队管理：累计带团队{team_years}年，最多管理8人团队" if team_years else "团队管理：无，独立贡献者"
    candidate = Candidate.objects.create(
        name=f"员工{index}", phone=f"1390000{index:04d}",
        resume_text=f"员工{index}\n熟悉Python\n{years}年工作经验\n{team}\n沟通协调能力强",
    )
    application = Application.objects.create(candidate=candidate, position=position, stage=Stage.HIRED)
    employee = Employee.objects.create(
        employee_no=f"H{index:04d}", name=candidate.name, department=position.department,
        hire_date=date(2024, 1, 1), hired_through=application,
    )
    for r in range(reviews):
        score = Decimal(55 + 3 * years + (6 if team_years >= 3 else 0) + r)
        PerformanceReview.objects.create(employee=employee, period=f"{2024 + r}", rating="B", score=score)
    return application


def _history(position, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        _hire(position, index, years=1 + index % 8, team_years=(index * 7) % 6)
    # The test's transaction never commits: forget the re-fits this setup queued, so that a test sees
    # only the ones its own actions queue.
    transaction.get_connection().run_on_commit[:] = []


def _render(position, user) -> str:
    return render_to_string(
        "recruiting/_weight_insights.html", {"position": position, **weighting.weight_insights_context(position, user)}
    )


@pytest.mark.django_db
def test_no_weight_set_means_the_default_weights(ehr):
    weights, weight_set = weighting.active_weights(ehr["position"])
    assert weights == DEFAULT_WEIGHTS and weight_set is None


@pytest.mark.django_db
def test_refit_learns_from_enough_hires_and_versions_the_weights(ehr, settings, users):
    settings.SCREENING_MIN_HIRES = 20
    position = ehr["position"]
    _history(position, 24)

    first = weighting.refit_position_weights(position_id=position.pk)

    assert first is not None and first.version == 1 and first.is_active and first.hires_used == 24
    assert first.method == weighting.METHOD_FITTED
    effective = first.weights["effective"]
    configured = first.weights["configured"]
    assert all(v >= 0 for v in effective.values())
    assert math.isclose(sum(effective.values()), sum(configured.values()), abs_tol=1e-4)
    assert effective["experience"] > configured["experience"]  # experience predicted performance
    model = next(i for i in first.insights if i["kind"] == "model")
    assert model["hires"] == 24 and model["cv_r2"] is not None and model["cv_r2"] > 0
    prevalence = [i for i in first.insights if i["kind"] == "prevalence"]
    assert prevalence and prevalence[0]["feature"] in {"team_years", "min_years"}
    assert any("3 年以上团队管理经验" in i["text_zh"] for i in prevalence)
    assert any("3 years of team management" in i["text_en"] for i in prevalence)

    weights, active = weighting.active_weights(position)
    assert active == first and weights.version == "SM-01:v1"
    assert weights.effective()["experience"] == pytest.approx(effective["experience"], abs=1e-5)
    assert [i.component for i in weights.insights] == ["experience"]

    # Same history → nothing new; more history → v2, and only v2 is active.
    assert weighting.refit_position_weights(position_id=position.pk) is None
    _history(position, 6, start=24)
    second = weighting.refit_position_weights(position_id=position.pk)
    assert second.version == 2 and second.hires_used == 30
    assert list(ScreeningWeightSet.objects.filter(position=position, is_active=True)) == [second]
    assert ScreeningWeightSet.objects.filter(position=position).count() == 2

    html = _render(position, users["hr"])
    assert "v2" in html and "立即重新拟合" in html and "3 年以上团队管理经验" in html
    assert 'data-component="experience"' in html and "+" in html
    with translation.override("en"):
        html_en = _render(position, users["hr"])
    assert "3 years of team management" in html_en
    assert "立即重新拟合" not in _render(position, users["manager"])


@pytest.mark.django_db
def test_below_the_minimum_nothing_moves_and_the_page_says_why(ehr, users):
    position = ehr["position"]
    _history(position, 12)  # default minimum: 30

    weight_set = weighting.refit_position_weights(position_id=position.pk)

    assert weight_set.version == 1 and weight_set.method == weighting.METHOD_CONFIGURED
    assert weight_set.weights["effective"] == weight_set.weights["configured"]
    # No weight moved, but from 10 hires on the descriptive prevalence sentences are kept and shown.
    assert not [i for i in weight_set.insights if i["kind"] == "weight"]
    prevalence = [i for i in weight_set.insights if i["kind"] == "prevalence"]
    assert prevalence and all(i["text_zh"] and i["text_en"] for i in prevalence)
    assert weighting.refit_position_weights(position_id=position.pk) is None  # still the configured weights
    html = _render(position, users["hr"])
    assert "仅有 12 名录用员工有绩效数据，至少需要 30 名" in html
    assert prevalence[0]["text_zh"] in html
    weights, _ = weighting.active_weights(position)
    assert weights.effective() == pytest.approx(DEFAULT_WEIGHTS.effective())


@pytest.mark.django_db
def test_demo_company_history_finds_the_planted_team_management_relation(settings):
    call_command("seed_demo", "--no-accounts", stdout=None)
    store_manager = Position.objects.get(code="STM-01")

    below = weighting.refit_position_weights(position_id=store_manager.pk)  # 21 hires < 30
    assert below.method == weighting.METHOD_CONFIGURED and below.hires_used == 21

    # (SM-01 has 35 hires since issue 20, but in its draw the team-years gap among them is under ten points;
    # the store managers show the planted relation plainly)
    settings.SCREENING_MIN_HIRES = 15
    fitted = weighting.refit_position_weights(position_id=store_manager.pk)  # 21 hires ≥ 15
    prevalence = [i for i in fitted.insights if i["kind"] == "prevalence"]
    assert prevalence[0]["feature"] == "team_years" and prevalence[0]["well"] > prevalence[0]["others"]
    assert prevalence[0]["text_zh"].startswith("我们录用的门店经理中，绩效优秀者")
    # The resume components carry no planted signal: the weights barely move.
    effective, configured = fitted.weights["effective"], fitted.weights["configured"]
    assert all(abs(effective[c] - configured[c]) < 0.03 for c in COMPONENTS)


@pytest.mark.django_db
def test_a_new_hire_triggers_a_refit(ehr, settings, django_capture_on_commit_callbacks):
    settings.SCREENING_MIN_HIRES = 20
    position = ehr["position"]
    _history(position, 24)
    application = ehr["application"]
    for stage in (Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER):
        application.set_stage(stage, reason="进入下一步")
    assert not ScreeningWeightSet.objects.filter(position=position).exists()

    with django_capture_on_commit_callbacks(execute=True):
        application.set_stage(Stage.HIRED, reason="候选人已入职")

    weight_set = ScreeningWeightSet.objects.get(position=position, is_active=True)
    assert weight_set.hires_used == 24 and weight_set.method == weighting.METHOD_FITTED


@pytest.mark.django_db
def test_reviews_saved_in_one_transaction_queue_one_refit(ehr, settings, django_capture_on_commit_callbacks):
    settings.SCREENING_MIN_HIRES = 20
    position = ehr["position"]
    _history(position, 24)
    employees = list(Employee.objects.filter(hired_through__position=position)[:5])
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for employee in employees:
            PerformanceReview.objects.create(employee=employee, period="2027", rating="A", score=Decimal("80"))
    # (the interview learning loop queues its own refit beside this one: interviews/learning/receivers.py)
    callbacks = [c for c in callbacks if isinstance(c, OnceOnCommit) and c.key.startswith("weighting-refit:")]
    assert len(callbacks) == 1
    callbacks[0]()
    weight_set = ScreeningWeightSet.objects.get(position=position, is_active=True)
    assert weight_set.version == 1 and weight_set.hires_used == 24

    # A review of an employee not hired through an application changes no position's history.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PerformanceReview.objects.create(
            employee=Employee.objects.get(employee_no="E0001"), period="2027", rating="B", score=Decimal("70")
        )
    assert callbacks == []


@pytest.mark.django_db
def test_refit_button_is_post_only_and_for_recruiters(client, ehr, users):
    position = ehr["position"]
    url = reverse("recruiting:position_refit_weights", args=[position.pk])
    client.force_login(users["hr"])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("recruiting:position_detail", args=[position.pk])
    assert "已启用权重版本 v1" in response.content.decode()
    assert ScreeningWeightSet.objects.get(position=position).version == 1
    assert "权重没有变化" in client.post(url, follow=True).content.decode()

    client.force_login(users["manager"])
    assert client.post(url).status_code == 403
    client.force_login(users["finance"])
    assert client.post(url).status_code == 403
    assert ScreeningWeightSet.objects.filter(position=position).count() == 1


@pytest.mark.django_db
def test_screening_results_record_the_weight_set(ehr, settings, users):
    from recruiting.screening_runs.jobs import start_screening_run

    settings.SCREENING_MIN_HIRES = 20
    position = ehr["position"]
    _history(position, 24)
    weight_set = weighting.refit_position_weights(position_id=position.pk)
    candidate = ehr["candidate"]
    candidate.resume_text = "王小明\n熟悉Python\n5年工作经验\n沟通协调能力强"
    candidate.save()

    run = start_screening_run(position=position, by=users["hr"], application_ids=[ehr["application"].pk])

    result = ehr["application"].screening_results.get()
    assert run.weight_set == weight_set
    assert result.weight_set == weight_set and result.weights_version == "SM-01:v1"
    assert result.engine_version and result.breakdown["experience"]["weight"] > 0
