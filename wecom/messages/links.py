"""The candidate's self-service link: a signed, expiring token instead of an account.

The token is a ``hrportal.signed_tokens`` token (HMAC with SECRET_KEY and the salt below, its own expiry)
carrying the interview id and the ``schedule_version`` it was issued for. Nothing is stored: the
signature proves we issued it, the expiry bounds how long a forwarded link works, and the version makes a
link from an older invitation useless once the interview moved ("链接已过期，请以最新邀请为准").

Expiry = the interview's end + ``CANDIDATE_LINK_GRACE_HOURS`` (default 12), but never more than
``CANDIDATE_LINK_MAX_DAYS`` (default 30) after the link was issued; reminders carry a fresh link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hrportal import signed_tokens

SALT = "wecom.candidate_link.v1"
DEFAULT_GRACE_HOURS = 12
DEFAULT_MAX_DAYS = 30


class LinkState:
    VALID = "valid"
    INVALID = "invalid"  # tampered, truncated or for an interview that no longer exists
    EXPIRED = "expired"  # past its expiry
    SUPERSEDED = "superseded"  # issued for an older schedule_version


@dataclass(frozen=True)
class LinkCheck:
    state: str
    interview: object | None = None
    version: int | None = None

    @property
    def ok(self) -> bool:
        return self.state == LinkState.VALID


def grace() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "CANDIDATE_LINK_GRACE_HOURS", DEFAULT_GRACE_HOURS)))


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "CANDIDATE_LINK_MAX_DAYS", DEFAULT_MAX_DAYS)))


def expiry_for(interview, *, now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    return min(interview.ends_at + grace(), now + max_age())


def make_token(interview, *, now: dt.datetime | None = None) -> str:
    """A token for the interview's current schedule_version (see module docstring for its expiry)."""
    expires = expiry_for(interview, now=now)
    return signed_tokens.make({"i": interview.pk, "v": interview.schedule_version}, salt=SALT, expires=expires)


def check_token(token: str, *, now: dt.datetime | None = None) -> LinkCheck:
    """What a token is worth now. Never raises for bad input: a tampered token is simply INVALID."""
    from interviews.models import Interview

    read = signed_tokens.read(token, salt=SALT, now=now)
    try:
        interview_id, version = int(read.payload["i"]), int(read.payload["v"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return LinkCheck(LinkState.INVALID)
    interview = (
        Interview.objects.select_related("application__candidate", "application__position", "round", "organizer")
        .filter(pk=interview_id).first()
    )
    if interview is None:
        return LinkCheck(LinkState.INVALID)
    if read.expired:
        return LinkCheck(LinkState.EXPIRED, interview, version)
    if version != interview.schedule_version:
        return LinkCheck(LinkState.SUPERSEDED, interview, version)
    return LinkCheck(LinkState.VALID, interview, version)


def absolute_url(path: str) -> str:
    """Absolute URL for a link in a message (``PORTAL_BASE_URL``; the one helper is wecom.conf.portal_url)."""
    from wecom.conf import portal_url

    return portal_url(path)


def candidate_link(interview, *, now: dt.datetime | None = None) -> str:
    """The absolute self-service URL for the interview's current schedule."""
    return absolute_url(reverse("wecom:candidate_link", kwargs={"token": make_token(interview, now=now)}))
