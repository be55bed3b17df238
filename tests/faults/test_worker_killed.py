"""``kill -9`` of an RQ worker mid-run (the worker process only, as an OOM killer or a careless operator would):
its work horse and scheduler child die with it (PR_SET_PDEATHSIG, hrportal/worker.py; the supervisor here does
not clean up after it, so this is the worker's own doing) instead of acting on as orphans, the
periodic check notices the abandoned run through RQ within a minute (not after the 10-minute heartbeat
staleness), the supervisor's new worker resumes it, and every application ends with exactly one result."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from recruiting.models import Application, Candidate, ScreeningResult, ScreeningRun, ScreeningRunItem
from recruiting.screening_runs import jobs
from recruiting.screening_runs.jobs import start_screening_run
from tests.conftest import descendants
from tests.faults.harness import Supervisor, alive, reap, scale, wait_for, worker_env
from tests.recruiting.screening_fixtures import numbered_resume

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

APPLICATIONS = scale("FAULTS_APPLICATIONS", 200)
RESUME_LIMIT = 60.0


@pytest.fixture
def applicants(ehr):
    position = ehr["position"]
    ehr["candidate"].resume_text = numbered_resume(99_999)
    ehr["candidate"].save()
    candidates = Candidate.objects.bulk_create(
        [Candidate(name=f"批量{i}", resume_text=numbered_resume(i)) for i in range(APPLICATIONS - 1)])
    Application.objects.bulk_create([Application(candidate=c, position=position) for c in candidates])
    return position


def test_a_killed_workers_run_resumes_within_a_minute_exactly_once(own_redis, applicants, users, sessions_gone,
                                                                  tmp_path):
    env = worker_env(redis_url=own_redis.url, SCREENING_CHUNK_SIZE="10",
                     SCREENING_ITEM_PAUSE_SECONDS="0.05")
    supervisor = Supervisor(env, ("screening",), log=tmp_path / "worker.log", reap_group=False).start()
    children: list[int] = []
    try:
        run = start_screening_run(position=applicants, by=users["hr"])
        wait_for(lambda: ScreeningRun.objects.get(pk=run.pk).processed >= 20, timeout=120, what="the run under way")
        children = [pid for pid in descendants(supervisor.proc.pid) if alive(pid)]
        assert len(children) >= 2  # the work horse and the scheduler
        killed_at = time.monotonic()
        supervisor.kill_parent()  # kill -9 of the worker alone; the supervisor starts a new one after 1 s

        # The orphans must not act on: they die with their parent.
        wait_for(lambda: not any(alive(pid) for pid in children), timeout=10,
                 what="the orphaned horse and scheduler to die")
        done_before = dict(ScreeningResult.objects.filter(application__position=applicants)
                           .values_list("application_id", "id"))

        def resumed():
            jobs.resume_stalled_runs()  # the sweeper's periodic check
            return ScreeningRun.objects.get(pk=run.pk).timings.get("resumed")

        wait_for(resumed, timeout=RESUME_LIMIT + 30, interval=2, what="the run to be resumed")
        seconds = time.monotonic() - killed_at
        wait_for(lambda: ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.DONE, timeout=180,
                 what="the resumed run to finish")
    finally:
        supervisor.stop()
        reap(children)

    print(f"\nfaults: worker killed mid-run of {APPLICATIONS}: resumed {seconds:.1f} s after the kill")
    assert seconds < RESUME_LIMIT
    run.refresh_from_db()
    assert (run.total, run.processed, run.failed) == (APPLICATIONS, APPLICATIONS, 0)
    assert not ScreeningRunItem.objects.filter(run=run).exclude(status=ScreeningRunItem.Status.DONE).exists()
    per_application = _results_per_application(applicants)
    assert len(per_application) == APPLICATIONS and set(per_application.values()) == {1}
    after = dict(ScreeningResult.objects.values_list("application_id", "id"))
    assert all(after[app] == result for app, result in done_before.items())  # nothing screened twice


def _results_per_application(position) -> Counter:
    return Counter(ScreeningResult.objects.filter(application__position=position).values_list("application_id", flat=True))
