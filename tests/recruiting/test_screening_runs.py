"""Screening runs in the embedded mode (no Redis): start → done at once, counts, per-item failures,
idempotent re-runs and the stalled-run sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from recruiting.models import Application, Candidate, ScreeningResult, ScreeningRun, ScreeningRunItem
from recruiting.pipeline import Stage
from recruiting.screening_runs import jobs
from recruiting.screening_runs.jobs import start_screening_run
from tests.recruiting.screening_fixtures import STRONG_RESUME, WEAK_RESUME, numbered_resume

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _embedded(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def applicants(ehr):
    """Five applicants of SM-01 with resumes (the fixture's own applicant has none), one rejected."""
    position = ehr["position"]
    apps = []
    for i in range(5):
        candidate = Candidate.objects.create(name=f"候选{i}", resume_text=numbered_resume(i))
        apps.append(Application.objects.create(candidate=candidate, position=position))
    apps[4].set_stage(Stage.REJECTED, reason="不合适")
    return apps


def test_run_without_redis_is_done_when_start_returns(ehr, users, applicants):
    run = start_screening_run(position=ehr["position"], by=users["hr"])

    assert run.status == ScreeningRun.Status.DONE
    # Four active applicants with resumes + the fixture's applicant without any resume text.
    assert run.total == 5 and run.processed == 5 and run.failed == 1
    assert run.finished_at is not None and run.created_by == users["hr"]
    assert run.timings["total_seconds"] >= 0 and run.timings["per_item_mean_seconds"] > 0
    failed = ScreeningRunItem.objects.get(run=run, status=ScreeningRunItem.Status.FAILED)
    assert failed.application == ehr["application"] and failed.error == "no_resume_text"
    for application in applicants[:4]:
        application.refresh_from_db()
        assert application.screening_score is not None
        assert application.stage == Stage.NEW
    assert not ScreeningResult.objects.filter(application=applicants[4]).exists()


def test_running_again_never_duplicates_results(ehr, users, applicants):
    first = start_screening_run(position=ehr["position"], by=users["hr"])
    second = start_screening_run(position=ehr["position"], by=users["hr"])
    jobs.run_screening(first.pk)  # the job itself once more

    assert second.status == ScreeningRun.Status.DONE and second.processed == 5
    assert ScreeningResult.objects.count() == 4
    counts = {a.pk: ScreeningResult.objects.filter(application=a).count() for a in applicants[:4]}
    assert set(counts.values()) == {1}
    first.refresh_from_db()
    assert first.processed == 5


def test_explicit_ids_only_take_applications_of_the_position(ehr, users, applicants):
    ehr["rd_candidate"].resume_text = STRONG_RESUME
    ehr["rd_candidate"].save()
    ids = [applicants[0].pk, applicants[4].pk, ehr["rd_application"].pk]

    run = start_screening_run(position=ehr["position"], by=users["hr"], application_ids=ids)

    assert run.total == 2 and run.processed == 2 and run.failed == 0
    assert not ScreeningResult.objects.filter(application=ehr["rd_application"]).exists()


def test_a_run_without_applications_is_done_and_empty(ehr, users):
    Application.objects.filter(position=ehr["position"]).delete()
    run = start_screening_run(position=ehr["position"], by=users["hr"])
    assert run.status == ScreeningRun.Status.DONE and run.total == 0 and run.processed == 0


def test_an_interrupted_run_is_resumed_and_only_pending_items_are_screened(ehr, users, applicants, monkeypatch):
    monkeypatch.setattr(jobs.queues, "enqueue", lambda *a, **k: None)  # as if no worker ever picked it up
    run = start_screening_run(position=ehr["position"], by=users["hr"])
    assert run.status == ScreeningRun.Status.QUEUED
    done_item = ScreeningRunItem.objects.filter(run=run).exclude(application=ehr["application"]).first()
    ehr["candidate"].resume_text = WEAK_RESUME
    ehr["candidate"].save()
    # One item was finished before the worker died.
    jobs_result = ScreeningResult.objects.create(
        application=done_item.application, score=50, engine_version="0", inputs_hash="x" * 64
    )
    ScreeningRunItem.objects.filter(pk=done_item.pk).update(status=ScreeningRunItem.Status.DONE, result=jobs_result)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=ScreeningRun.Status.RUNNING, processed=1, heartbeat_at=timezone.now() - timedelta(minutes=30)
    )
    monkeypatch.undo()

    call_command("resume_screening_runs", "--older-than-minutes", "5")

    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.DONE and run.processed == 5 and run.failed == 0
    assert run.timings["resumed"] == 1
    # The finished item was not screened again; every other one was.
    assert ScreeningResult.objects.filter(application=done_item.application).count() == 1
    assert ScreeningResult.objects.count() == 5


def test_a_fresh_heartbeat_is_not_resumed(ehr, users, applicants, monkeypatch):
    monkeypatch.setattr(jobs.queues, "enqueue", lambda *a, **k: None)
    run = start_screening_run(position=ehr["position"], by=users["hr"])
    ScreeningRun.objects.filter(pk=run.pk).update(status=ScreeningRun.Status.RUNNING, heartbeat_at=timezone.now())
    assert jobs.resume_stalled_runs(older_than=timedelta(minutes=5)) == []
    assert jobs.resume_stalled_runs(older_than=timedelta(0)) == [run.pk]
