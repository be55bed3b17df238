"""The demo offers (seed_demo_payroll): offers in several states, two signed contracts that verify, the new hire
onboarded on 2026-11-16 in the pending November run; --remove takes them away first."""

from __future__ import annotations

import pytest

from payroll.contracts.services import verify
from payroll.demo_offers import ONBOARDED_START
from payroll.models import Contract, Offer, Onboarding, PayrollRun
from recruiting.models import Employee
from tests.payroll.test_demo import demo_company, seed_payroll  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_demo_offers_states_signed_contracts_and_the_onboarded_hire_in_november(demo_company):  # noqa: F811
    out, err = seed_payroll()
    assert "Demo offers loaded" in out and not err
    statuses = sorted(Offer.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "accepted", "draft", "sent"]
    assert Offer.objects.filter(status="draft", needs_finance_approval=True).count() == 1
    signed = Contract.objects.filter(signed_at__isnull=False)
    assert signed.count() == 2 and all(verify(c).ok for c in signed)
    onboarding = Onboarding.objects.get(status="onboarded")
    hire = onboarding.employee
    assert hire.hire_date == ONBOARDED_START and hire.hired_through_id == onboarding.offer.application_id
    november = PayrollRun.objects.get(year=2026, month=11)
    assert november.status == PayrollRun.Status.CALCULATED
    assert november.lines.get(employee=hire).figures["days_paid"] == 15

    out, _ = seed_payroll()
    assert "already present" in out and Offer.objects.count() == 4

    out, err = seed_payroll("--remove")
    assert "Demo offers removed" in out and not err
    assert not Offer.objects.exists() and not Employee.objects.filter(pk=hire.pk).exists()
    assert not PayrollRun.objects.filter(year=2026).exists()
