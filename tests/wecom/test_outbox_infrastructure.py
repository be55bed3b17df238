"""Our own infrastructure failing is not the message's fault (issue 24).

- an exception of Redis (the token cache, the queue) or of the database connection inside a transport puts the
  row back to pending without spending an attempt, and the drain stops claiming instead of failing row after row;
- a page that queues a message while Redis is down still succeeds (the sweep queues the drain later);
- a per-row job that RQ starts before its row is due (the scheduler keeps whole seconds) queues itself again for
  the row's time instead of stranding it; retries flow through shared drain jobs, not a job per row.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from django.db import OperationalError
from django.utils import timezone

from tests.wecom.outbox_fixtures import new_rows, queue_text, wecom_on  # noqa: F401 - fixture
from wecom.models import OutboxMessage
from wecom.outbox import jobs as outbox_jobs
from wecom.outbox.transports import TransportError
from wecom.outbox.transports.wecom_app import WeComAppTransport

pytestmark = pytest.mark.django_db


def _raising(exc):
    calls = []

    def send(self, message):
        calls.append(message.pk)
        raise exc

    return send, calls


@pytest.mark.parametrize("error", [
    redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    redis.exceptions.TimeoutError("Timeout reading from socket"),
    OperationalError("terminating connection due to administrator command"),
], ids=["redis-refused", "redis-timeout", "db-terminated"])
def test_an_infrastructure_error_is_transient_and_stops_the_drain(wecom_on, monkeypatch, error):  # noqa: F811
    send, calls = _raising(error)
    monkeypatch.setattr(WeComAppTransport, "send", send)
    ids = new_rows("lisi", 5, prefix="infra")

    counts = outbox_jobs.drain()

    assert counts["outage"] == 1 and counts["failed"] == 0 and len(calls) == 1  # stopped at once
    rows = {r.pk: r for r in OutboxMessage.objects.filter(pk__in=ids)}
    assert {r.status for r in rows.values()} == {"pending"}
    assert {r.attempts for r in rows.values()} == {0}  # the outage did not spend an attempt
    hit = rows[calls[0]]
    assert hit.next_attempt_at > timezone.now() and "infrastructure error" in hit.last_error


def test_an_outage_longer_than_the_attempts_cap_never_fails_the_message(wecom_on, monkeypatch, settings):  # noqa: F811
    settings.OUTBOX_MAX_ATTEMPTS = 2
    send, calls = _raising(redis.exceptions.ConnectionError("Connection refused"))
    monkeypatch.setattr(WeComAppTransport, "send", send)
    [pk] = new_rows("lisi", 1, prefix="long")
    now = timezone.now()
    for _ in range(6):
        now += timedelta(hours=1)
        assert outbox_jobs.send_message(pk, now=now) == "outage"
    row = OutboxMessage.objects.get(pk=pk)
    assert (row.status, row.attempts, len(calls)) == ("pending", 0, 6)


def test_a_bug_in_a_transport_is_still_permanent(wecom_on, monkeypatch):  # noqa: F811
    send, _calls = _raising(KeyError("touser"))
    monkeypatch.setattr(WeComAppTransport, "send", send)
    [pk] = new_rows("lisi", 1, prefix="bug")
    assert outbox_jobs.send_message(pk) == "failed"
    assert OutboxMessage.objects.get(pk=pk).status == "failed"


def test_queueing_a_message_while_redis_is_down_still_commits_it(wecom_on, settings,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.REDIS_URL = dead
    settings.RQ_QUEUES = {name: {"URL": dead, "DEFAULT_TIMEOUT": 60} for name in ("default", "screening", "outbox")}
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_text("lisi", "Redis 宕机时排队")
    message.refresh_from_db()
    assert message.status == "pending"  # the sweep queues its drain once Redis is back


# --- with a real Redis: what RQ's scheduler holds ---------------------------------------------------------


def _scheduled(queue_name: str = "outbox") -> dict:
    from hrportal.queues import get_queue

    registry = get_queue(queue_name).scheduled_job_registry
    return {job_id: registry.get_scheduled_time(job_id) for job_id in registry.get_job_ids()}


def test_a_job_that_starts_before_its_row_is_due_queues_itself_again(redis_url, wecom_on):  # noqa: F811
    [pk] = new_rows("lisi", 1, prefix="early")
    due = timezone.now() + timedelta(milliseconds=700)
    OutboxMessage.objects.filter(pk=pk).update(next_attempt_at=due)

    assert outbox_jobs.send_message(pk) == "rescheduled"  # used to return "skipped" and strand the row

    scheduled = _scheduled()
    assert len(scheduled) == 1
    [(job_id, at)] = scheduled.items()
    assert job_id.startswith(f"outbox-{pk}-") and at >= due
    assert OutboxMessage.objects.get(pk=pk).status == "pending"


def test_scheduled_times_are_rounded_up_to_a_whole_second(redis_url, wecom_on):  # noqa: F811
    [pk] = new_rows("lisi", 1, prefix="round")
    at = (timezone.now() + timedelta(seconds=30)).replace(microsecond=400_000)
    outbox_jobs.schedule_send(pk, at=at)
    [when] = _scheduled().values()
    assert when >= at  # RQ keeps whole seconds: rounding down would start the job 0.4 s early


def test_retries_flow_through_shared_drain_jobs(redis_url, wecom_on, monkeypatch):  # noqa: F811
    send, calls = _raising(TransportError("WeCom HTTP 503", permanent=False))
    monkeypatch.setattr(WeComAppTransport, "send", send)
    new_rows("lisi", 40, prefix="slot")

    counts = outbox_jobs.drain()

    assert counts["retry"] == 40 and len(calls) == 40
    scheduled = _scheduled()
    assert all(job_id.startswith("outbox-drain-at-") for job_id in scheduled)
    # ±25 % jitter around 30 s spreads 40 rows over ≤ 15 s: a few 5-second slots, never a job per row
    assert 1 <= len(scheduled) <= 4
    latest_retry = max(OutboxMessage.objects.values_list("next_attempt_at", flat=True))
    assert max(scheduled.values()) >= latest_retry


def test_the_first_success_after_an_outage_releases_the_waiting_rows(wecom_on):  # noqa: F811
    """WeCom refused for 2 minutes: rows wait out growing backoffs; the first message WeCom accepts again brings
    the others along at once instead of at their backoff time (minutes away). Rate-limited rows keep theirs."""
    fake = wecom_on
    ids = new_rows("lisi", 6, prefix="release")
    fake.start_outage("refused")
    later = timezone.now() + timedelta(minutes=10)
    for pk in ids:
        assert outbox_jobs.send_message(pk) == "retry"
    OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=later)
    OutboxMessage.objects.filter(pk=ids[-1]).update(last_errcode=45009)  # backing off a rate limit
    fake.end_outage()
    OutboxMessage.objects.filter(pk=ids[0]).update(next_attempt_at=timezone.now())  # the first one's time comes

    counts = outbox_jobs.drain()

    assert counts["sent"] == 5
    assert OutboxMessage.objects.get(pk=ids[-1]).status == "pending"


def test_the_sweep_queues_a_drain_at_once_when_the_queue_is_idle(redis_url, wecom_on,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    """Redis came back empty after an outage: the due rows have no job and nothing runs in the outbox queue, so
    the sweep does not wait out OUTBOX_SWEEP_GRACE_SECONDS (60 s) before queueing a drain."""
    from hrportal.queues import get_queue

    new_rows("lisi", 3, prefix="idle")  # due now, no job anywhere
    with django_capture_on_commit_callbacks(execute=True):  # django_rq enqueues on commit
        assert outbox_jobs.sweep()["queued"] == 3
    assert get_queue("outbox").count == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_jobs.sweep()["queued"] == 0  # that drain waits in the queue: not doubled
