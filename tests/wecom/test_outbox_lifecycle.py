"""The outbox row's life: dedupe, not_before, claim, permanent errors, the attempts cap, backoff, cancel."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.wecom.outbox_fixtures import (  # noqa: F401 - fixtures
    contents,
    full_interview,
    new_rows,
    queue_text,
    text_payload,
    wecom_on,
)
from wecom.models import OutboxMessage
from wecom.outbox import jobs as outbox_jobs
from wecom.outbox import retry as outbox_retry
from wecom.outbox.delivery import claim
from wecom.outbox.services import cancel_messages, queue_message

pytestmark = pytest.mark.django_db


def test_the_same_dedupe_key_gives_one_row_and_one_delivery(wecom_on, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        first, created_first = queue_message(channel="wecom_app", kind="reminder", payload=text_payload("提醒"),
                                             dedupe_key="reminder:1:1:user7", address="lisi")
        again, created_again = queue_message(channel="wecom_app", kind="reminder", payload=text_payload("提醒"),
                                             dedupe_key="reminder:1:1:user7", address="lisi")
    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert OutboxMessage.objects.filter(dedupe_key="reminder:1:1:user7").count() == 1
    assert contents(wecom_on) == ["提醒"]


def test_a_message_is_not_sent_before_its_time(wecom_on, django_capture_on_commit_callbacks):  # noqa: F811
    when = timezone.now() + timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_text("zhangsan", "明天的面试", not_before=when)
    assert outbox_jobs.send_message(message.pk) == "skipped"  # a job that runs early does nothing
    assert outbox_jobs.sweep()["sent"] == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0)
    assert contents(wecom_on) == []
    outbox_jobs.sweep(now=when)
    message.refresh_from_db()
    assert message.status == "sent"
    assert contents(wecom_on) == ["明天的面试"]


def test_only_one_claim_wins():
    (pk,) = new_rows("lisi", 1)
    first = claim(pk)
    assert first is not None and first.status == "sending" and first.attempts == 1 and first.claim_token
    assert claim(pk) is None
    row = OutboxMessage.objects.get(pk=pk)
    assert (row.status, row.attempts, row.claim_token) == ("sending", 1, first.claim_token)


def test_an_invalid_recipient_fails_permanently_and_shows_in_the_log(
    wecom_on, django_capture_on_commit_callbacks, client, users,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_text("left_the_company", "面试卡片")
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_errcode) == ("failed", 1, 81013)
    assert outbox_jobs.sweep(now=timezone.now() + timedelta(days=1))["sent"] == 0  # never retried by itself
    assert len(wecom_on.calls("message/send")) == 1

    client.force_login(users["hr"])
    page = client.get(reverse("wecom:message_log"), {"status": "failed"}).content.decode()
    assert 'class="is-failed"' in page
    assert "[81013]" in page and "left_the_company" in page


def test_the_attempts_cap_turns_a_transient_error_into_failed(wecom_on, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.OUTBOX_MAX_ATTEMPTS = 3
    wecom_on.start_outage("refused")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_text("wangwu", "发不出去")
    for _ in range(2):
        message.refresh_from_db()
        assert message.status == "pending"
        outbox_jobs.sweep(now=message.next_attempt_at)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert "network error" in message.last_error


def test_backoff_doubles_with_jitter_and_is_capped(settings):
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 30
    settings.OUTBOX_BACKOFF_CAP_SECONDS = 600
    rng = random.Random(7)
    delays = [outbox_retry.backoff_delay(n, rng=rng).total_seconds() for n in range(1, 9)]
    for attempts, delay in enumerate(delays[:5], start=1):
        nominal = min(600, 30 * 2 ** (attempts - 1))
        assert 0.75 * nominal <= delay <= min(600, 1.25 * nominal)
    assert all(450 <= d <= 600 for d in delays[5:])  # capped: jitter only ever shortens it


def test_cancelled_messages_are_never_sent(wecom_on, full_interview):  # noqa: F811
    interview = full_interview
    reminder, _ = queue_message(channel="wecom_app", kind="reminder", payload=text_payload("明天面试"),
                                dedupe_key="t:reminder", address="lisi", interview=interview)
    invitation, _ = queue_message(channel="wecom_app", kind="invitation", payload=text_payload("邀请"),
                                  dedupe_key="t:invitation", address="lisi", interview=interview)
    OutboxMessage.objects.filter(pk=invitation.pk).update(status="sent")

    assert cancel_messages(interview=interview, kinds=["reminder", "invitation"]) == 1  # the sent one stays sent
    assert OutboxMessage.objects.get(pk=reminder.pk).status == "cancelled"
    assert OutboxMessage.objects.get(pk=invitation.pk).status == "sent"
    assert outbox_jobs.send_message(reminder.pk) == "skipped"
    assert outbox_jobs.sweep(now=timezone.now() + timedelta(days=2))["sent"] == 0
    assert contents(wecom_on) == []


def test_without_redis_a_page_view_runs_the_due_sweep(settings, client, users):
    """The embedded default (make run) has no scheduler: a due row is sent after the next response."""
    settings.OUTBOX_EMBEDDED_SWEEP_SECONDS = 1
    (pk,) = new_rows("lisi", 1, prefix="tick")
    OutboxMessage.objects.filter(pk=pk).update(channel="sandbox")
    outbox_jobs._last_tick[0] = 0.0
    client.force_login(users["hr"])
    client.get(reverse("dashboard"))
    assert OutboxMessage.objects.get(pk=pk).status == "sent"


def test_the_embedded_tick_is_off_outside_debug(settings, client, users):
    settings.OUTBOX_EMBEDDED_SWEEP_SECONDS = None  # default: on under DEBUG only (tests run with DEBUG off)
    (pk,) = new_rows("lisi", 1, prefix="notick")
    OutboxMessage.objects.filter(pk=pk).update(channel="sandbox")
    outbox_jobs._last_tick[0] = 0.0
    client.force_login(users["hr"])
    client.get(reverse("dashboard"))
    assert OutboxMessage.objects.get(pk=pk).status == "pending"
