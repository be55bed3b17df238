"""The message log: filters, failed messages with their error, the detail page (payload, attempts, replies),
and retry (failed/cancelled → pending, attempts kept, audited). Recruiters only."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from hrportal.models import AuditLog
from tests.wecom.outbox_fixtures import full_interview  # noqa: F401 - fixture
from wecom.models import InboundReply, OutboxMessage

pytestmark = pytest.mark.django_db


def _row(key: str, **fields) -> OutboxMessage:
    defaults = {"channel": "wecom_app", "kind": "notice", "address": "lisi", "recipient_label": "李四",
                "payload": json.dumps({"msgtype": "text", "text": {"content": f"内容 {key}"}}, ensure_ascii=False)}
    return OutboxMessage.objects.create(dedupe_key=key, **{**defaults, **fields})


@pytest.fixture
def rows(db):
    return {
        "sent": _row("a", status="sent", attempts=1, msgid="msgid-1"),
        "failed": _row("b", status="failed", attempts=3, last_errcode=81013,
                       last_error="WeCom errcode 81013 on message/send (permanent): user & party & tag all invalid"),
        "email": _row("c", channel="email", kind="invitation", address="xiaoming@example.com", recipient_label="王小明",
                      status="cancelled",
                      payload=json.dumps({"msgtype": "email", "subject": "面试邀请", "body": "您好", "ics": "BEGIN:VCALENDAR"},
                                         ensure_ascii=False)),
    }


def test_the_log_lists_and_filters_messages(client, users, rows):
    client.force_login(users["hr"])
    page = client.get(reverse("wecom:message_log")).content.decode()
    for label in ("李四", "王小明"):
        assert label in page
    assert page.count('class="is-failed"') == 1
    assert "[81013]" in page and "all invalid" in page
    assert "xiaoming@example.com" not in page and "x***@example.com" in page  # the list masks e-mail addresses

    failed_only = client.get(reverse("wecom:message_log"), {"status": "failed"}).content.decode()
    assert "内容 b" not in failed_only  # payloads are not in the list…
    assert failed_only.count("<tr") == 2  # …header + the failed row
    email_only = client.get(reverse("wecom:message_log"), {"channel": "email"}).content.decode()
    assert "王小明" in email_only and "李四" not in email_only
    invitations = client.get(reverse("wecom:message_log"), {"kind": "invitation", "status": "bogus"}).content.decode()
    assert "王小明" in invitations and "李四" not in invitations


def test_the_log_filters_by_interview(client, users, rows, full_interview):  # noqa: F811
    _row("e", interview=full_interview, recipient_label="面试官王")
    client.force_login(users["hr"])
    page = client.get(reverse("wecom:message_log"), {"interview": str(full_interview.pk)}).content.decode()
    assert "面试官王" in page and "李四" not in page
    assert "没有符合条件的消息" in client.get(reverse("wecom:message_log"), {"interview": "999"}).content.decode()


def test_the_detail_shows_payload_attempts_errors_and_replies(client, users, rows):
    InboundReply.objects.create(message=rows["sent"], kind="question", from_label="王小明", text="可以带作品集吗？")
    client.force_login(users["hr"])
    page = client.get(reverse("wecom:message_detail", args=[rows["sent"].pk])).content.decode()
    assert "内容 a" in page and "msgid-1" in page and "可以带作品集吗？" in page
    failed = client.get(reverse("wecom:message_detail", args=[rows["failed"].pk])).content.decode()
    assert "user &amp; party &amp; tag all invalid" in failed and "重新发送" in failed
    email = client.get(reverse("wecom:message_detail", args=[rows["email"].pk])).content.decode()
    assert "面试邀请" in email and "BEGIN:VCALENDAR" in email and "xiaoming@example.com" in email  # HR sees it
    entry = AuditLog.objects.filter(object_id=str(rows["email"].pk), action="view").get()
    assert "address" in entry.fields and entry.actor == users["hr"]


def test_retry_puts_a_failed_message_back_and_keeps_its_attempts(client, users, rows, settings):
    settings.WECOM_CORP_ID = settings.WECOM_SECRET = ""  # nothing can be sent: the row stays as the retry left it
    client.force_login(users["hr"])
    response = client.post(reverse("wecom:message_retry", args=[rows["failed"].pk]))
    assert response.status_code == 302
    row = OutboxMessage.objects.get(pk=rows["failed"].pk)
    assert row.attempts == 3
    assert row.status == "pending"
    entry = AuditLog.objects.filter(object_id=str(row.pk), action="change").get()
    assert "failed → pending" in entry.note


def test_retry_of_a_sent_message_is_refused(client, users, rows):
    client.force_login(users["admin"])
    response = client.post(reverse("wecom:message_retry", args=[rows["sent"].pk]), follow=True)
    assert "只有发送失败或已取消的消息可以重新发送" in response.content.decode()
    assert OutboxMessage.objects.get(pk=rows["sent"].pk).status == "sent"


def test_retry_sends_a_cancelled_message_in_the_embedded_mode(client, users, rows, django_capture_on_commit_callbacks):
    cancelled = _row("d", channel="sandbox", status="cancelled")
    client.force_login(users["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wecom:message_retry", args=[cancelled.pk]))
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.attempts) == ("sent", 1)


@pytest.mark.parametrize("role", ["finance", "interviewer", "manager"])
def test_other_roles_are_refused(client, users, rows, role):
    client.force_login(users[role])
    assert client.get(reverse("wecom:message_log")).status_code == 403
    assert client.get(reverse("wecom:message_detail", args=[rows["sent"].pk])).status_code == 403
    assert client.post(reverse("wecom:message_retry", args=[rows["failed"].pk])).status_code == 403
    assert OutboxMessage.objects.get(pk=rows["failed"].pk).status == "failed"


def test_missing_message_is_404_and_retry_needs_post(client, users, rows):
    client.force_login(users["hr"])
    assert client.get(reverse("wecom:message_detail", args=[999999])).status_code == 404
    assert client.get(reverse("wecom:message_retry", args=[rows["failed"].pk])).status_code == 405


def test_recruiters_see_the_nav_link(client, users):
    client.force_login(users["hr"])
    assert "消息记录" in client.get(reverse("dashboard")).content.decode()
    client.force_login(users["finance"])
    assert "消息记录" not in client.get(reverse("dashboard")).content.decode()


def test_the_log_page_costs_the_same_few_queries_for_many_messages(
    client, users, full_interview, django_assert_max_num_queries,  # noqa: F811
):
    for i in range(40):
        _row(f"many-{i}", interview=full_interview if i % 2 else None)
    client.force_login(users["hr"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("wecom:message_log"))
    assert response.content.decode().count("<tr") == 41
