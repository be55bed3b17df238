"""``kill -9`` of the RQ worker in the middle of a payroll calculation: the sweep notices the abandoned run
through RQ, the supervisor's new worker resumes it after the last committed chunk, and the run ends with
exactly one line per employee — none duplicated, none missing, the lines written before the kill untouched."""

from __future__ import annotations

from collections import Counter

import pytest

from payroll.models import PayrollLine, PayrollRun
from payroll.runs import jobs
from payroll.runs.services import create_run, start_calculation
from tests.faults.harness import Supervisor, kill_worker, reap, scale, wait_for, worker_env
from tests.payroll.bulk import bulk_company

# like the other fault tests, a plain transactional test (their flushes re-create content types, which a serialized
# rollback would then insert twice); tests.payroll.bulk.ensure_policies() reloads the city policies the flush removed
pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

EMPLOYEES = scale("FAULTS_EMPLOYEES", 400)


def test_a_killed_workers_payroll_run_resumes_with_no_line_twice_or_missing(own_redis, users, sessions_gone, tmp_path):
    bulk_company(EMPLOYEES)
    env = worker_env(redis_url=own_redis.url, PAYROLL_CHUNK_SIZE="20", PAYROLL_CHUNK_PAUSE_SECONDS="0.2")
    supervisor = Supervisor(env, ("default",), log=tmp_path / "worker.log", reap_group=False).start()
    children: list[int] = []
    try:
        run = start_calculation(run=create_run(year=2026, month=4, by=users["finance"]), by=users["finance"])
        wait_for(lambda: PayrollRun.objects.get(pk=run.pk).processed >= 60, timeout=120, what="the run under way")
        children = kill_worker(supervisor)
        before = dict(PayrollLine.objects.filter(run=run).values_list("employee_id", "pk"))
        assert 0 < len(before) < EMPLOYEES

        def resumed():
            return jobs.resume_stalled_runs()

        wait_for(resumed, timeout=90, interval=2, what="the run to be resumed")
        wait_for(lambda: PayrollRun.objects.get(pk=run.pk).status == PayrollRun.Status.CALCULATED, timeout=180,
                 what="the resumed run to finish")
    finally:
        supervisor.stop()
        reap(children)

    run.refresh_from_db()
    assert (run.processed, run.employee_count, run.summary["count"]) == (EMPLOYEES, EMPLOYEES, EMPLOYEES)
    per_employee = Counter(PayrollLine.objects.filter(run=run).values_list("employee_id", flat=True))
    assert len(per_employee) == EMPLOYEES and set(per_employee.values()) == {1}
    after = dict(PayrollLine.objects.filter(run=run).values_list("employee_id", "pk"))
    assert all(after[employee] == pk for employee, pk in before.items())  # nothing recalculated twice
    assert "resume" in run.job_id
