"""Workers racing for the outbox, and a worker killed mid-send, on PostgreSQL (+ Redis for real RQ workers).

Run with e.g.  DATABASE_URL=postgres://postgres@127.0.0.1:5432/hrportal_d REDIS_URL=redis://127.0.0.1:6379/15
.venv/bin/pytest tests/wecom/test_outbox_workers.py   (the tests skip on SQLite: they need a shared database)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F

from tests.conftest import run_at_once, run_rq_worker_burst, wait_other_sessions_gone, worker_env
from tests.wecom.outbox_fixtures import contents, new_rows, queue_text, wecom_on  # noqa: F401 - fixture
from wecom.models import OutboxMessage
from wecom.outbox import jobs as outbox_jobs
from wecom.outbox import retry as outbox_retry
from wecom.outbox.transports.wecom_app import shared_client

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[2]


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent claims are tested on PostgreSQL: run with DATABASE_URL")


def test_two_threads_claiming_the_same_rows_send_each_once(wecom_on):  # noqa: F811
    _needs_postgres()
    ids = new_rows("lisi", 40, prefix="race")
    outcomes = run_at_once(lambda: Counter(outbox_jobs.send_message(pk) for pk in ids))

    assert sum(c["sent"] for c in outcomes) == 40
    assert sum(c["skipped"] for c in outcomes) == 40
    delivered = Counter(contents(wecom_on))
    assert len(delivered) == 40 and set(delivered.values()) == {1}
    assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("status", "attempts")) == {("sent", 1)}


def test_two_rq_workers_draining_duplicate_jobs_send_each_row_once(redis_url, wecom_on):  # noqa: F811
    _needs_postgres()
    from hrportal.queues import get_queue
    from wecom.outbox.jobs import send_outbox_message

    messages = [queue_text("zhangsan", f"第 {i} 条") for i in range(60)]  # each commit wakes the drain
    queue = get_queue("outbox")
    assert queue.count == 1  # one drain job for the whole burst (wecom.outbox.jobs.wake)
    for message in messages:  # and a job of its own for every row (a sweep or a retry racing the drain)
        queue.enqueue(send_outbox_message, message.pk)
    assert queue.count == 61

    env = worker_env(**wecom_on.django_settings())
    workers = [subprocess.Popen([sys.executable, "manage.py", "rqworker", "--burst", "outbox"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for worker in workers:
        _, stderr = worker.communicate(timeout=180)
        assert worker.returncode == 0, stderr[-3000:]

    delivered = Counter(contents(wecom_on))
    assert delivered == Counter({f"第 {i} 条": 1 for i in range(60)})
    rows = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])
    assert set(rows.values_list("status", "attempts")) == {("sent", 1)}


def test_a_worker_killed_mid_send_is_recovered_by_the_sweep(redis_url, wecom_on):  # noqa: F811
    _needs_postgres()
    fake = wecom_on
    shared_client().get_access_token()  # token in the shared cache: the worker's first request is message/send
    fake.start_outage("slow", requests=1, delay=30)
    message = queue_text("wangwu", "被中断的发送")

    worker = subprocess.Popen([sys.executable, "manage.py", "rqworker", "--burst", "outbox"], cwd=ROOT,
                              env=worker_env(**fake.django_settings(), WECOM_TIMEOUT="60"), start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not fake.calls("message/send") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert fake.calls("message/send"), "the worker never reached WeCom"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, mid-request
        worker.wait(timeout=30)

    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sending", 1)
    assert outbox_jobs.sweep()["recovered"] == 0  # inside the lease nothing is taken back

    # The lease runs out (the claim is made older rather than the clock moved: the worker uses the real clock).
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=F("claimed_at") - outbox_retry.lease() - timedelta(seconds=1))
    counts = outbox_jobs.sweep()
    assert counts["recovered"] == 1 and counts["queued"] == 1
    message.refresh_from_db()
    assert message.status == "pending" and "lease" in message.last_error

    finished = run_rq_worker_burst("outbox", env_overrides=fake.django_settings())
    assert finished.returncode == 0, finished.stderr[-3000:]
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    # At-least-once: the interrupted request may still reach WeCom; the retry certainly did.
    assert "被中断的发送" in contents(fake)
    wait_other_sessions_gone()


