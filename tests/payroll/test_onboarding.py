"""Onboarding on the start date: idempotent (twice → one employee), the explicit link to the application,
the first pay record and the next payroll run (pro-rated), the SI enrolment figures, the checklist, notices,
and a no-show that reverses nothing archived."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from payroll.contracts.services import verify
from payroll.models import City, OfferStatus, Onboarding, OnboardingItem, PayRecord
from payroll.onboarding.services import OnboardingRefused, onboard, record_no_show
from payroll.social_insurance.contributions import contributions
from payroll.social_insurance.selectors import rules_in_force
from recruiting.models import Employee
from tests.payroll.conftest import sent_offer
from tests.payroll.test_signing import last_code, link_of, sign
from wecom.models import OutboxMessage

pytestmark = pytest.mark.django_db

START = dt.date(2026, 11, 16)


@pytest.fixture
def signed(client, offer_setup):
    offer = sent_offer(offer_setup, start=START)
    url = link_of(offer)
    client.post(url, {"action": "code"})
    sign(client, url, code=last_code(offer))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    return offer


def test_nothing_before_the_start_date_and_twice_is_once(signed, offer_setup):
    call_command("onboard_new_hires", "--date", "2026-11-15")
    assert not Employee.objects.filter(hired_through=offer_setup["application"]).exists()
    with pytest.raises(OnboardingRefused, match="尚未到"):
        onboard(offer_id=signed.pk, on=dt.date(2026, 11, 15))
    call_command("onboard_new_hires", "--date", "2026-11-16")
    call_command("onboard_new_hires", "--date", "2026-11-16")
    onboard(offer_id=signed.pk, on=START)
    employee = Employee.objects.get(hired_through=offer_setup["application"])
    assert Employee.objects.filter(name="王小明").count() == 1
    assert employee.hire_date == START and employee.id_number == "110101199001011234"
    assert PayRecord.objects.filter(employee=employee).count() == 1
    assert OnboardingItem.objects.filter(onboarding__offer=signed).count() == 4
    offer_setup["application"].refresh_from_db()
    assert offer_setup["application"].stage == "hired"


def test_first_pay_record_and_si_enrolment_figures(signed):
    onboarding = onboard(offer_id=signed.pk, on=START)
    record = PayRecord.objects.get(employee=onboarding.employee)
    assert record.valid_from == START and record.monthly_total() == Decimal("10000.00") and record.city.code == "beijing"
    item = onboarding.items.get(kind="social_insurance")
    figures = json.loads(item.details)
    lines = contributions(list(rules_in_force(START)[City.objects.get(code="beijing").pk]), Decimal("8000.00"))
    assert figures["base"] == "8000.00"  # the fixed taxable pay (base; the bonus is not fixed pay)
    assert Decimal(figures["employer_total"]) == sum(line.employer for line in lines)
    assert Decimal(figures["employee_total"]) == sum(line.employee for line in lines)
    assert Decimal(figures["employee_total"]) > 0


def test_the_new_hire_is_in_the_next_payroll_run_pro_rated(signed, users):
    from payroll.runs.services import create_run, start_calculation

    onboarding = onboard(offer_id=signed.pk, on=START)
    run = start_calculation(run=create_run(year=2026, month=11, by=users["finance"]), by=users["finance"])
    line = run.lines.get(employee=onboarding.employee)
    assert (line.figures["days_paid"], line.figures["days_in_month"]) == (15, 30)


def test_notices_to_the_new_hire_the_manager_and_hr(signed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        onboarding = onboard(offer_id=signed.pk, on=START)
    keys = set(OutboxMessage.objects.filter(dedupe_key__startswith=f"onboarding:{onboarding.pk}:").values_list("dedupe_key", flat=True))
    assert keys == {f"onboarding:{onboarding.pk}:{who}" for who in ("welcome", "manager", "hr")}


def test_checklist_bank_account_is_encrypted_and_masked(client, signed, users):
    onboarding = onboard(offer_id=signed.pk, on=START)
    item = onboarding.items.get(kind="bank_account")
    client.force_login(users["hr"])
    url = reverse("payroll:onboarding", args=[onboarding.pk])
    client.post(url, {"item": item.pk, "bank_name": "招商银行", "bank_account": "6225 8800 1234 5678"})
    item.refresh_from_db()
    assert item.done_at is not None and item.data["bank_account"] == "6225880012345678"
    raw = OnboardingItem.objects.filter(pk=item.pk).values_list("details", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT details FROM {OnboardingItem._meta.db_table} WHERE id = %s", [item.pk])
        stored = cursor.fetchone()[0]
    assert "6225880012345678" not in stored and raw
    latest = PayRecord.objects.filter(employee=onboarding.employee).order_by("-valid_from").first()
    assert latest.bank_account == "6225880012345678" and latest.valid_from > START
    page = client.get(url).content.decode()
    assert "****5678" in page and "6225880012345678" not in page
    client.force_login(users["manager"])
    page = client.get(url).content.decode()
    assert "data-si-enrolment" not in page and 'name="item"' not in page


def test_no_show_reverses_nothing_archived(signed, users):
    onboarding = onboard(offer_id=signed.pk, on=START)
    with pytest.raises(OnboardingRefused):
        record_no_show(offer=signed, by=users["hr"], reason=" ")
    record_no_show(offer=signed, by=users["hr"], reason="未报到，电话未接")
    onboarding.refresh_from_db()
    signed.refresh_from_db()
    assert onboarding.status == "no_show" and signed.status == OfferStatus.ACCEPTED
    assert Employee.objects.get(pk=onboarding.employee_id).leave_date == START
    assert verify(signed.contracts.get()).ok
    assert PayRecord.objects.filter(employee=onboarding.employee).exists()


def test_no_show_before_onboarding_skips_the_job(signed, users):
    record_no_show(offer=signed, by=users["hr"], reason="未报到")
    call_command("onboard_new_hires")
    assert not Employee.objects.filter(name="王小明").exists()
    assert Onboarding.objects.get(offer=signed).status == "no_show"


def test_notices_and_checklist_name_the_position_and_city_in_one_language(signed, django_capture_on_commit_callbacks):
    """Issue 20: onboarding done while English is active says "Position: Sales Manager" to the manager and HR,
    and the enrolment item names the city in English."""
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        onboarding = onboard(offer_id=signed.pk, on=START)
    manager = OutboxMessage.objects.get(dedupe_key=f"onboarding:{onboarding.pk}:manager").payload
    assert "Position: Sales Manager" in manager and "销售经理" not in manager and "：" not in manager
    welcome = OutboxMessage.objects.get(dedupe_key=f"onboarding:{onboarding.pk}:welcome").payload
    assert "Please bring: " in welcome and "Please bring：" not in welcome
    labels = list(onboarding.items.values_list("label", flat=True))
    assert "Enrol in Beijing social insurance and housing fund" in labels and not any("北京" in label for label in labels)
