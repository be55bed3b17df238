"""The e-mail transport: subject/body/html through Django's mail, the invitation's .ics as text/calendar."""

from __future__ import annotations

import datetime as dt
import socket
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from wecom.outbox import jobs as outbox_jobs
from wecom.outbox.services import queue_message
from wecom.outbox.transports.ics import calendar_invite

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _queue_email(**payload):
    message, _ = queue_message(
        channel="email", kind="invitation", dedupe_key="t:email", address="xiaoming@example.com",
        recipient_label="王小明", payload={"msgtype": "email", **payload},
    )
    return message


def test_invitation_email_carries_an_ics_in_utc(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    start = dt.datetime(2026, 1, 2, 14, 0, tzinfo=SHANGHAI)
    ics = calendar_invite(uid="interview-12@hrportal", start=start, end=start + dt.timedelta(minutes=45),
                          summary="面试：销售经理, 初面", location="上海市 A-301", description="请携带身份证\n和作品集",
                          organizer_email="hr@example.com", attendee_email="xiaoming@example.com", sequence=2)
    message = _queue_email(subject="面试邀请 · 销售经理", body="王小明您好：\n邀请您参加面试。",
                           html="<p>王小明您好</p>", ics=ics)

    assert outbox_jobs.send_message(message.pk) == "sent"

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["xiaoming@example.com"] and sent.subject == "面试邀请 · 销售经理"
    assert sent.alternatives[0][1] == "text/html"
    (attachment,) = sent.attachments
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invite.ics"
    text = attachment.get_payload(decode=True).decode("utf-8")
    assert "DTSTART:20260102T060000Z\r\n" in text  # 14:00 in Shanghai is 06:00 UTC
    assert "DTEND:20260102T064500Z\r\n" in text
    assert "SEQUENCE:2\r\n" in text and "METHOD:REQUEST\r\n" in text
    assert "SUMMARY:面试：销售经理\\, 初面" in text
    assert "DESCRIPTION:请携带身份证\\n和作品集" in text
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.msgid == sent.extra_headers["Message-ID"].strip("<>") and f".outbox{message.pk}@" in message.msgid
    raw = sent.message().as_bytes()
    assert b"text/calendar" in raw


def test_long_ics_lines_are_folded_without_splitting_characters():
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    ics = calendar_invite(uid="u@x", start=start, end=start + dt.timedelta(hours=1), summary="面" * 60)
    for line in ics.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:" + "面" * 60 in unfolded


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        calendar_invite(uid="u", start=dt.datetime(2026, 1, 2, 14), end=dt.datetime(2026, 1, 2, 15), summary="x")


def test_an_unreachable_mail_server_is_transient(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    message = _queue_email(subject="面试邀请", body="正文")
    assert outbox_jobs.send_message(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == "pending" and "SMTP unavailable" in message.last_error


def test_an_email_without_subject_fails_permanently(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = _queue_email(body="正文")
    assert outbox_jobs.send_message(message.pk) == "failed"
    message.refresh_from_db()
    assert "subject" in message.last_error
    assert mail.outbox == []
