"""The candidate's signing link: a signed token (``hrportal.signed_tokens``, its own salt) over the offer,
the contract and the sha256 of the exact PDF sent, with an expiry (``OFFER_LINK_DAYS``, default 7). The
token is the credential: it opens that one contract and nothing else. A contract re-rendered after the link
went out has another hash, so the old link is refused rather than signing a document the candidate never
saw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hrportal import signed_tokens
from hrportal.links import portal_url

SALT = "payroll.offer_sign.v1"


def max_age() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "OFFER_LINK_DAYS", 7)))


def expiry(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + max_age()


def make_token(contract, *, expires: dt.datetime) -> str:
    return signed_tokens.make({"o": contract.offer_id, "c": contract.pk, "h": contract.sha256}, salt=SALT, expires=expires)


@dataclass(frozen=True)
class TokenCheck:
    offer_id: int | None
    contract_id: int | None
    sha256: str = ""
    problem: str = ""  # "", "invalid" or "expired"


def check_token(token: str, *, now: dt.datetime | None = None) -> TokenCheck:
    read = signed_tokens.read(token, salt=SALT, now=now)
    try:
        offer_id, contract_id, sha = int(read.payload["o"]), int(read.payload["c"]), str(read.payload["h"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return TokenCheck(None, None, problem="invalid")
    return TokenCheck(offer_id, contract_id, sha, "expired" if read.expired else "")


def sign_url(contract, *, expires: dt.datetime) -> str:
    return portal_url(reverse("payroll:offer_sign", args=[make_token(contract, expires=expires)]))
