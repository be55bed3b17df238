"""The payslip link: ``django.core.signing`` (HMAC with SECRET_KEY, its own salt) over the line and the
employee it belongs to, with an expiry (``PAYSLIP_LINK_DAYS``, default 14). The token is the credential:
whoever holds it sees that one payslip and nothing else; a changed token fails its signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from hrportal.links import portal_url

SALT = "payroll.payslip.v1"


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "PAYSLIP_LINK_DAYS", 14)))


def make_token(line, *, now: dt.datetime | None = None) -> str:
    expires = (now or timezone.now()) + max_age()
    return signing.dumps({"l": line.pk, "p": line.employee_id, "e": int(expires.timestamp())}, salt=SALT, compress=True)


@dataclass(frozen=True)
class TokenCheck:
    line_id: int | None
    employee_id: int | None
    problem: str = ""  # "", "invalid" or "expired"


def check_token(token: str, *, now: dt.datetime | None = None) -> TokenCheck:
    try:
        data = signing.loads(token, salt=SALT)
        line_id, employee_id, expires = int(data["l"]), int(data["p"]), int(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenCheck(None, None, "invalid")
    if (now or timezone.now()).timestamp() > expires:
        return TokenCheck(line_id, employee_id, "expired")
    return TokenCheck(line_id, employee_id)


def payslip_url(line, *, now: dt.datetime | None = None) -> str:
    return portal_url(reverse("payroll:payslip", args=[make_token(line, now=now)]))
