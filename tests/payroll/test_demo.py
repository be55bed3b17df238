"""manage.py seed_demo_payroll: the demo payroll on the (small) demo company — idempotent, deterministic,
made through the services (closed months with lines, November calculated and awaiting approval, payslip
notices queued), and the finance account's pages render it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from payroll.demo import CALCULATED_MONTH, LEAVE_DATE, NEW_HIRES, PAYSLIP_MONTHS, YEAR
from payroll.models import (
    AdditionalDeduction,
    PayRecord,
    PayrollAdjustment,
    PayrollLine,
    PayrollRun,
    SalaryComponent,
    SalaryStructure,
    TaxYearProfile,
)
from recruiting.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_company(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--small", "--allow-demo-accounts", stdout=io.StringIO(), stderr=io.StringIO())


def seed_payroll(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_demo_payroll", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def table_counts() -> dict[str, int]:
    from wecom.models import OutboxMessage

    models = (SalaryStructure, SalaryComponent, PayRecord, TaxYearProfile, AdditionalDeduction, PayrollAdjustment,
              PayrollRun, PayrollLine, Employee, OutboxMessage)
    return {m.__name__: m.objects.count() for m in models}


def payroll_digest() -> str:
    """Every figure of every line, by 工号 and month (database ids and encryption nonces aside)."""
    h = hashlib.sha256()
    for line in PayrollLine.objects.select_related("run", "employee").order_by("run__month", "employee__employee_no"):
        h.update(repr((line.run.month, line.run.status, line.employee.employee_no, line.figures_data)).encode())
    for record in PayRecord.objects.select_related("employee").order_by("employee__employee_no", "valid_from"):
        h.update(repr((record.employee.employee_no, record.valid_from, record.components_data, record.bank_account)).encode())
    return h.hexdigest()


def test_demo_payroll_is_complete_and_a_second_run_changes_nothing(client, demo_company):
    out, err = seed_payroll()
    assert "Demo payroll loaded" in out and not err
    before = table_counts()

    out, err = seed_payroll()
    assert "already present; nothing changed" in out
    assert table_counts() == before

    closed = PayrollRun.objects.filter(year=YEAR, status=PayrollRun.Status.CLOSED).order_by("month")
    assert [r.month for r in closed] == list(range(1, CALCULATED_MONTH))
    assert all(run.lines.count() == run.summary["count"] > 40 for run in closed)
    pending = PayrollRun.objects.get(year=YEAR, month=CALCULATED_MONTH)
    assert pending.status == PayrollRun.Status.CALCULATED and pending.lines.exists()
    assert not PayrollRun.objects.exclude(pk__in=[*closed.values_list("pk", flat=True), pending.pk]).exists()

    # every demo employee has a pay record; some a raise from July (a second version)
    demo = Employee.objects.filter(employee_no__startswith="XH")
    assert not demo.filter(pay_records__isnull=True).exists()
    raised = [e for e in demo if e.pay_records.count() == 2]
    assert len(raised) >= 3
    assert all(e.pay_records.order_by("valid_from").last().valid_from == dt.date(YEAR, 7, 1) for e in raised)

    # the year's mid-month hires are pro-rated in their first month; the leaver's last month is pro-rated
    for spec in NEW_HIRES:
        first = PayrollLine.objects.get(employee__employee_no=spec.employee_no, run__month=spec.hire_date.month)
        assert 0 < first.figures["days_paid"] < first.figures["days_in_month"]
    leaver = demo.get(leave_date=LEAVE_DATE)
    assert PayrollLine.objects.get(employee=leaver, run__month=9).figures["days_paid"] == 15
    assert not PayrollLine.objects.filter(employee=leaver, run__month__gt=9).exists()

    # the fresh graduate (No. 13 flag with evidence) withholds nothing in the first months
    graduate = TaxYearProfile.objects.get(year=YEAR, first_wage_income_in_year=True)
    assert graduate.first_wage_income_evidence
    assert PayrollLine.objects.get(employee=graduate.employee, run__month=8).figures["iit"] == "0.00"

    # declarations, one back-dated to January and declared in June; the January annual bonus, taxed separately
    backdated = AdditionalDeduction.objects.get(declared_on__month=6, from_month=1)
    june = PayrollLine.objects.get(employee=backdated.employee, run__month=6).figures
    may = PayrollLine.objects.get(employee=backdated.employee, run__month=5).figures
    assert june["additional_deductions_cumulative"] == "12000.00" and may["additional_deductions_cumulative"] == "0.00"
    bonus = PayrollAdjustment.objects.get(kind=PayrollAdjustment.Kind.ANNUAL_BONUS)
    january = PayrollLine.objects.get(employee=bonus.employee, run__month=1).figures
    assert january["bonus_method"] == "separate" and january["annual_bonus_tax"] != "0.00"
    assert PayrollAdjustment.objects.filter(corrects__month=7, month=8).exists()

    # payslip notices queued for the latest closed month, one per line, none for the others
    from wecom.models import OutboxMessage

    for run in closed:
        keys = [f"payslip:{pk}" for pk in run.lines.values_list("pk", flat=True)]
        queued = OutboxMessage.objects.filter(dedupe_key__in=keys).count()
        assert queued == (len(keys) if run.month in PAYSLIP_MONTHS else 0)
        assert run.lines.filter(payslip_sent_at__isnull=True).count() == (0 if run.month in PAYSLIP_MONTHS else len(keys))

    # the demo finance account's pages
    client.force_login(get_user_model().objects.get(username="finance"))
    policies = client.get(reverse("payroll:policies"))
    assert policies.status_code == 200 and "北京" in policies.content.decode()
    page = client.get(reverse("payroll:run_detail", args=[pending.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-action="approve"' in html and pending.summary["totals"]["employer_cost"] in html
    runs = client.get(reverse("payroll:run_list")).content.decode()
    assert f'data-run="{YEAR}-{CALCULATED_MONTH}"' in runs and "已关账" in runs


def test_demo_payroll_is_deterministic_and_removable(demo_company):
    seed_payroll()
    first = payroll_digest()
    out, _err = seed_payroll("--remove")
    assert "Demo payroll removed" in out
    assert not PayrollRun.objects.exists() and not PayRecord.objects.exists() and not SalaryStructure.objects.exists()
    assert not Employee.objects.filter(employee_no__in=[h.employee_no for h in NEW_HIRES]).exists()
    assert not Employee.objects.filter(leave_date__isnull=False).exists()

    seed_payroll()
    assert payroll_digest() == first


def test_demo_payroll_waits_for_the_demo_company(db):
    out, err = seed_payroll()
    assert "run seed_demo first" in err
    assert not PayrollRun.objects.exists() and not SalaryStructure.objects.exists()
