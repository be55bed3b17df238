"""Payroll's audit rows use the audit log's own vocabulary (AuditLog.Action, a 10-character column) with the
payroll event in the note: a longer action name fails every payroll write on PostgreSQL (SQLite does not
enforce the column's length, so the values are checked here, not only their effect)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.models import AuditLog
from payroll.runs.services import add_adjustment, approve_run, close_run, create_run, start_calculation

pytestmark = pytest.mark.django_db


def test_every_payroll_audit_row_fits_the_audit_log(client, company):
    by = company["finance"]
    wang = company["people"]["wang"]
    run = start_calculation(run=create_run(year=2026, month=4, by=by), by=by)
    add_adjustment(employee=wang, year=2026, month=5, kind="taxable", amount="300", reason="加班", by=by)
    approve_run(run=run, by=by)
    close_run(run=run, by=by)
    client.force_login(by)
    for url in (reverse("payroll:run_detail", args=[run.pk]), reverse("payroll:pay_records"),
                reverse("payroll:pay_record_detail", args=[wang.pk]),
                reverse("payroll:run_export", args=[run.pk, "bank"]), reverse("payroll:run_export", args=[run.pk, "register"])):
        assert client.get(url).status_code == 200
    client.post(reverse("payroll:run_action", args=[run.pk, "payslips"]))

    rows = list(AuditLog.objects.filter(note__startswith="payroll."))
    events = {row.note.split()[0] for row in rows}
    assert {"payroll.pay_record_created", "payroll.run_created", "payroll.run_calculate", "payroll.run_approved",
            "payroll.run_closed", "payroll.adjustment_added", "payroll.register_viewed", "payroll.pay_list_viewed",
            "payroll.pay_record_viewed", "payroll.bank_file_exported", "payroll.register_exported",
            "payroll.payslips_sent"} <= events
    limit = AuditLog._meta.get_field("action").max_length
    assert all(row.action in AuditLog.Action.values and len(row.action) <= limit for row in rows)
    exported = AuditLog.objects.get(note__startswith="payroll.bank_file_exported")
    assert exported.action == AuditLog.Action.EXPORT and exported.object_id == str(run.pk)
