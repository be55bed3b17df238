"""Monthly payroll runs through their services and job: figures, states, idempotence, closed periods,
adjustments into the next month, the cumulative IIT state across closed months, constant queries per chunk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payroll.declarations.services import declare_additional_deduction
from payroll.models import PayRecord, PayrollLine, PayrollRun
from payroll.runs import jobs
from payroll.runs.services import (
    PayrollRunError,
    add_adjustment,
    approve_run,
    close_run,
    create_run,
    reopen_run,
    start_calculation,
)
from tests.payroll.conftest import add_employee

pytestmark = pytest.mark.django_db


def calculated(year, month, by, **kwargs):
    run = create_run(year=year, month=month, by=by, **kwargs)
    return start_calculation(run=run, by=by)


def closed(year, month, by):
    run = calculated(year, month, by)
    approve_run(run=run, by=by)
    return close_run(run=run, by=by)


def lines(run):
    return {line.employee.employee_no: line.figures for line in run.lines.select_related("employee")}


def test_a_run_goes_from_draft_to_closed(company):
    by = company["finance"]
    run = create_run(year=2026, month=4, by=by)
    assert run.status == PayrollRun.Status.DRAFT
    assert run.pay_date == dt.date(2026, 5, 10)  # the 10th of next month
    run = start_calculation(run=run, by=by)
    assert run.status == PayrollRun.Status.CALCULATED
    assert (run.employee_count, run.processed) == (3, 3)
    approve_run(run=run, by=by)
    run = close_run(run=run, by=by)
    assert run.status == PayrollRun.Status.CLOSED
    assert run.summary["count"] == 3


def test_line_figures_of_a_beijing_employee(company):
    run = calculated(2026, 4, company["finance"])
    wang = lines(run)["P0001"]
    assert wang["gross"] == "10500.00"  # 8,000 + 2,000 bonus + 500 meal (tax-free)
    assert wang["tax_free"] == "500.00"
    assert wang["contribution_base"] == "8000.00"  # fixed taxable pay: base (+ post)
    contributions = {c["line"]: c for c in wang["contributions"]}
    assert contributions["pension"]["employee"] == "640.00"
    assert contributions["medical"]["employee"] == "163.00"  # 2% + 3
    assert contributions["housing_fund"]["employee"] == "960.00"  # 12%
    assert wang["employee_contributions"] == "1803.00"  # 640 + 163 + 40 + 960
    # IIT, cumulative from January (hired 2024): 4 × (10,000 − 5,000 − 1,803) = 12,788 × 3% − 3 months already? no:
    # no month is closed, so the run starts the year's totals at April alone — the engine is told so by the
    # cumulative state; see test_cumulative_state_carries_across_closed_months for the chained case.
    assert D(wang["net"]) == D(wang["gross"]) - D(wang["employee_contributions"]) - D(wang["iit"])
    assert D(wang["employer_cost"]) == D(wang["gross"]) + D(wang["employer_contributions"])


def test_mid_month_hire_is_prorated_by_calendar_days(company):
    run = calculated(2026, 3, company["finance"])
    zhao = lines(run)["P0003"]
    assert (zhao["days_paid"], zhao["days_in_month"]) == (16, 31)
    assert zhao["gross"] == "6193.55"  # 12,000 × 16 / 31
    assert zhao["contribution_base"] == "12000.00"  # contributions on the full monthly base


def test_cumulative_state_carries_across_closed_months(company):
    by = company["finance"]
    for month in (1, 2, 3):
        closed(2026, month, by)
    april = calculated(2026, 4, by)
    li = lines(april)["P0002"]
    # Li: Shanghai, 35,000 a month; contributions on the capped base 35,000 (below 37,302? 2026 rules = 2025-07)
    special = D(li["employee_contributions"])
    taxable = 4 * (D("35000") - D("5000") - special)
    assert D(li["cumulative_taxable"]) == taxable
    expected_total = taxable * D(li["rate"]) - D(li["quick_deduction"])
    withheld_before = sum(D(lines(PayrollRun.objects.get(year=2026, month=m))["P0002"]["iit"]) for m in (1, 2, 3))
    assert D(li["iit"]) == (expected_total - withheld_before).quantize(D("0.01"))
    # Zhao joined on 16 March: the basic deduction counts from March
    zhao = lines(april)["P0003"]
    assert zhao["cumulative"]["income"] == str(D("6193.55") + D("12000.00"))


def test_recalculating_a_draft_is_idempotent(company):
    by = company["finance"]
    run = calculated(2026, 4, by)
    first = {line.employee_id: line.figures for line in run.lines.all()}
    ids = set(run.lines.values_list("pk", flat=True))
    run = start_calculation(run=run, by=by)
    assert run.status == PayrollRun.Status.CALCULATED
    assert {line.employee_id: line.figures for line in run.lines.all()} == first
    assert run.lines.count() == 3
    assert not ids & set(run.lines.values_list("pk", flat=True)) or run.lines.count() == 3


def test_a_closed_period_refuses_changes(company):
    by = company["finance"]
    run = closed(2026, 4, by)
    for action in (start_calculation, approve_run, reopen_run, close_run):
        with pytest.raises(PayrollRunError):
            action(run=run, by=by)
    with pytest.raises(PayrollRunError):
        add_adjustment(employee=company["people"]["wang"], year=2026, month=4, kind="taxable", amount=D("100"),
                       reason="补发", by=by)
    with pytest.raises(PayrollRunError):
        create_run(year=2026, month=4, by=by)
    before = lines(run)
    assert lines(PayrollRun.objects.get(pk=run.pk)) == before


def test_a_correction_goes_into_the_next_month(company):
    by = company["finance"]
    april = closed(2026, 4, by)
    wang = company["people"]["wang"]
    add_adjustment(employee=wang, year=2026, month=5, kind="taxable", amount=D("800.00"), reason="4月加班费漏发",
                   by=by, corrects=april)
    add_adjustment(employee=wang, year=2026, month=5, kind="after_tax", amount=D("-200.00"), reason="工服押金", by=by)
    may = calculated(2026, 5, by)
    figures = lines(may)["P0001"]
    assert figures["gross"] == "11300.00"
    assert figures["after_tax"] == "-200.00"
    assert [a["reason"] for a in figures["adjustments"]] == ["4月加班费漏发", "工服押金"]


def test_months_close_in_order(company):
    by = company["finance"]
    calculated(2026, 4, by)
    may = create_run(year=2026, month=5, by=by)
    with pytest.raises(PayrollRunError):
        start_calculation(run=may, by=by)


def test_backdated_deduction_drives_the_month_to_zero(company):
    by = company["finance"]
    wang = company["people"]["wang"]
    for month in (1, 2, 3):
        closed(2026, month, by)
    assert all(D(lines(PayrollRun.objects.get(year=2026, month=m))["P0001"]["iit"]) > 0 for m in (1, 2, 3))
    declare_additional_deduction(employee=wang, year=2026, item="elderly_support", monthly_amount=D("3000"),
                                 from_month=1, by=by)
    april = lines(calculated(2026, 4, by))["P0001"]
    assert april["iit"] == "0.00"
    assert D(april["over_withheld"]) > 0
    assert april["additional_deductions_cumulative"] == "12000.00"


def test_annual_bonus_taxed_separately_once(company):
    by = company["finance"]
    wang = company["people"]["wang"]
    add_adjustment(employee=wang, year=2026, month=1, kind="annual_bonus", amount=D("36000"), reason="2025年终奖", by=by)
    january = lines(closed(2026, 1, by))["P0001"]
    assert (january["annual_bonus"], january["annual_bonus_tax"], january["bonus_method"]) == ("36000.00", "1080.00", "separate")
    assert D(january["net"]) == (D(january["gross"]) + D("36000") - D(january["employee_contributions"])
                                 - D(january["iit"]) - D("1080"))
    add_adjustment(employee=wang, year=2026, month=2, kind="annual_bonus", amount=D("1000"), reason="第二次", by=by)
    february = lines(calculated(2026, 2, by))["P0001"]
    assert february["bonus_method"] == "merged"  # the separate method is once a year
    assert february["annual_bonus_tax"] == "0.00"


def test_leaver_and_department_scope(company):
    by = company["finance"]
    from recruiting.models import Employee

    Employee.objects.filter(employee_no="P0002").update(leave_date=dt.date(2026, 3, 31))
    run = calculated(2026, 4, by, departments=[company["rd"]])
    assert set(lines(run)) == {"P0003"}


def test_employee_without_pay_record_is_counted_as_skipped(company):
    from recruiting.models import Employee

    Employee.objects.create(employee_no="P0099", name="无薪资", department=company["sales"], hire_date=dt.date(2025, 1, 1))
    run = calculated(2026, 4, company["finance"])
    assert run.summary["skipped"] == 1
    assert "P0099" not in lines(run)


def test_pay_records_are_versioned_never_overwritten(company):
    wang = company["people"]["wang"]
    record = PayRecord.objects.get(employee=wang)
    record.reason = "改"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        record.save()
    from payroll.models import City
    from payroll.structures.services import create_pay_record
    from tests.payroll.conftest import pay

    create_pay_record(employee=wang, valid_from=dt.date(2026, 4, 1), city=City.objects.get(code="beijing"),
                      components=pay("9000"), by=company["finance"], reason="调薪")
    assert PayRecord.objects.filter(employee=wang).count() == 2
    march = lines(calculated(2026, 3, company["finance"]))["P0001"]
    assert march["components"][0]["amount"] == "8000.00"


def test_salary_figures_are_encrypted_at_rest(company):
    calculated(2026, 4, company["finance"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT figures_data FROM payroll_payrollline")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT components_data, bank_account FROM payroll_payrecord")
        records = cursor.fetchall()
    assert stored and not any("gross" in text or "10500" in text for text in stored)
    assert not any("8000" in comps or "6225880" in account for comps, account in records)


def test_queries_per_chunk_do_not_grow_with_the_chunk(company, settings):
    by = company["finance"]
    for i in range(40):
        add_employee(f"Q{i:04d}", f"员工{i}", company["sales"], hire=dt.date(2025, 1, 1), by=by)

    def queries_for(chunk):
        settings.PAYROLL_CHUNK_SIZE = chunk
        run = create_run(year=2026, month=4 if chunk == 5 else 5, by=by)
        if chunk != 5:
            PayrollRun.objects.filter(year=2026, month=4).update(status=PayrollRun.Status.CLOSED)
        PayrollRun.objects.filter(pk=run.pk).update(status=PayrollRun.Status.CALCULATING, calculation=1, employee_count=43)
        with CaptureQueriesContext(connection) as ctx:
            jobs.calculate_run(run.pk, 1)
        return len(ctx.captured_queries), -(-43 // chunk)

    small_queries, small_chunks = queries_for(5)
    large_queries, large_chunks = queries_for(50)
    per_chunk = (small_queries - large_queries) / (small_chunks - large_chunks)
    # the whole job = a constant + per_chunk × chunks: a 50-employee chunk costs what a 5-employee chunk costs
    assert small_queries - per_chunk * small_chunks == pytest.approx(large_queries - per_chunk * large_chunks, abs=2)
    assert per_chunk <= 16
    assert PayrollLine.objects.filter(run__month=5).count() == 43
