"""SMS: a small backend interface, selected by the ``SMS_BACKEND`` setting (a dotted path), and the console
backend that is the default (it writes the text to the log and to stdout, like Django's console e-mail).

Payload: ``{"msgtype": "sms", "text": …}`` (a ``text`` WeCom-style body is accepted too); ``address`` is the
phone number. A provider backend (Aliyun, Tencent Cloud SMS…) implements ``SmsBackend.send`` and raises
``TransportError`` with ``permanent`` set for an invalid number or a rejected template.
"""

from __future__ import annotations

import logging
import sys
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

from hrportal.masking import mask_phone
from wecom.outbox.transports.base import Delivery, Transport, TransportError, require

log = logging.getLogger(__name__)

DEFAULT_SMS_BACKEND = "wecom.outbox.transports.sms.ConsoleSmsBackend"
MAX_SMS_CHARS = 500  # providers split long texts into several 70-character parts; beyond this is a mistake


class SmsBackend:
    """Send one text to one phone number; return the provider's message id."""

    def send(self, *, phone: str, text: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Development backend: nothing leaves the machine. The number is masked in the log line."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, *, phone: str, text: str) -> str:
        msgid = f"console-{uuid.uuid4().hex[:12]}"
        log.info("SMS (console) to %s [%s]: %s", mask_phone(phone), msgid, text)
        stream = self.stream or sys.stdout
        stream.write(f"--- SMS to {phone} [{msgid}] ---\n{text}\n")
        stream.flush()
        return msgid


def get_backend() -> SmsBackend:
    path = getattr(settings, "SMS_BACKEND", "") or DEFAULT_SMS_BACKEND
    return import_string(path)()


def sms_text(payload: dict) -> str:
    if payload.get("msgtype") == "sms":
        return str(payload.get("text") or "")
    if payload.get("msgtype") == "text":
        return str((payload.get("text") or {}).get("content") or "")
    raise TransportError(f"msgtype {payload.get('msgtype')!r} cannot go by SMS", permanent=True)


class SmsTransport(Transport):
    channel = "sms"

    def send(self, message) -> Delivery:
        require({"address": message.address}, "address")
        text = sms_text(message.data)
        if not text:
            raise TransportError("payload has no text", permanent=True)
        if len(text) > MAX_SMS_CHARS:
            raise TransportError(f"SMS text of {len(text)} characters (limit {MAX_SMS_CHARS})", permanent=True)
        return Delivery(msgid=get_backend().send(phone=message.address, text=text)[:128])
