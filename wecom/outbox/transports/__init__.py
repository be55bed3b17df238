"""Outbound channels behind one interface (``base.Transport``) and the registry that picks one per channel.

| channel | transport | reaches |
|---|---|---|
| ``wecom_app`` | ``wecom_app.WeComAppTransport`` | corp members (interviewers, HR): message/send |
| ``wecom_customer`` | ``wecom_customer.WeComCustomerTransport`` | candidates who are a recruiter's WeCom customers |
| ``email`` | ``email.EmailTransport`` | anyone with an e-mail address (invitation + .ics) |
| ``sms`` | ``sms.SmsTransport`` | a phone number, through ``SMS_BACKEND`` (console by default) |
| ``sandbox`` | ``sandbox.SandboxTransport`` | the in-app sandbox phone (default without ``WECOM_*``) |
| ``wecom_calendar`` | ``wecom_calendar.WeComCalendarTransport`` | interviewers' WeCom calendars (oa/schedule) |
"""

from __future__ import annotations

from wecom.outbox.transports.base import Delivery, Transport, TransportError
from wecom.outbox.transports.email import EmailTransport
from wecom.outbox.transports.sandbox import SandboxTransport
from wecom.outbox.transports.sms import SmsTransport
from wecom.outbox.transports.wecom_app import WeComAppTransport
from wecom.outbox.transports.wecom_calendar import WeComCalendarTransport
from wecom.outbox.transports.wecom_customer import WeComCustomerTransport

TRANSPORTS: dict[str, type[Transport]] = {
    cls.channel: cls
    for cls in (WeComAppTransport, WeComCustomerTransport, EmailTransport, SmsTransport, SandboxTransport,
                WeComCalendarTransport)
}

__all__ = ["Delivery", "Transport", "TransportError", "TRANSPORTS", "transport_for"]


def transport_for(channel: str) -> Transport:
    """The transport of a channel; an unknown channel is a permanent error for the message that names it."""
    cls = TRANSPORTS.get(channel)
    if cls is None:
        raise TransportError(f"no transport for channel {channel!r}", permanent=True)
    return cls()
