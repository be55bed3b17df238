"""A payroll run calculated by a real RQ worker against PostgreSQL and Redis (skips on the embedded default)."""

from __future__ import annotations

import pytest

from payroll.models import PayrollLine, PayrollRun
from payroll.runs.services import create_run, start_calculation
from tests.conftest import run_rq_worker_burst
from tests.payroll.bulk import bulk_company

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_worker_calculates_a_run_in_chunks(redis_url, users):
    bulk_company(60)
    run = start_calculation(run=create_run(year=2026, month=4, by=users["finance"]), by=users["finance"])
    assert PayrollRun.objects.get(pk=run.pk).status == PayrollRun.Status.CALCULATING  # queued, not run inline
    result = run_rq_worker_burst("default", env_overrides={"PAYROLL_CHUNK_SIZE": "7"})
    assert result.returncode == 0, result.stderr[-2000:]
    run.refresh_from_db()
    assert (run.status, run.processed, run.employee_count) == (PayrollRun.Status.CALCULATED, 60, 60)
    assert PayrollLine.objects.filter(run=run).count() == 60
    assert run.summary["count"] == 60
