"""The payroll pages through the client: who reaches them, the run's actions, exports, payslips over the
sandbox with a signed link that shows only the holder's own payslip, the policy page."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from payroll.models import PayrollLine, PayrollRun
from payroll.payslips import links
from payroll.runs.services import approve_run, close_run, create_run, start_calculation

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def closed_run(company):
    by = company["finance"]
    run = start_calculation(run=create_run(year=2026, month=4, by=by), by=by)
    approve_run(run=run, by=by)
    return close_run(run=run, by=by)


@pytest.mark.parametrize("role, status", [("finance", 200), ("admin", 200), ("hr", 403), ("manager", 403), ("interviewer", 403)])
def test_only_finance_and_admin_see_payroll(client, users, company, role, status):
    login(client, users[role])
    assert client.get(reverse("payroll:run_list")).status_code == status
    assert client.get(reverse("payroll:pay_records")).status_code == status
    wang = company["people"]["wang"]
    assert client.get(reverse("payroll:pay_record_detail", args=[wang.pk])).status_code == status


def test_hr_reads_the_policy_page_with_unverified_marks(client, users, company):
    login(client, users["hr"])
    page = client.get(reverse("payroll:policies")).content.decode()
    assert "北京" in page and "上海" in page
    assert "未核实" in page
    assert "9.8%" in page and "35811" in page.replace(",", "").replace(".00", "")


def test_run_from_draft_to_closed_through_the_pages(client, users, company):
    login(client, users["finance"])
    response = client.post(reverse("payroll:run_list"), {"year": 2026, "month": 4})
    run = PayrollRun.objects.get(year=2026, month=4)
    assert response.status_code == 302
    for action, status in (("calculate", "calculated"), ("approve", "approved"), ("close", "closed")):
        client.post(reverse("payroll:run_action", args=[run.pk, action]))
        run.refresh_from_db()
        assert run.status == status
    page = client.get(reverse("payroll:run_detail", args=[run.pk])).content.decode()
    assert "销售部" in page and run.summary["totals"]["net"] in page
    # a closed run refuses to calculate again, with a message instead of an error page
    response = client.post(reverse("payroll:run_action", args=[run.pk, "calculate"]), follow=True)
    assert response.status_code == 200 and "不能执行此操作" in response.content.decode()


def test_exports_are_formula_safe(client, users, company):
    from recruiting.models import Employee

    Employee.objects.filter(employee_no="P0001").update(name="=HYPERLINK(\"http://x\")")
    by = company["finance"]
    run = start_calculation(run=create_run(year=2026, month=4, by=by), by=by)
    login(client, users["finance"])
    response = client.get(reverse("payroll:run_export", args=[run.pk, "bank"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "工号"
    names = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in names
    wang = next(row for row in rows if row[0] == "P0001")
    assert wang[3] == "6225880000100001234"  # decrypted for the bank file
    response = client.get(reverse("payroll:run_export", args=[run.pk, "register"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "工号"
    assert any(row[1] == "'=HYPERLINK(\"http://x\")" for row in values[1:])
    net_column = values[0].index("实发工资")
    assert sum(D(str(row[net_column])) for row in values[1:]) == D(PayrollRun.objects.get(pk=run.pk).summary["totals"]["net"])


def test_payslips_go_out_as_links_without_figures(client, users, closed_run):
    from wecom.models import OutboxMessage

    login(client, users["finance"])
    client.post(reverse("payroll:run_action", args=[closed_run.pk, "payslips"]))
    messages = OutboxMessage.objects.filter(dedupe_key__startswith="payslip:")
    assert messages.count() == 3
    line = PayrollLine.objects.get(run=closed_run, employee__employee_no="P0002")
    body = json.dumps(json.loads(messages.get(dedupe_key=f"payslip:{line.pk}").payload), ensure_ascii=False)
    assert line.figures["net"] not in body and line.figures["gross"] not in body
    assert "/payroll/payslip/" in body
    assert PayrollLine.objects.filter(run=closed_run, payslip_sent_at__isnull=False).count() == 3
    # sending again queues nothing twice
    client.post(reverse("payroll:run_action", args=[closed_run.pk, "payslips"]))
    assert OutboxMessage.objects.filter(dedupe_key__startswith="payslip:").count() == 3


def test_payslip_link_shows_only_its_own_payslip(client, closed_run):
    client.logout()
    li = PayrollLine.objects.get(run=closed_run, employee__employee_no="P0002")
    wang = PayrollLine.objects.get(run=closed_run, employee__employee_no="P0001")
    page = client.get(reverse("payroll:payslip", args=[links.make_token(li)]))
    text = page.content.decode()
    assert page.status_code == 200 and "李强" in text and li.figures["net"] in text
    assert "王芳" not in text and wang.figures["net"] not in text
    assert page["Cache-Control"] == "no-store"
    li.refresh_from_db()
    assert li.payslip_opened_at is not None
    pdf = client.get(reverse("payroll:payslip", args=[links.make_token(li)]) + "?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_payslip_link_forged_or_expired(client, closed_run):
    import datetime as dt

    from django.utils import timezone

    line = PayrollLine.objects.filter(run=closed_run).first()
    token = links.make_token(line)
    forged = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert client.get(reverse("payroll:payslip", args=[forged])).status_code == 404
    old = links.make_token(line, now=timezone.now() - dt.timedelta(days=60))
    response = client.get(reverse("payroll:payslip", args=[old]))
    assert response.status_code == 410 and "过期" in response.content.decode()


def test_adjustment_form_on_an_open_run(client, users, company):
    by = company["finance"]
    run = create_run(year=2026, month=4, by=by)
    login(client, users["finance"])
    client.post(reverse("payroll:run_adjustment", args=[run.pk]),
                {"employee_no": "P0001", "kind": "taxable", "amount": "300.00", "reason": "加班费"})
    client.post(reverse("payroll:run_action", args=[run.pk, "calculate"]))
    line = PayrollLine.objects.get(run=run, employee__employee_no="P0001")
    assert line.figures["gross"] == "10800.00"
    response = client.post(reverse("payroll:run_adjustment", args=[run.pk]),
                           {"employee_no": "NOPE", "kind": "taxable", "amount": "1", "reason": "x"}, follow=True)
    assert "没有这个工号" in response.content.decode()


def test_new_pay_record_version_from_the_page(client, users, company):
    login(client, users["finance"])
    wang = company["people"]["wang"]
    from payroll.models import City, PayRecord

    response = client.post(reverse("payroll:pay_record_detail", args=[wang.pk]), {
        "valid_from": "2026-05-01", "city": City.objects.get(code="beijing").pk, "base": "9000", "performance": "2000",
        "meal": "500", "bonus_method": "separate", "reason": "年度调薪",
    })
    assert response.status_code == 302
    assert PayRecord.objects.filter(employee=wang).count() == 2
    page = client.get(reverse("payroll:pay_record_detail", args=[wang.pk])).content.decode()
    assert "年度调薪" in page and "11500.00" in page


def test_finance_records_declarations_on_the_pay_page(client, users, company):
    from payroll.models import AdditionalDeduction, TaxYearProfile

    login(client, users["finance"])
    wang = company["people"]["wang"]
    url = reverse("payroll:declare", args=[wang.pk, "deduction"])
    client.post(url, {"year": 2026, "item": "elderly_support", "monthly_amount": "3000", "units": 1, "from_month": 1, "to_month": 12})
    assert AdditionalDeduction.objects.filter(employee=wang, item="elderly_support").count() == 1
    client.post(url, {"year": 2026, "item": "housing_loan_interest", "monthly_amount": "1000", "units": 1, "from_month": 1, "to_month": 12})
    response = client.post(url, {"year": 2026, "item": "housing_rent", "monthly_amount": "1500", "units": 1, "from_month": 1,
                                 "to_month": 12}, follow=True)
    assert "不能同时扣除" in response.content.decode()
    response = client.post(url, {"year": 2026, "item": "elderly_support", "monthly_amount": "3500", "units": 1, "from_month": 1,
                                 "to_month": 12}, follow=True)
    assert "最多 3000" in response.content.decode()
    response = client.post(url, {"year": 2026, "item": "serious_illness", "monthly_amount": "100", "units": 1, "from_month": 1,
                                 "to_month": 12}, follow=True)
    assert not AdditionalDeduction.objects.filter(item="serious_illness").exists()
    flags = reverse("payroll:declare", args=[wang.pk, "flags"])
    response = client.post(flags, {"year": 2026, "first_wage_income_in_year": "on"}, follow=True)
    assert "证明材料" in response.content.decode()
    client.post(flags, {"year": 2026, "first_wage_income_in_year": "on", "first_wage_income_evidence": "毕业证 2026-06"})
    assert TaxYearProfile.objects.get(employee=wang, year=2026).first_wage_income_in_year
    page = client.get(reverse("payroll:pay_record_detail", args=[wang.pk])).content.decode()
    assert "赡养老人" in page and "毕业证 2026-06" in page


def test_register_and_run_page_name_departments_in_the_ui_language(client, users, company, settings):
    """Issue 20: the register XLSX (headers and department column) and the run page's per-department totals
    follow the language of the request; the summary stored with the run keeps the name it was computed with."""
    from openpyxl import load_workbook

    by = company["finance"]
    run = start_calculation(run=create_run(year=2026, month=4, by=by), by=by)
    login(client, users["finance"])

    def register():
        sheet = load_workbook(io.BytesIO(client.get(reverse("payroll:run_export", args=[run.pk, "register"])).content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        return values[0], {row[0]: row[2] for row in values[1:]}

    def by_department():
        page = client.get(reverse("payroll:run_detail", args=[run.pk])).content.decode()
        return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]

    header, departments = register()
    assert "养老保险（个人）" in header and departments == {"P0001": "销售部", "P0002": "研发部", "P0003": "研发部"}
    assert "销售部" in by_department() and "Sales" not in by_department()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    header, departments = register()
    assert "Pension insurance (Employee)" in header and "Department" in header
    assert departments == {"P0001": "Sales", "P0002": "R&D", "P0003": "R&D"}
    assert "Sales" in by_department() and "销售部" not in by_department() and "研发部" not in by_department()
    assert PayrollRun.objects.get(pk=run.pk).summary["by_department"][str(company["sales"].pk)]["name"] == "销售部"
