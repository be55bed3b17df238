"""Database connections dropped mid-batch: ``pg_terminate_backend`` on every other session of the test database
(the workers') while they drain the outbox and screen a run. The jobs die with the connection; nothing is marked
failed for it, and the sweeps (outbox lease + drain, abandoned-run check) finish the work without a person."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.db import connection

from recruiting.models import Application, Candidate, ScreeningResult, ScreeningRun, ScreeningRunItem
from recruiting.screening_runs import jobs as screening_jobs
from recruiting.screening_runs.jobs import start_screening_run
from tests.faults.harness import Supervisor, scale, wait_for, worker_env
from tests.recruiting.screening_fixtures import numbered_resume
from tests.wecom.outbox_fixtures import contents, new_rows
from wecom.models import OutboxMessage
from wecom.outbox import jobs as outbox_jobs

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

MESSAGES = scale("FAULTS_MESSAGES", 300)
APPLICATIONS = scale("FAULTS_APPLICATIONS", 200)


def _terminate_other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def test_outbox_connections_terminated_mid_drain(own_redis, fast_retries, fake_wecom, settings, sessions_gone,
                                                 tmp_path):
    for name, value in fake_wecom.django_settings().items():
        setattr(settings, name, value)
    env = worker_env(redis_url=own_redis.url, OUTBOX_DRAIN_CONCURRENCY="1",
                     **fast_retries, **fake_wecom.django_settings())
    supervisor = Supervisor(env, ("outbox",), log=tmp_path / "worker.log").start()
    try:
        ids = new_rows("lisi", MESSAGES, prefix="pg-kill")
        fake_wecom.start_outage("slow", delay=0.01)
        outbox_jobs.wake()
        sent = lambda: OutboxMessage.objects.filter(pk__in=ids, status="sent").count()  # noqa: E731
        wait_for(lambda: sent() >= MESSAGES // 5, timeout=60, what="the drain under way")
        terminated = 0
        for _ in range(3):  # three times, a second apart
            terminated += _terminate_other_sessions()
            time.sleep(1)
        assert terminated >= 1
        started = time.monotonic()
        while OutboxMessage.objects.filter(pk__in=ids).exclude(status="sent").exists():
            assert not OutboxMessage.objects.filter(pk__in=ids, status="failed").exists()
            assert time.monotonic() - started < 120, Counter(
                OutboxMessage.objects.filter(pk__in=ids).values_list("status", flat=True))
            outbox_jobs.sweep()  # the sweeper: lease (20 s here) and lost drains
            time.sleep(2)
        seconds = time.monotonic() - started
    finally:
        supervisor.stop()
    print(f"\nfaults: {terminated} worker DB session(s) terminated mid-drain: all {MESSAGES} sent {seconds:.1f} s later")
    delivered = Counter(contents(fake_wecom))
    assert set(delivered) == {f"pg-kill-{i}" for i in range(MESSAGES)}
    assert sum(delivered.values()) - MESSAGES <= 3  # at-least-once: at most the rows in flight at each drop


def test_screening_connections_terminated_mid_run(own_redis, ehr, users, sessions_gone, tmp_path):
    position = ehr["position"]
    ehr["candidate"].resume_text = numbered_resume(99_999)
    ehr["candidate"].save()
    candidates = Candidate.objects.bulk_create(
        [Candidate(name=f"断线{i}", resume_text=numbered_resume(i)) for i in range(APPLICATIONS - 1)])
    Application.objects.bulk_create([Application(candidate=c, position=position) for c in candidates])
    env = worker_env(redis_url=own_redis.url, SCREENING_CHUNK_SIZE="10",
                     SCREENING_ITEM_PAUSE_SECONDS="0.05")
    supervisor = Supervisor(env, ("screening",), log=tmp_path / "worker.log").start()
    try:
        run = start_screening_run(position=position, by=users["hr"])
        wait_for(lambda: ScreeningRun.objects.get(pk=run.pk).processed >= 20, timeout=120, what="the run under way")
        assert _terminate_other_sessions() >= 1
        dropped_at = time.monotonic()

        def finished():
            screening_jobs.resume_stalled_runs()  # the sweeper's periodic check
            return ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.DONE

        wait_for(finished, timeout=150, interval=2, what="the run to finish after the drop")
        seconds = time.monotonic() - dropped_at
    finally:
        supervisor.stop()
    print(f"\nfaults: screening worker's DB session terminated mid-run: done {seconds:.1f} s later")
    run.refresh_from_db()
    assert (run.processed, run.failed) == (APPLICATIONS, 0)
    assert not ScreeningRunItem.objects.filter(run=run, status=ScreeningRunItem.Status.FAILED).exists()
    per_application = Counter(ScreeningResult.objects.filter(application__position=position)
                              .values_list("application_id", flat=True))
    assert len(per_application) == APPLICATIONS and set(per_application.values()) == {1}
