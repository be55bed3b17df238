"""SMS: the console backend (default) prints the text; SMS_BACKEND selects another backend."""

from __future__ import annotations

import logging

import pytest

from wecom.outbox import jobs as outbox_jobs
from wecom.outbox.services import queue_message
from wecom.outbox.transports.base import TransportError
from wecom.outbox.transports.sms import SmsBackend

pytestmark = pytest.mark.django_db
SENT: list[tuple[str, str]] = []


class RecordingBackend(SmsBackend):
    """A provider stand-in: refuses numbers that are not mainland mobiles, like a real gateway would."""

    def send(self, *, phone: str, text: str) -> str:
        if not (phone.isdigit() and len(phone) == 11 and phone.startswith("1")):
            raise TransportError(f"invalid mobile number {phone}", permanent=True)
        SENT.append((phone, text))
        return f"prov-{len(SENT)}"


def _queue_sms(phone: str, text: str, key: str = "t:sms"):
    message, _ = queue_message(channel="sms", kind="invitation", dedupe_key=key, address=phone,
                               recipient_label="王小明", payload={"msgtype": "sms", "text": text})
    return message


def test_console_backend_prints_the_text_and_masks_the_log(capsys, caplog):
    message = _queue_sms("13912345678", "【智聘】您的面试定于 1月2日 14:00，请点击链接确认。")
    with caplog.at_level(logging.INFO, logger="wecom.outbox.transports.sms"):
        assert outbox_jobs.send_message(message.pk) == "sent"
    out = capsys.readouterr().out
    assert "13912345678" in out and "请点击链接确认" in out
    assert "139****5678" in caplog.text and "13912345678" not in caplog.text
    message.refresh_from_db()
    assert message.status == "sent" and message.msgid.startswith("console-")


def test_sms_backend_setting_selects_the_provider(settings):
    settings.SMS_BACKEND = "tests.wecom.test_transports_sms.RecordingBackend"
    SENT.clear()
    good = _queue_sms("13800001111", "面试提醒", key="t:sms:good")
    bad = _queue_sms("12345", "面试提醒", key="t:sms:bad")
    assert outbox_jobs.send_message(good.pk) == "sent"
    assert outbox_jobs.send_message(bad.pk) == "failed"
    assert SENT == [("13800001111", "面试提醒")]
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.msgid == "prov-1"
    assert bad.status == "failed" and "invalid mobile number" in bad.last_error


def test_an_overlong_sms_is_refused():
    message = _queue_sms("13912345678", "长" * 501)
    assert outbox_jobs.send_message(message.pk) == "failed"
