"""An offer signed through the candidate's real link and onboarded on its start date: the API shows its status
(pay only to roles with view_offer_pay) and the webhooks offer.signed and employee.onboarded are queued."""

from __future__ import annotations

import datetime as dt

import pytest

from api.models import WebhookSubscription
from payroll.models import OfferStatus
from payroll.onboarding.services import onboard
from tests.api.conftest import bearer
from tests.payroll.conftest import offer_setup, sent_offer  # noqa: F401 - the fixture is used by name
from tests.payroll.test_signing import last_code, link_of, sign
from wecom.models import OutboxMessage

START = dt.date(2026, 11, 16)


@pytest.mark.django_db
def test_signed_and_onboarded_offer(client, offer_setup, role_tokens):  # noqa: F811
    WebhookSubscription.objects.create(name="HRIS", url="https://hris.example.com/h", secret="s" * 32,
                                       events=["offer.signed", "employee.onboarded"])
    offer = sent_offer(offer_setup, start=START)
    url = link_of(offer)
    client.post(url, {"action": "code"})
    sign(client, url, code=last_code(offer))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    onboarding = onboard(offer_id=offer.pk, on=START)

    webhooks = {m.data["event"]: m.data["data"] for m in OutboxMessage.objects.filter(channel="webhook")}
    assert set(webhooks) == {"offer.signed", "employee.onboarded"}
    assert webhooks["offer.signed"]["offer_id"] == offer.pk
    assert webhooks["employee.onboarded"]["employee_no"] == onboarding.employee.employee_no

    as_manager = client.get("/api/v1/offers/", **bearer(role_tokens["manager"])).json()["results"]
    assert [(o["id"], o["status"], o["monthly_total"]) for o in as_manager] == [(offer.pk, "accepted", None)]
    as_hr = client.get(f"/api/v1/offers/{offer.pk}/", **bearer(role_tokens["hr"])).json()
    assert as_hr["monthly_total"] == str(offer.monthly_total)
    from hrportal.models import AuditLog

    assert AuditLog.objects.filter(action="view", object_type="payroll.Offer", object_id=str(offer.pk)).exists()
    assert AuditLog.objects.filter(action="view", object_type="payroll.Offer", note__contains=str(offer.pk)).count() == 2
    rows = client.get("/api/v1/onboarding/", **bearer(role_tokens["hr"])).json()["results"]
    assert rows[0]["status"] == "onboarded" and rows[0]["employee_no"] == onboarding.employee.employee_no
