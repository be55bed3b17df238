"""The payslip link: a signed token (``hrportal.signed_tokens``, its own salt) over the line and the employee it
belongs to, with an expiry (``PAYSLIP_LINK_DAYS``, default 14). The token is the credential:
whoever holds it sees that one payslip and nothing else; a changed token fails its signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hrportal import signed_tokens
from hrportal.links import portal_url

SALT = "payroll.payslip.v1"


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "PAYSLIP_LINK_DAYS", 14)))


def make_token(line, *, now: dt.datetime | None = None) -> str:
    return signed_tokens.make({"l": line.pk, "p": line.employee_id}, salt=SALT, expires=(now or timezone.now()) + max_age())


@dataclass(frozen=True)
class TokenCheck:
    line_id: int | None
    employee_id: int | None
    problem: str = ""  # "", "invalid" or "expired"


def check_token(token: str, *, now: dt.datetime | None = None) -> TokenCheck:
    read = signed_tokens.read(token, salt=SALT, now=now)
    try:
        line_id, employee_id = int(read.payload["l"]), int(read.payload["p"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return TokenCheck(None, None, "invalid")
    return TokenCheck(line_id, employee_id, "expired" if read.expired else "")


def payslip_url(line, *, now: dt.datetime | None = None) -> str:
    return portal_url(reverse("payroll:payslip", args=[make_token(line, now=now)]))
