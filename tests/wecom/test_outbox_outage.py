"""WeCom down for a while: every queued message is delivered after recovery, none twice; a token that expires
between two sends is refreshed once. Real HTTP to the fake server, jobs in-process (the embedded default)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.wecom.outbox_fixtures import contents, queue_text, wecom_on  # noqa: F401 - fixture
from wecom.models import OutboxMessage
from wecom.outbox import jobs as outbox_jobs

pytestmark = pytest.mark.django_db
USERS = ["zhangsan", "lisi", "wangwu"]


def test_outage_then_recovery_delivers_every_message_once(wecom_on, django_capture_on_commit_callbacks):  # noqa: F811
    fake = wecom_on
    fake.start_outage("refused")
    with django_capture_on_commit_callbacks(execute=True):
        queued = [queue_text(user, f"面试通知 {user} #{n}") for user in USERS for n in range(3)]

    # Every first attempt ran at once and failed transiently: back to pending with a backoff.
    rows = OutboxMessage.objects.filter(pk__in=[m.pk for m in queued])
    assert {(r.status, r.attempts) for r in rows} == {("pending", 1)}
    assert all(r.next_attempt_at > timezone.now() for r in rows)
    assert all("network error" in r.last_error or "transport" in r.last_error for r in rows)

    # Still down: sweeps at later times keep retrying with growing backoff.
    now = timezone.now()
    gaps = []
    for _ in range(3):
        due = max(r.next_attempt_at for r in OutboxMessage.objects.filter(pk__in=[m.pk for m in queued]))
        now = due + timedelta(seconds=1)
        before = {r.pk: r.next_attempt_at for r in rows.all()}
        counts = outbox_jobs.sweep(now=now)
        assert counts["retry"] == len(queued)
        gaps.append(min(r.next_attempt_at - now for r in rows.all()))
        assert all(r.next_attempt_at > before[r.pk] for r in rows.all())
    assert gaps[0] < gaps[1] < gaps[2]  # exponential: ~60 s, ~120 s, ~240 s after attempts 2, 3, 4
    assert set(rows.values_list("attempts", flat=True)) == {4}
    assert contents(fake) == []

    fake.end_outage()
    later = max(r.next_attempt_at for r in rows.all()) + timedelta(seconds=1)
    counts = outbox_jobs.sweep(now=later)
    assert counts["sent"] == len(queued)
    # A second sweep and a stray job for the same rows change nothing.
    assert outbox_jobs.sweep(now=later + timedelta(hours=1))["sent"] == 0
    assert outbox_jobs.send_message(queued[0].pk, now=later + timedelta(hours=2)) == "skipped"

    delivered = Counter(contents(fake))
    assert delivered == Counter({m.data["text"]["content"]: 1 for m in queued})
    for user in USERS:
        assert len(fake.messages_to(user)) == 3
    assert set(rows.values_list("status", "attempts")) == {("sent", 5)}
    assert all(r.msgid.startswith("msgid-") for r in rows.all())


def test_http_503_answers_are_retried_too(wecom_on, django_capture_on_commit_callbacks):  # noqa: F811
    fake = wecom_on
    fake.start_outage("http503", requests=1)  # the gettoken of the first attempt
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_text("lisi", "503 之后送达")
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "HTTP 503" in message.last_error
    outbox_jobs.sweep(now=message.next_attempt_at)
    message.refresh_from_db()
    assert message.status == "sent"
    assert contents(fake) == ["503 之后送达"]


def test_token_expiring_between_sends_is_refreshed_once(wecom_on, django_capture_on_commit_callbacks):  # noqa: F811
    fake = wecom_on
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_text("zhangsan", "第一条")
    fake.expire_tokens()
    with django_capture_on_commit_callbacks(execute=True):
        second = queue_text("zhangsan", "第二条")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("sent", "sent")
    assert second.attempts == 1  # the refresh happened inside the one attempt
    assert len(fake.calls("gettoken")) == 2
    sends = fake.calls("message/send")
    assert [r.errcode for r in sends] == [0, 42001, 0]
    assert contents(fake) == ["第一条", "第二条"]


def test_rate_limit_answers_back_off_and_deliver(wecom_on, django_capture_on_commit_callbacks, settings):  # noqa: F811
    fake = wecom_on
    fake.fail_next("message/send", 45009, times=3)  # more than the client's own inline retries
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_text("wangwu", "限流之后")
    message.refresh_from_db()
    assert (message.status, message.last_errcode) == ("pending", 45009)
    call_command("wecom_sweep_outbox")  # not due yet: nothing happens
    message.refresh_from_db()
    assert message.status == "pending"
    outbox_jobs.sweep(now=message.next_attempt_at + timedelta(seconds=1))
    message.refresh_from_db()
    assert message.status == "sent"
    assert contents(fake) == ["限流之后"]
