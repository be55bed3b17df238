"""E-mail through Django's mail backend (console in the embedded default, SMTP when configured).

Payload: ``{"msgtype": "email", "subject": …, "body": …, "html": …?, "ics": …?, "ics_method": "REQUEST"?}``;
``address`` is the recipient's e-mail. ``html`` becomes a text/html alternative; ``ics`` (build it with
``wecom.outbox.transports.ics.calendar_invite``) is attached as ``invite.ics`` with Content-Type
``text/calendar; method=REQUEST`` so mail clients offer to add the interview to the calendar.

A refused recipient is permanent; a connection problem or a temporary SMTP answer (4xx) is transient.
"""

from __future__ import annotations

import smtplib
from email.mime.text import MIMEText
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from wecom.outbox.transports.base import Delivery, Transport, TransportError, require


def _is_temporary(exc: smtplib.SMTPResponseException) -> bool:
    return 400 <= int(getattr(exc, "smtp_code", 0) or 0) < 500


def build_email(message) -> EmailMultiAlternatives:
    payload = message.data
    if payload.get("msgtype") != "email":
        raise TransportError(f"msgtype {payload.get('msgtype')!r} is not an e-mail", permanent=True)
    require(payload, "subject", "body")
    require({"address": message.address}, "address")
    email = EmailMultiAlternatives(
        subject=str(payload["subject"]).replace("\n", " ")[:250],
        body=str(payload["body"]),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={"Message-ID": make_msgid(idstring=f"outbox{message.pk}", domain="hrportal"),
                 "X-HRPortal-Message": str(message.pk)},
    )
    if payload.get("html"):
        email.attach_alternative(str(payload["html"]), "text/html")
    if payload.get("ics"):
        part = MIMEText(str(payload["ics"]), "calendar", "utf-8")
        part.set_param("method", str(payload.get("ics_method") or "REQUEST").upper())
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        email.attach(part)
    return email


class EmailTransport(Transport):
    channel = "email"

    def send(self, message) -> Delivery:
        email = build_email(message)
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise TransportError(f"recipient refused: {exc.recipients}", permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            raise TransportError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=not _is_temporary(exc),
                                 errcode=exc.smtp_code) from None
        except (smtplib.SMTPException, OSError) as exc:  # connection refused, timeout, disconnected
            raise TransportError(f"SMTP unavailable: {type(exc).__name__}: {exc}", permanent=False) from None
        return Delivery(msgid=email.extra_headers["Message-ID"].strip("<>")[:128])
