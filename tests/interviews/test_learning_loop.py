"""The learning loop on the database (issue 17 items 1, 3, 4): training data, proposed versions, the
activation workflow, the page, question effectiveness, and a refit through a real RQ worker."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from hrportal.queues import OnceOnCommit
from interviews.decision.composite import composite_for
from interviews.learning import jobs, services
from interviews.learning.data import period_end, position_training_data
from interviews.models import InterviewWeightSet, Question
from recruiting.models import PerformanceReview
from tests.conftest import run_rq_worker_burst
from tests.interviews.learning_builders import bank_questions, planted_hires


@pytest.fixture(autouse=True)
def _small_minimum(settings):
    settings.INTERVIEW_LEARNING_MIN_HIRES = 30
    settings.INTERVIEW_LEARNING_DEBOUNCE_SECONDS = 0


def test_period_end():
    assert period_end("2024H1") == dt.date(2024, 6, 30)
    assert period_end("2024") == dt.date(2024, 12, 31)
    assert period_end("2024Q3") == dt.date(2024, 9, 30)
    assert period_end("2024-02") == dt.date(2024, 2, 29)
    assert period_end("上半年") is None


def test_training_data_uses_human_scores_and_reviews_after_the_hire(ehr, users):
    planted_hires(ehr, users, 5)
    data = position_training_data(ehr["position"])
    assert data.dim_names == ["COMM", "DRIVE"] and data.hires == 5 and len(data.rows) == 5
    for row in data.rows:
        assert row["performance"] > 20  # the pre-hire review (score 0) is not an outcome
        assert 1 <= row["dims"]["COMM"] <= 5
    assert data.prior == pytest.approx({"COMM": 0.6, "DRIVE": 0.4})
    # the AI suggestion (6 − human) would flip the relation: the model must read the human score
    PerformanceReview.objects.filter(reviewed_on__year=2025).update(reviewed_on=dt.date(2024, 1, 1))
    assert position_training_data(ehr["position"]).rows == []


def test_below_the_minimum_nothing_is_proposed(ehr, users):
    planted_hires(ehr, users, 12)
    result = services.refit_position(position_id=ehr["position"].pk)
    assert result["status"] == "insufficient_data" and result["n"] == 12
    assert not InterviewWeightSet.objects.exists()


def test_a_fit_is_proposed_never_applied_then_activated_or_rejected(ehr, users):
    position = ehr["position"]
    good, noise = bank_questions(position, ehr["competencies"][0])
    planted_hires(ehr, users, 80, questions=(good, noise))
    result = services.refit_position(position_id=position.pk)
    assert result["status"] == "proposed"
    proposal = InterviewWeightSet.objects.get()
    assert (proposal.version, proposal.is_active, proposal.review, proposal.method) == (
        1, False, "proposed", "regression")
    assert proposal.hires_used == 80 and len(proposal.data_hash) == 32
    assert proposal.metrics["cv_r2"] > 0.3
    dims = {d["name"]: d for d in proposal.fit["dimensions"]}
    assert dims["COMM"]["credited"] and not dims["DRIVE"]["credited"]
    assert float(proposal.weights["COMM"]) > 0.6 > 0.4 > float(proposal.weights["DRIVE"])
    # not applied: the composite still uses the implicit equal weights
    assert composite_for(ehr["application"]).weights.weight_set is None
    # the same data again: no new version
    assert services.refit_position(position_id=position.pk)["status"] == "unchanged"

    # question effectiveness lands on the bank
    good.refresh_from_db()
    noise.refresh_from_db()
    assert good.effect == "strong" and good.effectiveness > 0.5 and good.effectiveness_n == 80
    assert noise.effect in ("flagged", "insufficient") or noise.effectiveness_low <= 0 <= noise.effectiveness_high

    active = services.activate_weight_set(weight_set=proposal, by=users["hr"], note="样本充足")
    assert active.is_active and active.activated_by == users["hr"] and active.review == "activated"
    composite = composite_for(ehr["application"])
    assert composite.weights.weight_set == active
    assert "v1（绩效回归）" in " ".join(composite.explanations())
    with pytest.raises(services.ReviewRefused):
        services.reject_weight_set(weight_set=active, by=users["hr"])

    planted_hires(ehr, users, 10, seed=9, start=500)  # new outcomes: a fresher fit
    assert services.refit_position(position_id=position.pk)["status"] == "proposed"
    second = InterviewWeightSet.objects.get(version=2)
    assert not second.is_active and second.review == "proposed"
    services.reject_weight_set(weight_set=second, by=users["admin"], note="等更多数据")
    second.refresh_from_db()
    assert second.review == "rejected" and second.rejected_by == users["admin"]
    assert InterviewWeightSet.objects.get(is_active=True).version == 1


def test_the_page_compares_and_only_recruiters_decide(ehr, users, client):
    position = ehr["position"]
    planted_hires(ehr, users, 40)
    services.refit_position(position_id=position.pk)
    proposal = InterviewWeightSet.objects.get()
    url = reverse("interviews:learning", args=[position.pk])
    client.force_login(users["manager"])
    assert client.get(url).status_code == 403
    assert client.post(reverse("interviews:weight_set_activate", args=[proposal.pk])).status_code == 403
    client.force_login(users["hr"])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="weights-compare"' in html and "启用此版本" in html
    response = client.post(reverse("interviews:weight_set_activate", args=[proposal.pk]), {"note": "ok"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_active and proposal.activated_by == users["hr"]
    assert "启用此版本" not in client.get(url).content.decode()


def test_retiring_a_question(ehr, users, client):
    good, noise = bank_questions(ehr["position"], ehr["competencies"][0])
    client.force_login(users["hr"])
    response = client.post(reverse("interviews:question_retire", args=[noise.pk]))
    assert response.status_code == 302
    noise.refresh_from_db()
    assert noise.status == Question.Status.RETIRED


def test_cli_trains_on_the_database(ehr, users, capsys):
    planted_hires(ehr, users, 35)
    call_command("performance_model", "--position", "SM-01", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "ok" and out["n"] == 35
    assert [d["name"] for d in out["dimensions"]] == ["COMM", "DRIVE"]


def test_a_new_review_schedules_a_refit_once_per_transaction(ehr, users, django_capture_on_commit_callbacks):
    from django.db import connection

    planted_hires(ehr, users, 31)
    connection.run_on_commit.clear()  # the setup's own reviews: the test transaction never commits them
    employee = ehr["position"].applications.filter(stage="hired").first().employee
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        PerformanceReview.objects.create(employee=employee, period="2025H1", rating="A", score=90,
                                         reviewed_on=dt.date(2025, 7, 1))
        PerformanceReview.objects.create(employee=employee, period="2025H2", rating="A", score=91,
                                         reviewed_on=dt.date(2026, 1, 1))
    assert len([c for c in callbacks if isinstance(c, OnceOnCommit) and c.key.startswith("learning-refit:")]) == 1
    assert InterviewWeightSet.objects.filter(review="proposed").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_refit_through_a_real_rq_worker(ehr, users, redis_url, settings):
    from rq.job import Job

    from hrportal.queues import get_queue

    planted_hires(ehr, users, 40)  # 80 reviews committed one by one: the receivers queue one refit
    pending = Job.fetch(jobs.job_id(ehr["position"].pk), connection=get_queue("default").connection)
    assert pending.get_status() == "queued"
    assert jobs.schedule_refit(ehr["position"].pk, debounce=False).id == pending.id
    assert not InterviewWeightSet.objects.exists()
    result = run_rq_worker_burst("default")
    assert result.returncode == 0, result.stderr[-2000:]
    proposal = InterviewWeightSet.objects.get()
    assert proposal.review == "proposed" and not proposal.is_active and proposal.hires_used == 40
    # debounced: a refit queued for later sits on RQ's scheduler, and a second call adds nothing
    settings.INTERVIEW_LEARNING_DEBOUNCE_SECONDS = 600
    later = jobs.schedule_refit(ehr["position"].pk)
    assert jobs.schedule_refit(ehr["position"].pk).id == later.id
    assert get_queue("default").scheduled_job_registry.count == 1


def test_the_page_names_the_position_and_dimensions_in_the_ui_language(ehr, users, client, settings):
    """Issue 20: the comparison table's dimension names and the page title follow the language."""
    position = ehr["position"]
    planted_hires(ehr, users, 40)
    services.refit_position(position_id=position.pk)
    url = reverse("interviews:learning", args=[position.pk])
    client.force_login(users["hr"])

    def compare_table(html: str) -> str:
        return html.split('id="weights-compare"', 1)[1].split("</table>", 1)[0]

    chinese = client.get(url).content.decode()
    assert "绩效学习：销售经理" in chinese
    assert "沟通能力" in compare_table(chinese) and "Communication" not in compare_table(chinese)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    title = english.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Sales Manager" in title and "销售经理" not in title
    table = compare_table(english)
    assert "Communication" in table and "Drive for results" in table
    assert "沟通能力" not in table and "结果导向" not in table
