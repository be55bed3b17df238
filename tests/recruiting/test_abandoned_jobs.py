"""A run or batch nobody works on any more is noticed through RQ within seconds, not after the 10-minute
heartbeat staleness (issue 24): its job vanished, failed, or started on a worker that stopped heartbeating.
Real Redis; the jobs are put into the states a killed worker leaves behind (the real kill -9 is in
tests/faults/test_worker_killed.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rq.job import Job, JobStatus

from hrportal.queues import get_queue, job_is_alive
from recruiting.intake import jobs as intake_jobs
from recruiting.models import IntakeBatch, ScreeningRun
from recruiting.screening_runs import jobs
from recruiting.screening_runs.jobs import start_screening_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call a sweep and run its on-commit callbacks (django_rq enqueues when the transaction commits)."""
    def call(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)
    return call


def _age(run: ScreeningRun, seconds: float) -> None:
    ScreeningRun.objects.filter(pk=run.pk).update(status=ScreeningRun.Status.RUNNING,
                                                  heartbeat_at=timezone.now() - timedelta(seconds=seconds))


def _started_on(job_id: str, worker_name: str) -> None:
    job = Job.fetch(job_id, connection=get_queue("screening").connection)
    get_queue("screening").remove(job)
    job.worker_name = worker_name
    job.save()
    job.set_status(JobStatus.STARTED)


@pytest.fixture
def queued_run(redis_url, ehr, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = start_screening_run(position=ehr["position"], by=users["hr"])
    assert job_is_alive(jobs.run_job_id(run.pk))  # waiting in the queue
    return run


def test_a_run_whose_job_started_on_a_dead_worker_is_resumed_within_seconds(queued_run, committed):
    _started_on(jobs.run_job_id(queued_run.pk), "ghost-worker-killed-with-kill-9")
    _age(queued_run, 20)  # quiet for 20 s: far from the 10-minute staleness

    assert committed(jobs.resume_stalled_runs) == [queued_run.pk]  # before issue 24: [] for another 10 minutes
    queued_run.refresh_from_db()
    assert queued_run.timings["resumed"] == 1
    assert job_is_alive(jobs.current_job_id(queued_run))  # the new job waits in the queue
    assert committed(jobs.resume_stalled_runs) == []  # and the next sweep leaves it alone


def test_a_run_whose_job_vanished_is_resumed(queued_run, committed):
    get_queue("screening").connection.flushdb()  # Redis restarted without persistence
    _age(queued_run, 20)
    assert committed(jobs.resume_stalled_runs) == [queued_run.pk]


def test_a_run_whose_job_still_waits_or_just_started_is_left_alone(queued_run, committed):
    _age(queued_run, 20)
    assert committed(jobs.resume_stalled_runs) == []  # its job is queued: a worker will take it
    _started_on(jobs.run_job_id(queued_run.pk), "ghost")
    _age(queued_run, 5)
    assert committed(jobs.resume_stalled_runs) == []  # inside the grace: its job may be starting


def test_an_intake_batch_whose_worker_died_is_resumed_within_seconds(redis_url, users, committed):
    batch = IntakeBatch.objects.create(created_by=users["hr"], status=IntakeBatch.Status.RUNNING,
                                       heartbeat_at=timezone.now() - timedelta(seconds=20))
    assert committed(intake_jobs.resume_stalled_intakes) == [batch.pk]  # no live job intake-<id>
    batch.refresh_from_db()
    assert batch.status == IntakeBatch.Status.QUEUED and batch.options["resumed"] == 1
    assert job_is_alive(intake_jobs.current_job_id(batch))
