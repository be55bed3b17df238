"""The survey link: a signed, expiring, single-use token instead of an account (after wecom/messages/links.py).

The token comes from ``hrportal.signed_tokens`` (HMAC with SECRET_KEY and the salt below) carrying the invitation
id and its expiry. The signature proves we issued it; the expiry bounds how long a forwarded link works; single
use is the invitation's ``answered_at`` (a second submission is refused politely).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from hrportal import signed_tokens
from hrportal.links import portal_url

SALT = "interviews.survey_link.v1"


class SurveyLinkState:
    VALID = "valid"
    INVALID = "invalid"  # tampered, truncated, or for an invitation that no longer exists
    EXPIRED = "expired"
    ANSWERED = "answered"  # already used once


@dataclass(frozen=True)
class SurveyLinkCheck:
    state: str
    invitation: object | None = None

    @property
    def ok(self) -> bool:
        return self.state == SurveyLinkState.VALID


def make_token(invitation) -> str:
    return signed_tokens.make({"s": invitation.pk}, salt=SALT, expires=invitation.expires_at)


def check_token(token: str, *, now: dt.datetime | None = None) -> SurveyLinkCheck:
    """What a token is worth now; never raises for bad input (a tampered token is INVALID)."""
    from interviews.models import SurveyInvitation

    read = signed_tokens.read(token, salt=SALT, now=now)
    try:
        invitation_id = int(read.payload["s"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return SurveyLinkCheck(SurveyLinkState.INVALID)
    invitation = (
        SurveyInvitation.objects.select_related("interview__round", "interview__application__position", "template")
        .filter(pk=invitation_id).first()
    )
    if invitation is None:
        return SurveyLinkCheck(SurveyLinkState.INVALID)
    if invitation.answered_at is not None:
        return SurveyLinkCheck(SurveyLinkState.ANSWERED, invitation)
    if read.expired:
        return SurveyLinkCheck(SurveyLinkState.EXPIRED, invitation)
    return SurveyLinkCheck(SurveyLinkState.VALID, invitation)


def survey_url(invitation) -> str:
    """The absolute survey URL for a message (PORTAL_BASE_URL through hrportal.links)."""
    return portal_url(reverse("interviews:survey_answer", kwargs={"token": make_token(invitation)}))
