"""Batch screening on a real RQ worker (Redis + PostgreSQL): a whole run processed by a burst worker, and a
worker killed mid-run whose run is resumed by the stalled-run sweep without any duplicate result.

Run with e.g.  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/13
.venv/bin/pytest tests/recruiting/test_screening_worker.py
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

from recruiting.models import Application, Candidate, ScreeningResult, ScreeningRun, ScreeningRunItem
from recruiting.screening_runs import jobs
from recruiting.screening_runs.jobs import start_screening_run
from tests.conftest import descendants, run_rq_worker_burst, worker_env
from tests.recruiting.screening_fixtures import numbered_resume

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]
APPLICANTS = 40


@pytest.fixture
def forty_applicants(ehr):
    position = ehr["position"]
    ehr["candidate"].resume_text = numbered_resume(99)
    ehr["candidate"].save()
    for i in range(APPLICANTS - 1):
        candidate = Candidate.objects.create(name=f"批量{i}", resume_text=numbered_resume(i))
        Application.objects.create(candidate=candidate, position=position)
    return position


def _wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def _no_other_open_transactions() -> bool:
    """True once PostgreSQL has dropped the killed worker's session (and with it its row locks)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state LIKE 'idle in transaction%%'"
        )
        return cursor.fetchone()[0] == 0


def _assert_complete(run: ScreeningRun) -> None:
    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.DONE
    assert run.total == APPLICANTS and run.processed == APPLICANTS and run.failed == 0
    assert not ScreeningRunItem.objects.filter(run=run, status=ScreeningRunItem.Status.PENDING).exists()
    per_application = {
        app_id: ScreeningResult.objects.filter(application_id=app_id).count()
        for app_id in Application.objects.filter(position=run.position).values_list("id", flat=True)
    }
    assert len(per_application) == APPLICANTS and set(per_application.values()) == {1}
    assert Application.objects.filter(position=run.position, screening_score__isnull=True).count() == 0


def test_a_burst_worker_screens_the_whole_run(redis_url, users, forty_applicants):
    run = start_screening_run(position=forty_applicants, by=users["hr"])
    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.QUEUED and run.processed == 0  # queued, not run in the request

    finished = run_rq_worker_burst("screening")

    assert finished.returncode == 0, finished.stderr[-3000:]
    _assert_complete(run)
    assert run.timings["per_item_mean_seconds"] > 0


def test_a_killed_worker_leaves_done_items_done_and_the_run_resumes(redis_url, users, forty_applicants):
    run = start_screening_run(position=forty_applicants, by=users["hr"])
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "screening"],
        cwd=ROOT, env=worker_env(SCREENING_CHUNK_SIZE="4", SCREENING_ITEM_PAUSE_SECONDS="0.1"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: ScreeningRun.objects.get(pk=run.pk).processed > 0, timeout=90, what="the first chunk")
    finally:
        # The worker forks a work horse per job in a session of its own: kill the horse and the worker.
        for pid in [*descendants(worker.pid), worker.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        worker.wait(timeout=30)

    run.refresh_from_db()
    done_before = set(
        ScreeningRunItem.objects.filter(run=run, status=ScreeningRunItem.Status.DONE).values_list("application_id", flat=True)
    )
    assert run.status == ScreeningRun.Status.RUNNING
    assert 0 < run.processed < APPLICANTS and len(done_before) == run.processed
    results_before = dict(ScreeningResult.objects.values_list("application_id", "id"))
    assert set(results_before) >= done_before
    _wait_for(_no_other_open_transactions, timeout=30, what="PostgreSQL to drop the killed session")

    assert jobs.resume_stalled_runs(older_than=timedelta(0)) == [run.pk]
    finished = run_rq_worker_burst("screening")

    assert finished.returncode == 0, finished.stderr[-3000:]
    _assert_complete(run)
    assert run.timings["resumed"] == 1
    # Results stored before the kill are the same rows afterwards: nothing was screened twice.
    after = dict(ScreeningResult.objects.values_list("application_id", "id"))
    assert all(after[app_id] == results_before[app_id] for app_id in done_before)
