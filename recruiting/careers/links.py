"""Shareable careers links: a position's public address, tagged links for job boards (``?src=<name>``) and
an employee's referral link (``?ref=<signed token>``, hrportal.signed_tokens, so a referral cannot be forged
by typing an employee number)."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from hrportal import signed_tokens

REFERRAL_SALT = "recruiting.careers.referral.v1"
REFERRAL_DAYS = 365
_BOARD = re.compile(r"[^0-9A-Za-z_\-.\u4e00-\u9fff]")


def position_path(position) -> str:
    return reverse("recruiting:careers_position", kwargs={"code": position.code})


def referral_token(employee, *, now: dt.datetime | None = None) -> str:
    expires = (now or timezone.now()) + dt.timedelta(days=REFERRAL_DAYS)
    return signed_tokens.make({"emp": employee.pk}, salt=REFERRAL_SALT, expires=expires)


def referral_path(position, employee) -> str:
    return f"{position_path(position)}?ref={referral_token(employee)}"


def referrer_id(token: str) -> int | None:
    read = signed_tokens.read(token or "", salt=REFERRAL_SALT)
    if read is None or read.expired:
        return None
    try:
        return int(read.payload["emp"])
    except (KeyError, TypeError, ValueError):
        return None


def board_name(value: str) -> str:
    """A job board's name from ``?src=``: letters, digits, CJK, ``-_.``, at most 40 characters."""
    return _BOARD.sub("", value or "")[:40]
