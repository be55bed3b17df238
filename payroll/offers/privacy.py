"""The retention purge's hold for offers (hrportal/privacy/): a candidate with an open or signed offer is not
purged (the contract and its hash must stay verifiable; an employee record is recruiting's own hold)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from hrportal.privacy import registry
from payroll.models import Offer, OfferStatus

HELD_STATUSES = (OfferStatus.DRAFT, OfferStatus.APPROVED, OfferStatus.SENT, OfferStatus.ACCEPTED)


def offer_hold(candidate_ids: Sequence[int]) -> set[int]:
    return set(
        Offer.objects.filter(application__candidate_id__in=candidate_ids, status__in=HELD_STATUSES)
        .values_list("application__candidate_id", flat=True)
    )


def register() -> None:
    registry.register_legal_hold("payroll.offer", label=_("有进行中或已签约的录用通知"), held=offer_hold)
