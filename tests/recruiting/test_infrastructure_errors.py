"""An error of our own infrastructure (database connection, Redis) while screening a resume or taking one in is
not that resume's fault (issue 24): no item is marked failed for it; the work stays pending and the job stops,
so the run or batch is resumed once the infrastructure is back."""

from __future__ import annotations

import pytest
import redis
from django.db import OperationalError

from recruiting.intake import services as intake_services
from recruiting.models import Candidate, IntakeItem, ScreeningRun, ScreeningRunItem
from recruiting.screening_runs import jobs
from recruiting.screening_runs.jobs import start_screening_run
from tests.recruiting.screening_fixtures import numbered_resume

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _embedded(settings):
    settings.REDIS_URL = ""


def test_a_database_error_mid_run_leaves_the_items_pending_not_failed(ehr, users, monkeypatch):
    from recruiting.models import Application

    ehr["candidate"].resume_text = numbered_resume(99)
    ehr["candidate"].save()
    for i in range(4):
        candidate = Candidate.objects.create(name=f"候选{i}", resume_text=numbered_resume(i))
        Application.objects.create(candidate=candidate, position=ehr["position"])
    monkeypatch.setattr(jobs.queues, "enqueue", lambda *a, **k: None)  # queued, no worker yet
    run = start_screening_run(position=ehr["position"], by=users["hr"])
    real = jobs.screen_application
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(jobs, "screen_application", flaky)
    with pytest.raises(OperationalError):
        jobs.run_screening(run.pk)
    assert not ScreeningRunItem.objects.filter(run=run, status=ScreeningRunItem.Status.FAILED).exists()
    assert ScreeningRunItem.objects.filter(run=run, status=ScreeningRunItem.Status.PENDING).count() == 5
    assert ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.RUNNING  # resumable, not failed

    monkeypatch.setattr(jobs, "screen_application", real)
    assert jobs.run_screening(run.pk)["status"] == ScreeningRun.Status.DONE
    run.refresh_from_db()
    assert (run.processed, run.failed) == (5, 0)


def test_a_redis_error_while_preparing_does_not_fail_the_run(ehr, users, monkeypatch):
    monkeypatch.setattr(jobs.queues, "enqueue", lambda *a, **k: None)
    run = start_screening_run(position=ehr["position"], by=users["hr"])

    def down(*_args, **_kwargs):
        raise redis.exceptions.ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(jobs.engine_inputs, "build_engine", down)
    with pytest.raises(redis.exceptions.ConnectionError):
        jobs.run_screening(run.pk)
    assert ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.RUNNING


def test_a_database_error_in_intake_is_not_a_failed_document(ehr, users, monkeypatch):
    def down(doc, options):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(intake_services, "_intake_document", down)
    with pytest.raises(OperationalError):
        intake_services.intake_files(files=[("a.txt", "张三 13811112222".encode())], position=None, by=users["hr"])
    assert not IntakeItem.objects.exists()
