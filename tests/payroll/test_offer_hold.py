"""The retention purge's registered hold for offers: an open or signed offer keeps its candidate, a declined
or withdrawn one does not."""

from __future__ import annotations

import pytest

from hrportal.privacy import registry
from payroll.models import Offer, OfferStatus
from tests.payroll.conftest import draft

pytestmark = pytest.mark.django_db


def test_an_open_offer_holds_its_candidate_a_withdrawn_one_does_not(offer_setup):
    candidate = offer_setup["candidate"]
    offer = draft(offer_setup)
    holds = registry.holds_for([candidate.pk])
    assert any("录用通知" in str(label) for label in holds.get(candidate.pk, []))
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    holds = registry.holds_for([candidate.pk])
    assert not any("录用通知" in str(label) for label in holds.get(candidate.pk, []))
