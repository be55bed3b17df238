"""Browser journey of a payroll month (issue 15 item 6): from draft to closed, then the payslip.

A finance user creates the April run on /payroll/runs/ → calculates it (in-process, the embedded default) →
sees the register with totals by department and the 用人成本 total → approves → closes (the close button
asks for confirmation: dismissing keeps the run approved, accepting closes it) → sends the payslips → one
employee opens their own payslip link in a fresh browser without logging in and sees only their own name
and net pay; the PDF link answers application/pdf. An HR user is refused /payroll/runs/ with 403.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in
from tests.payroll.conftest import add_employee

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CLOSE_CONFIRMATION = "关账后此期间不再变动，确定？"


@pytest.fixture
def company(settings, live_server, users):
    from recruiting.models import Department

    settings.PORTAL_BASE_URL = live_server.url
    settings.REDIS_URL = ""
    sales = Department.objects.create(code="E-SALES", name="销售部", name_en="Sales")
    rd = Department.objects.create(code="E-RD", name="研发部", name_en="R&D")
    by = users["finance"]
    people = {
        "wang": add_employee("E2001", "王芳", sales, hire=dt.date(2024, 3, 1), base="8000", bonus="2000", meal="500", by=by),
        "li": add_employee("E2002", "李强", rd, hire=dt.date(2023, 1, 1), city="shanghai", base="30000", post="5000", by=by),
        "zhao": add_employee("E2003", "赵敏", rd, hire=dt.date(2026, 4, 16), base="12000", by=by),
    }
    return {"sales": sales, "rd": rd, "people": people}


def status_of(page: Page):
    return page.locator("#run-progress")


def test_finance_runs_a_month_from_draft_to_closed_and_an_employee_opens_only_their_payslip(
    page: Page, live_server, users, company
):
    from payroll.models import PayrollLine, PayrollRun
    from payroll.payslips.links import make_token

    base = live_server.url
    log_in(page, base, users["finance"].username)

    # draft
    page.goto(base + reverse("payroll:run_list"))
    page.locator("#id_year").fill("2026")
    page.locator("#id_month").fill("4")
    page.get_by_role("button", name="创建草稿").click()
    expect(page.locator(".messages")).to_contain_text("2026年4月")
    run = PayrollRun.objects.get(year=2026, month=4)
    assert page.url.endswith(reverse("payroll:run_detail", args=[run.pk]))
    expect(status_of(page)).to_have_attribute("data-status", "draft")

    # calculate: the register with its totals
    page.locator("button[data-action=calculate]").click()
    expect(status_of(page)).to_have_attribute("data-status", "calculated")
    run.refresh_from_db()
    totals = run.summary["totals"]
    expect(page.locator("dd[data-total=count]")).to_have_text("3")
    expect(page.locator("dd[data-total=employer_cost]")).to_have_text(totals["employer_cost"])
    expect(page.locator("dd[data-total=net]")).to_have_text(totals["net"])
    sales = run.summary["by_department"][str(company["sales"].pk)]
    sales_row = page.locator("table.compact tr", has=page.locator("td", has_text=re.compile(r"^销售部$"))).first
    expect(sales_row).to_contain_text(sales["gross"])
    expect(sales_row).to_contain_text(sales["employer_cost"])
    expect(page.locator("dt", has_text="用人成本")).to_be_visible()
    zhao = run.lines.get(employee=company["people"]["zhao"]).figures
    expect(page.locator("tr[data-employee=E2003]")).to_contain_text(f"{zhao['days_paid']}/30")  # hired on the 16th

    # approve
    page.locator("button[data-action=approve]").click()
    expect(status_of(page)).to_have_attribute("data-status", "approved")

    # close: the confirmation first refused (nothing happens), then accepted
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("button[data-action=close]").click()
    expect(page.locator("button[data-action=close]")).to_be_visible()
    assert dialogs == [CLOSE_CONFIRMATION]
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.APPROVED

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.locator("button[data-action=close]").click()
    expect(status_of(page)).to_have_attribute("data-status", "closed")
    assert dialogs == [CLOSE_CONFIRMATION, CLOSE_CONFIRMATION]
    expect(page.locator("button[data-action=calculate]")).to_have_count(0)

    # payslips
    page.locator("button[data-action=payslips]").click()
    expect(page.locator(".messages")).to_contain_text("工资条正在通过企业微信发送")
    expect(page.locator("tr[data-employee=E2001]")).to_contain_text("已发送")
    assert not PayrollLine.objects.filter(run=run, payslip_sent_at__isnull=True).exists()

    # the employee's own link, in a browser that never logged in
    wang = company["people"]["wang"]
    line = PayrollLine.objects.get(run=run, employee=wang)
    url = base + reverse("payroll:payslip", args=[make_token(line)])
    stranger = page.context.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        slip = stranger.new_page()
        response = slip.goto(url)
        assert response is not None and response.status == 200
        body = slip.locator("[data-payslip]")
        expect(body).to_contain_text("王芳")
        expect(body).to_contain_text(line.figures["net"])
        expect(slip.locator("body")).not_to_contain_text("李强")
        expect(slip.locator("body")).not_to_contain_text("赵敏")
        for other in ("li", "zhao"):
            expect(slip.locator("body")).not_to_contain_text(run.lines.get(employee=company["people"][other]).figures["net"])
        pdf = stranger.request.get(base + reverse("payroll:payslip", args=[make_token(line)]) + "?format=pdf")
        assert pdf.status == 200
        assert pdf.headers["content-type"].startswith("application/pdf")
        assert pdf.body()[:5] == b"%PDF-"
    finally:
        stranger.close()


def test_hr_is_refused_the_payroll_runs(page: Page, live_server, users, company):
    log_in(page, live_server.url, users["hr"].username)
    response = page.goto(live_server.url + reverse("payroll:run_list"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
