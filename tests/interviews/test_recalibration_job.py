"""The recalibration job: too few pairs → a clear message and no model; a fit → version 1, then with more
history version 2, exactly one active; the same history twice → no new version; a fit worse than the active
version is stored but not activated. Once through a real RQ worker (PostgreSQL + Redis)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from interviews.calibration import jobs
from interviews.engine.calibration import MIN_PAIRS_TO_FIT, Recalibration
from interviews.models import RecalibrationModel
from tests.conftest import run_rq_worker_burst
from tests.interviews.scorecard_builders import past_interview, plan_round, scorecard


def store_history(ehr, users, n_pairs, *, shift, start=0):
    """``n_pairs`` submitted scores whose raw AI value runs ``shift`` points above the interviewer's score."""
    comm, drive = ehr["competencies"]
    rnd = plan_round(ehr["position"], name=f"轮次{start}")
    for k in range(start, start + n_pairs, 2):
        interview = past_interview(ehr["application"], rnd, interviewers=[users["interviewer"]], days_ago=k)
        h1, h2 = 1 + k % 5, 1 + (k + 3) % 5
        scorecard(interview, users["interviewer"], {
            comm: (h1, min(5, round(h1 + shift)), min(5.0, h1 + shift)),
            drive: (h2, min(5, round(h2 + shift)), min(5.0, h2 + shift)),
        })


def post_recalibrate(client):
    response = client.post(reverse("interviews:recalibrate"), follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)], response.content.decode()


def test_too_few_pairs_gives_a_clear_message_and_no_model(ehr, users, client):
    store_history(ehr, users, MIN_PAIRS_TO_FIT - 2, shift=1.2)
    client.force_login(users["hr"])
    messages, html = post_recalibrate(client)
    assert f"只有 {MIN_PAIRS_TO_FIT - 2} 对" in html and f"至少需要 {MIN_PAIRS_TO_FIT} 对" in html
    assert RecalibrationModel.objects.count() == 0
    assert "当前没有生效的校准模型" in html


def test_version_1_then_2_one_active_and_no_duplicate_for_the_same_history(ehr, users, client):
    store_history(ehr, users, 40, shift=1.4)
    client.force_login(users["hr"])
    _, html = post_recalibrate(client)
    assert "已拟合并启用校准模型 v1" in html
    v1 = RecalibrationModel.objects.get()
    assert v1.is_active and v1.pairs_used == 40 and v1.fitted_by == users["hr"]
    model = Recalibration.from_dict(v1.model)
    assert model.version == v1.label == "recal-1"  # the label new suggestions record
    assert model.suggest(4.4) == 3  # raw scores 1.4 points too high are brought back down

    _, html = post_recalibrate(client)  # nothing new happened
    assert "没有生成新版本" in html
    assert RecalibrationModel.objects.count() == 1

    store_history(ehr, users, 40, shift=0.6, start=100)
    _, html = post_recalibrate(client)
    assert "已拟合并启用校准模型 v2" in html
    versions = {m.version: m for m in RecalibrationModel.objects.all()}
    assert set(versions) == {1, 2}
    assert [m.version for m in versions.values() if m.is_active] == [2]
    assert versions[2].pairs_used == 80 and versions[2].metrics["replaced"] == 1
    assert versions[2].metrics["holdout"]["active"]  # compared against v1 on held-out pairs

    page = client.get(reverse("interviews:calibration")).content.decode()
    assert "当前生效：recal-2" in page and 'data-version="1"' in page


def test_a_fit_worse_than_the_active_version_is_stored_inactive():
    activate, reason = jobs._should_activate({
        "n": 10, "raw": {"difference_rate": 0.4, "mean_abs_diff": 1.2},
        "candidate": {"difference_rate": 0.2, "mean_abs_diff": 0.7},
        "active": {"difference_rate": 0.1, "mean_abs_diff": 0.5},
    })
    assert (activate, reason) == (False, "worse than the active version")
    activate, _ = jobs._should_activate({
        "n": 10, "raw": {"difference_rate": 0.4, "mean_abs_diff": 1.2},
        "candidate": {"difference_rate": 0.1, "mean_abs_diff": 0.5},
    })
    assert activate


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_through_a_real_rq_worker(ehr, users, client, redis_url):
    from hrportal.queues import get_queue

    store_history(ehr, users, 40, shift=1.4)
    client.force_login(users["hr"])
    _, html = post_recalibrate(client)
    assert "已提交重新拟合校准模型" in html
    post_recalibrate(client)  # a second click while the first job waits: the same job id, not a second job
    assert get_queue("default").count == 1
    assert RecalibrationModel.objects.count() == 0  # nothing happens until a worker runs it

    result = run_rq_worker_burst("default")
    assert result.returncode == 0, result.stderr[-2000:]
    assert list(RecalibrationModel.objects.values_list("version", "is_active")) == [(1, True)]

    store_history(ehr, users, 40, shift=0.6, start=100)
    post_recalibrate(client)
    result = run_rq_worker_burst("default")
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(RecalibrationModel.objects.values_list("version", "is_active")) == [(1, False), (2, True)]
