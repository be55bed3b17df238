"""The drain: one job sends every due row, so a burst of messages costs a few queue jobs, not one each.

Without a shared database the loop itself is tested in-process; the race between two draining connections
and the real RQ path (a burst of commits → one job → everything sent once) run on PostgreSQL + Redis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import run_at_once, run_rq_worker_burst
from tests.wecom.outbox_fixtures import contents, new_rows, queue_text, wecom_on  # noqa: F401 - fixture
from wecom.models import OutboxMessage
from wecom.outbox import delivery as outbox_delivery
from wecom.outbox import jobs as outbox_jobs


@pytest.mark.django_db
def test_drain_sends_every_due_row_once_and_leaves_the_rest(wecom_on):  # noqa: F811
    ids = new_rows("lisi", 5, prefix="due")
    later = new_rows("lisi", 1, prefix="later")
    OutboxMessage.objects.filter(pk__in=later).update(next_attempt_at=timezone.now() + dt.timedelta(hours=1))
    cancelled = new_rows("lisi", 1, prefix="cancelled")
    OutboxMessage.objects.filter(pk__in=cancelled).update(status=OutboxMessage.Status.CANCELLED)

    counts = outbox_jobs.drain()

    assert counts["sent"] == 5 and counts["more"] is False
    assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"sent"}
    assert OutboxMessage.objects.get(pk=later[0]).status == "pending"
    assert OutboxMessage.objects.get(pk=cancelled[0]).status == "cancelled"
    assert Counter(contents(wecom_on)) == Counter({f"due-{i}": 1 for i in range(5)})
    assert outbox_jobs.drain()["sent"] == 0  # nothing due any more


@pytest.mark.django_db
def test_drain_stops_on_its_budget_and_says_more_may_be_due(wecom_on):  # noqa: F811
    new_rows("lisi", 4, prefix="budget")
    counts = outbox_jobs.drain(max_messages=3)
    assert counts["sent"] == 3 and counts["more"] is True
    assert OutboxMessage.objects.filter(status="pending").count() == 1


@pytest.mark.django_db
def test_drain_takes_the_oldest_due_row_first(wecom_on):  # noqa: F811
    first, second = new_rows("lisi", 2, prefix="order")
    OutboxMessage.objects.filter(pk=second).update(next_attempt_at=timezone.now() - dt.timedelta(minutes=5))
    assert outbox_delivery.claim_next().pk == second


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_connections_draining_at_once_send_each_row_once(wecom_on):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("concurrent drains are tested on PostgreSQL: run with DATABASE_URL")
    new_rows("wangwu", 60, prefix="pair")
    results = run_at_once(outbox_jobs.drain)

    assert sum(r["sent"] for r in results) == 60
    assert all(r["sent"] > 0 for r in results)  # SKIP LOCKED: both took rows, neither waited for the other
    assert Counter(contents(wecom_on)) == Counter({f"pair-{i}": 1 for i in range(60)})
    assert set(OutboxMessage.objects.values_list("status", "attempts")) == {("sent", 1)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_commits_queues_one_job_that_sends_everything(redis_url, wecom_on):  # noqa: F811
    from hrportal.queues import get_queue

    if connection.vendor != "postgresql":
        pytest.skip("a worker subprocess needs PostgreSQL")
    for i in range(25):
        queue_text("zhangsan", f"突发 {i}")  # 25 transactions, each waking the drain
    queue = get_queue(outbox_jobs.OUTBOX_QUEUE)
    assert queue.count == 1

    finished = run_rq_worker_burst("outbox", env_overrides=wecom_on.django_settings())

    assert finished.returncode == 0, finished.stderr[-3000:]
    assert Counter(contents(wecom_on)) == Counter({f"突发 {i}": 1 for i in range(25)})
    # the job deleted its marker when it started: the next commit wakes a new job
    queue_text("zhangsan", "之后的一条")
    assert queue.count == 1
