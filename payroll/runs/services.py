"""Writes of payroll runs: create, start a (re)calculation, approve, reopen, close, and adjustments.

States (``PayrollRun.TRANSITIONS``): draft → calculating → calculated → approved → closed. A calculated run
can be calculated again (idempotent: same inputs, same lines) and an approved one reopened; a closed run
never changes — a correction is a ``PayrollAdjustment`` in a later, open month. Months of a year close in
order, because each month's IIT starts from the totals of the last closed month.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from hrportal import audit, queues
from payroll.models import PayrollAdjustment, PayrollLine, PayrollRun, TaxYearProfile
from payroll.runs import jobs
from payroll.runs.periods import default_pay_date
from payroll.runs.selectors import employees_in_scope


class PayrollRunError(Exception):
    """A refused action, with a message for the finance user."""


def _move(run: PayrollRun, to: str) -> None:
    if to not in PayrollRun.TRANSITIONS[run.status]:
        raise PayrollRunError(_("%(period)s 的工资核算处于“%(status)s”状态，不能执行此操作。") % {
            "period": run.period_label, "status": run.get_status_display()})
    run.status = to


@transaction.atomic
def create_run(*, year: int, month: int, by, departments=(), pay_date: dt.date | None = None) -> PayrollRun:
    """A draft run for the period (one run per month). Refused when the period already has one."""
    if not 1 <= month <= 12:
        raise PayrollRunError(_("月份应为 1–12。"))
    if PayrollRun.objects.filter(year=year, month=month).exists():
        raise PayrollRunError(_("%(year)s年%(month)s月已有工资核算。") % {"year": year, "month": month})
    run = PayrollRun.objects.create(year=year, month=month, pay_date=pay_date or default_pay_date(year, month), created_by=by)
    if departments:
        run.departments.set(departments)
    audit.record(action="create", obj=run, actor=by, note=f"payroll.run_created {run}")
    return run


def _check_order(run: PayrollRun) -> None:
    earlier_open = PayrollRun.objects.filter(year=run.year, month__lt=run.month).exclude(status=PayrollRun.Status.CLOSED)
    if earlier_open.exists():
        months = ", ".join(f"{r.month}月" for r in earlier_open.order_by("month"))
        raise PayrollRunError(_("同一年度较早的月份（%(months)s）尚未关账：个税按累计预扣，须逐月关账。") % {"months": months})
    if PayrollRun.objects.filter(year=run.year, month__gt=run.month, status=PayrollRun.Status.CLOSED).exists():
        raise PayrollRunError(_("本年度更晚的月份已关账，不能再核算此月份；请在下一个未关账月份做调整。"))


@transaction.atomic
def start_calculation(*, run: PayrollRun, by) -> PayrollRun:
    """Move the run to "calculating" under a new calculation number and queue its job after commit
    (payroll/runs/jobs.py). Lines of the previous calculation stay until the new one replaces them."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    _check_order(run)
    _move(run, PayrollRun.Status.CALCULATING)
    run.calculation += 1
    run.processed = 0
    run.cursor = 0
    run.error = ""
    run.heartbeat_at = timezone.now()
    run.employee_count = employees_in_scope(run).count()
    run.save()
    audit.record(action="change", obj=run, actor=by, note=f"payroll.run_calculate {run} calculation {run.calculation}")
    if queues.redis_enabled():
        # a worker must see the committed run: queue it once this transaction commits
        transaction.on_commit(lambda: jobs.queue_calculation(run.pk, run.calculation))
    else:
        jobs.queue_calculation(run.pk, run.calculation)  # the embedded default: calculated before this returns
        run.refresh_from_db()
    return run


@transaction.atomic
def approve_run(*, run: PayrollRun, by) -> PayrollRun:
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    _check_order(run)
    _move(run, PayrollRun.Status.APPROVED)
    run.approved_by, run.approved_at = by, timezone.now()
    run.save()
    audit.record(action="change", obj=run, actor=by, note=f"payroll.run_approved {run}")
    return run


@transaction.atomic
def reopen_run(*, run: PayrollRun, by) -> PayrollRun:
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    _move(run, PayrollRun.Status.CALCULATED)
    run.approved_by, run.approved_at = None, None
    run.save()
    audit.record(action="change", obj=run, actor=by, note=f"payroll.run_reopened {run}")
    return run


@transaction.atomic
def close_run(*, run: PayrollRun, by) -> PayrollRun:
    """Close an approved run: from now on it never changes, and each employee's tax year points at this
    month's line as the running totals the next month starts from (one UPDATE, whatever the head count)."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    _check_order(run)
    _move(run, PayrollRun.Status.CLOSED)
    run.closed_by, run.closed_at = by, timezone.now()
    run.save()
    line = PayrollLine.objects.filter(run=run, employee=OuterRef("employee")).values("pk")[:1]
    TaxYearProfile.objects.filter(year=run.year, employee__payroll_lines__run=run).update(
        last_closed_line=Subquery(line), closed_month=run.month, updated_at=timezone.now(),
    )
    audit.record(action="change", obj=run, actor=by, note=f"payroll.run_closed {run}: {run.lines.count()} lines")
    return run


@transaction.atomic
def add_adjustment(*, employee, year: int, month: int, kind: str, amount, reason: str, by, corrects=None) -> PayrollAdjustment:
    """An adjustment for an open month. Refused for a month whose run is approved or closed (a closed month
    is corrected in the next open one, naming it in ``corrects``)."""
    if not reason.strip():
        raise PayrollRunError(_("请填写调整原因。"))
    run = PayrollRun.objects.filter(year=year, month=month).first()
    if run is not None and run.status in (PayrollRun.Status.APPROVED, PayrollRun.Status.CLOSED):
        raise PayrollRunError(_("%(period)s 已审批或关账，调整请计入下一个未关账的月份。") % {"period": run.period_label})
    adjustment = PayrollAdjustment.objects.create(
        employee=employee, year=year, month=month, kind=kind, amount=amount, reason=reason.strip(), created_by=by,
        corrects=corrects,
    )
    audit.record(action="create", obj=employee, actor=by, note=f"payroll.adjustment_added {year}-{month:02d} {kind}")
    return adjustment
