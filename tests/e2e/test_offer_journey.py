"""Browser journey of an offer (issue 16 item 6): decision → offer → the candidate signs on the sandbox phone →
onboarding on the start date → the new hire appears in the next payroll draft.

The candidate is decided as 录用 (the decision's own browser test is in test_interview_room.py); HR drafts the
offer from 录用通知 → 待起草, pre-filled from the position's structure (8,000 + 2,000), confirms and sends it →
opens the candidate's sandbox phone, follows the link in the e-mail, asks for a code, reads it on the sandbox
phone, signs with the name on the ID → HR sees 已签约 → the start-date job runs (the command, as cron would)
→ the employee exists, linked to the application → finance creates the December draft, calculates it, and
the new hire's line is there, pro-rated from the 14th.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.test_payroll_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

START = dt.date(2026, 12, 14)


@pytest.fixture
def hiring(settings, live_server, users, ehr):
    from tests.payroll.conftest import decide_offer, prepare_offer

    settings.PORTAL_BASE_URL = live_server.url
    settings.REDIS_URL = ""
    prepare_offer(ehr, users)
    decide_offer(ehr["application"], users["manager"])
    return ehr


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_decision_to_offer_to_signature_to_onboarding_to_payroll(page: Page, live_server, users, hiring):
    from payroll.models import Offer, PayrollRun
    from recruiting.models import Employee

    base = live_server.url
    application = hiring["application"]
    log_in(page, base, users["hr"].username)

    # HR drafts the offer, pre-filled from the structure
    page.goto(base + reverse("payroll:offer_list"))
    page.locator(f"li[data-application='{application.pk}'] a[data-action=draft-offer]").click()
    expect(page.locator("#id_c_base")).to_have_value("8000.00")
    expect(page.locator("#id_c_bonus")).to_have_value("2000.00")
    page.locator("#id_start_date").fill(START.isoformat())
    page.locator("#id_term_months").fill("36")
    page.locator("#id_probation_months").fill("3")
    page.locator("#id_probation_pay").fill("8000")
    page.locator("button[data-action=save-offer]").click()
    expect(page.locator("[data-offer-status]")).to_have_attribute("data-offer-status", "draft")
    expect(page.locator("[data-legal-ok]")).to_be_visible()
    expect(page.locator("[data-monthly-total]")).to_have_text("10000.00")
    expect(page.locator("[data-id-number]")).to_have_count(0)  # none on file: nothing to mask

    page.locator("button[data-action=approve]").click()
    expect(page.locator("[data-offer-status]")).to_have_attribute("data-offer-status", "approved")
    page.locator("button[data-action=send]").click()
    expect(page.locator("[data-offer-status]")).to_have_attribute("data-offer-status", "sent")
    offer = Offer.objects.get(application=application)

    # the candidate, on the sandbox phone: the e-mail with the link
    page.goto(base + reverse("wecom:sandbox_phone", kwargs={"kind": "candidate", "pk": application.candidate_id}))
    mail = page.locator("li.bubble-email", has_text="录用通知").first
    expect(mail).to_contain_text("销售经理")
    href = mail.locator(".email-body a").first.get_attribute("href")
    href = href if href.startswith("http") else base + href  # the sandbox shows portal links relative
    log_out(page)  # the candidate has no account: the link is the credential
    page.goto(href)
    expect(page.locator("[data-sha256]")).to_have_text(offer.contracts.get().sha256)
    page.locator("button[data-action=send-code]").click()
    expect(page.locator("[data-notice]")).to_be_visible()

    # the code arrives on the candidate's sandbox phone (HR opens it: the sandbox stands in for the inbox)
    log_in(page, base, users["hr"].username)
    page.goto(base + reverse("wecom:sandbox_phone", kwargs={"kind": "candidate", "pk": application.candidate_id}))
    code_mail = page.locator("li.bubble-email", has_text="合同签署验证码").first
    code = re.search(r"验证码：(\d{6})", code_mail.inner_text()).group(1)
    log_out(page)
    page.goto(href)
    page.locator("#sign-name").fill("王小明")
    page.locator("#sign-code").fill(code)
    page.locator("input[name=consent]").check()
    page.locator("button[data-action=sign]").click()
    expect(page.locator("[data-refusal]")).to_have_attribute("data-done", "signed")
    page.goto(href)  # the same link again: refused, already signed
    expect(page.locator("[data-refusal]")).to_contain_text("已签署")

    # HR sees it signed
    log_in(page, base, users["hr"].username)
    page.goto(base + reverse("payroll:offer_detail", args=[offer.pk]))
    expect(page.locator("[data-offer-status]")).to_have_attribute("data-offer-status", "accepted")

    # the start date: the job (twice: still one employee)
    call_command("onboard_new_hires", "--date", START.isoformat())
    call_command("onboard_new_hires", "--date", START.isoformat())
    employee = Employee.objects.get(hired_through=application)
    assert Employee.objects.filter(name="王小明").count() == 1
    page.reload()
    expect(page.locator("[data-onboarding]")).to_have_attribute("data-onboarding", "onboarded")
    page.locator("[data-onboarding] a").click()
    expect(page.locator("tr[data-item=social_insurance]")).to_contain_text("社保公积金增员")
    expect(page.locator("tr[data-item=bank_account]")).to_have_attribute("data-done", "0")

    # finance: the next payroll draft picks the new hire up, pro-rated
    log_out(page)
    log_in(page, base, users["finance"].username)
    page.goto(base + reverse("payroll:run_list"))
    page.locator("#id_year").fill("2026")
    page.locator("#id_month").fill("12")
    page.get_by_role("button", name="创建草稿").click()
    run = PayrollRun.objects.get(year=2026, month=12)
    page.locator("button[data-action=calculate]").click()
    expect(page.locator("#run-progress")).to_have_attribute("data-status", "calculated")
    line = run.lines.get(employee=employee).figures
    assert (line["days_paid"], line["days_in_month"]) == (18, 31)
    expect(page.locator(f"tr[data-employee={employee.employee_no}]")).to_contain_text("18/31")
