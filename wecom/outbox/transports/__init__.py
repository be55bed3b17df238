"""Outbound channels behind one interface (``base.Transport``) and the registry that picks one per channel.

| channel | transport | reaches |
|---|---|---|
| ``wecom_app`` | ``wecom_app.WeComAppTransport`` | corp members (interviewers, HR): message/send |
| ``wecom_customer`` | ``wecom_customer.WeComCustomerTransport`` | candidates who are a recruiter's WeCom customers |
| ``email`` | ``email.EmailTransport`` | anyone with an e-mail address (invitation + .ics) |
| ``sms`` | ``sms.SmsTransport`` | a phone number, through ``SMS_BACKEND`` (console by default) |
| ``sandbox`` | ``sandbox.SandboxTransport`` | the in-app sandbox phone (default without ``WECOM_*``) |

A feature that owns a channel of its own registers its transport here (``register_transport``) when the app
is ready: ``wecom_calendar`` (``wecom.calendar.transport``, interviewers' WeCom calendars) does. The outbox
never imports its users.
"""

from __future__ import annotations

from wecom.outbox.transports.base import Delivery, Transport, TransportError
from wecom.outbox.transports.email import EmailTransport
from wecom.outbox.transports.sandbox import SandboxTransport
from wecom.outbox.transports.sms import SmsTransport
from wecom.outbox.transports.wecom_app import WeComAppTransport
from wecom.outbox.transports.wecom_customer import WeComCustomerTransport

TRANSPORTS: dict[str, type[Transport]] = {
    cls.channel: cls
    for cls in (WeComAppTransport, WeComCustomerTransport, EmailTransport, SmsTransport, SandboxTransport)
}

__all__ = ["Delivery", "Transport", "TransportError", "TRANSPORTS", "register_transport", "transport_for"]


def register_transport(cls: type[Transport]) -> type[Transport]:
    """Add a channel's transport (usable as a class decorator); registering the same class again is a no-op."""
    existing = TRANSPORTS.get(cls.channel)
    if existing is not None and existing is not cls:
        raise ValueError(f"channel {cls.channel!r} already has the transport {existing.__name__}")
    TRANSPORTS[cls.channel] = cls
    return cls


def transport_for(channel: str) -> Transport:
    """The transport of a channel; an unknown channel is a permanent error for the message that names it."""
    cls = TRANSPORTS.get(channel)
    if cls is None:
        raise TransportError(f"no transport for channel {channel!r}", permanent=True)
    return cls()
