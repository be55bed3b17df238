"""The candidate's rights link: a ``hrportal.signed_tokens`` token carrying the candidate id, valid
``PRIVACY_LINK_DAYS`` (default 90) after it was issued; every message and the privacy notice carry a fresh one."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hrportal import signed_tokens

SALT = "recruiting.rights_link.v1"


def make_token(candidate, *, now: dt.datetime | None = None) -> str:
    days = int(settings.PRIVACY_LINK_DAYS)
    return signed_tokens.make({"c": candidate.pk}, salt=SALT, expires=(now or timezone.now()) + dt.timedelta(days=days))


def candidate_id_for(token: str, *, now: dt.datetime | None = None) -> int | None:
    """The candidate id of a valid, unexpired token; None otherwise (never raises)."""
    read = signed_tokens.read(token, salt=SALT, now=now)
    if read is None or read.expired:
        return None
    try:
        return int(read.payload["c"])
    except (KeyError, TypeError, ValueError):
        return None


def rights_path(candidate) -> str:
    return reverse("recruiting:rights_home", kwargs={"token": make_token(candidate)})
