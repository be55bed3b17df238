"""hrportal.queues.enqueue: in-process on the embedded default, a real RQ job with Redis."""

import pytest
from django.conf import settings

from hrportal import queues
from hrportal.models import AuditLog
from tests.conftest import run_rq_worker_burst
from tests.hrportal.queue_jobs import write_audit_row


@pytest.mark.django_db
def test_without_redis_the_job_runs_in_process(settings):
    settings.REDIS_URL = ""
    result = queues.enqueue(write_audit_row, "in-process")
    assert AuditLog.objects.filter(note="in-process").count() == 1
    assert result == "done:in-process"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_redis_a_real_worker_runs_the_job_once(redis_url):
    assert settings.REDIS_URL, "the queue test runs with REDIS_URL set"
    queues.enqueue(write_audit_row, "via-rq", job_id="audit-via-rq")
    queues.enqueue(write_audit_row, "via-rq", job_id="audit-via-rq")  # same id: RQ keeps one job
    assert AuditLog.objects.filter(note="via-rq").count() == 0  # nothing ran in the request process
    done = run_rq_worker_burst("default")
    assert done.returncode == 0, done.stderr[-2000:]
    assert AuditLog.objects.filter(note="via-rq").count() == 1
