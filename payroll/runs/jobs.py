"""The payroll calculation on RQ: chunked, resumable, idempotent.

``calculate_run(run_id, calculation)`` walks the run's employees in id order, ``PAYROLL_CHUNK_SIZE`` (500)
at a time. Each chunk commits in one transaction: its lines (replacing any earlier calculation's line of the
same employee), the run's cursor (the last employee id done), the progress counter and the heartbeat. A
worker killed mid-chunk loses only that chunk's uncommitted work; the job run again (the sweep does it,
``resume_stalled_runs``) continues after the cursor — no employee twice, none missing. A chunk costs the
same number of queries whatever its size (tests/payroll/test_runs.py counts them). When the cursor has
passed everyone, lines of older calculations are dropped, the totals are written and the run is
"calculated". A job whose calculation number is no longer the run's (recalculated meanwhile) stops at once.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hrportal import queues
from hrportal.infrastructure import is_infrastructure_error
from payroll.models import PayrollLine, PayrollRun, TaxYearProfile
from payroll.runs import selectors
from payroll.runs.compute import Adjustment, Component, LineInput, compute_line
from payroll.runs.periods import period_bounds
from payroll.social_insurance.selectors import rules_in_force
from payroll.tax import tables
from payroll.tax.withholding import Cumulative

log = logging.getLogger(__name__)

QUEUE = "default"
DEFAULT_CHUNK_SIZE = 500
ABANDON_GRACE = timedelta(seconds=15)


def job_id_for(run_id: int, calculation: int, attempt: int = 0) -> str:
    suffix = f"-resume-{attempt}" if attempt else ""
    return f"payroll-run-{run_id}-{calculation}{suffix}"


def queue_calculation(run_id: int, calculation: int, attempt: int = 0) -> None:
    job_id = job_id_for(run_id, calculation, attempt)
    PayrollRun.objects.filter(pk=run_id, calculation=calculation).update(job_id=job_id)
    queues.enqueue(calculate_run, run_id, calculation, queue=QUEUE, job_id=job_id)


def _chunk_size() -> int:
    return max(1, int(getattr(settings, "PAYROLL_CHUNK_SIZE", DEFAULT_CHUNK_SIZE)))


def _stall_after() -> timedelta:
    return timedelta(minutes=float(getattr(settings, "PAYROLL_STALL_MINUTES", 10)))


def calculate_run(run_id: int, calculation: int) -> dict:
    """Calculate every remaining line of the run's ``calculation``; returns a small summary."""
    run = PayrollRun.objects.filter(pk=run_id).first()
    if run is None or run.status != PayrollRun.Status.CALCULATING or run.calculation != calculation:
        return {"run": run_id, "status": getattr(run, "status", "missing"), "processed": 0}
    first_day, _last = period_bounds(run.year, run.month)
    rules = rules_in_force(first_day)
    try:
        tables.withholding_table(run.year)
        tables.deductions(run.year)
    except LookupError as exc:
        _fail(run_id, calculation, str(exc))
        return {"run": run_id, "status": PayrollRun.Status.FAILED}
    handled = 0
    size = _chunk_size()
    while True:
        try:
            with transaction.atomic():
                run = PayrollRun.objects.select_for_update().get(pk=run_id)
                if run.status != PayrollRun.Status.CALCULATING or run.calculation != calculation:
                    return {"run": run_id, "status": run.status, "processed": handled}
                employees = list(
                    selectors.employees_in_scope(run).filter(pk__gt=run.cursor).order_by("pk").only(
                        "pk", "hire_date", "leave_date", "department_id", "employee_no")[:size]
                )
                if not employees:
                    break
                made = _write_chunk(run, employees, rules)
                run.cursor = employees[-1].pk
                run.processed += made
                run.heartbeat_at = timezone.now()
                run.save(update_fields=["cursor", "processed", "heartbeat_at", "updated_at"])
                handled += made
            pause = float(getattr(settings, "PAYROLL_CHUNK_PAUSE_SECONDS", 0) or 0)
            if pause:
                time.sleep(pause)
        except Exception as exc:
            if is_infrastructure_error(exc):
                raise  # the database or Redis failed, not the run: it stays "calculating" and is resumed
            log.exception("payroll run %s: calculation failed", run_id)
            _fail(run_id, calculation, f"{type(exc).__name__}: {exc}")
            return {"run": run_id, "status": PayrollRun.Status.FAILED}
    _finish(run_id, calculation)
    return {"run": run_id, "status": PayrollRun.Status.CALCULATED, "processed": handled}


def _fail(run_id: int, calculation: int, error: str) -> None:
    PayrollRun.objects.filter(pk=run_id, calculation=calculation, status=PayrollRun.Status.CALCULATING).update(
        status=PayrollRun.Status.FAILED, error=error[:2000], heartbeat_at=timezone.now(),
    )


def _additional_cumulative(declarations, month: int) -> Decimal:
    """The year's special additional deductions up to ``month``: a back-dated declaration counts all its
    months at once. 大病医疗 is left to the annual reconciliation (never in monthly withholding)."""
    total = Decimal("0")
    for row in declarations:
        if row.item in tables.deductions(row.year).monthly_withholding_excludes:
            continue
        if row.item in tables.deductions(row.year).additional_lump_caps:
            total += row.monthly_amount if row.from_month <= month else 0
            continue
        months = min(row.to_month, month) - row.from_month + 1
        if months > 0:
            total += row.monthly_amount * row.units * months
    return total


def _write_chunk(run: PayrollRun, employees, rules) -> int:
    ids = [e.pk for e in employees]
    inputs = selectors.chunk_inputs(run, ids)
    missing_profiles = [TaxYearProfile(employee_id=i, year=run.year) for i in ids if i not in inputs.profiles]
    if missing_profiles:
        TaxYearProfile.objects.bulk_create(missing_profiles, ignore_conflicts=True)
    lines = []
    for employee in employees:
        record = inputs.pay_records.get(employee.pk)
        if record is None:
            continue  # no pay record in force: listed on the run page as "no pay record"
        profile = inputs.profiles.get(employee.pk)
        before, bonus_used = Cumulative(), False
        if profile is not None and profile.last_closed_line is not None:
            totals = profile.last_closed_line.figures["cumulative"]
            before, bonus_used = Cumulative.from_strings(totals), bool(totals.get("separate_bonus_used"))
        figures = compute_line(LineInput(
            year=run.year, month=run.month, hire_date=employee.hire_date, leave_date=employee.leave_date,
            components=tuple(Component(c["code"], c["name"], c.get("kind", "allowance"), c["amount"], c["taxable"]) for c in record.components),
            rules=rules.get(record.city_id, ()), contribution_base=record.contribution_base,
            housing_fund_rate=record.housing_fund_rate, bonus_method=record.bonus_method,
            first_wage_income_in_year=bool(profile and profile.first_wage_income_in_year),
            prior_year_same_employer_le_60000=bool(profile and profile.prior_year_same_employer_le_60000),
            before=before, separate_bonus_used=bonus_used,
            additional_cumulative=_additional_cumulative(inputs.deductions.get(employee.pk, ()), run.month),
            adjustments=tuple(Adjustment(a.kind, a.amount, a.reason) for a in inputs.adjustments.get(employee.pk, ())),
        ))
        figures["city"] = record.city_id
        lines.append(PayrollLine(
            run=run, employee_id=employee.pk, department_id=employee.department_id, calculation=run.calculation,
            figures_data=_dump(figures),
        ))
    PayrollLine.objects.filter(run=run, employee_id__in=ids).delete()
    PayrollLine.objects.bulk_create(lines)
    return len(lines)


def _dump(figures: dict) -> str:
    return json.dumps(figures, ensure_ascii=False, separators=(",", ":"))


def _finish(run_id: int, calculation: int) -> None:
    with transaction.atomic():
        run = PayrollRun.objects.select_for_update().get(pk=run_id)
        if run.status != PayrollRun.Status.CALCULATING or run.calculation != calculation:
            return
        PayrollLine.objects.filter(run=run, calculation__lt=calculation).delete()
        summary = selectors.summarise(selectors.summary_lines(run).iterator(chunk_size=2000))
        summary["skipped"] = run.employee_count - summary["count"]
        run.summary_data = json.dumps(summary, ensure_ascii=False)
        run.status = PayrollRun.Status.CALCULATED
        run.calculated_at = timezone.now()
        run.heartbeat_at = run.calculated_at
        run.save()


def resume_stalled_runs(*, older_than: timedelta | None = None) -> list[int]:
    """Queue again every calculating run nobody is working on (``hrportal.queues.work_abandoned``): its
    worker was killed, or its job vanished. Returns their ids. Called by the sweeper every few seconds and by
    ``manage.py resume_payroll_runs``."""
    now = timezone.now()
    stall = older_than or _stall_after()
    stalled_before = now - stall
    grace_before = now - min(ABANDON_GRACE, stall)
    resumed = []
    for run in PayrollRun.objects.filter(status=PayrollRun.Status.CALCULATING, heartbeat_at__lt=grace_before):
        if not queues.work_abandoned(run.heartbeat_at, run.job_id, stalled_before=stalled_before, grace_before=grace_before):
            continue
        with transaction.atomic():
            locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
            if locked.status != PayrollRun.Status.CALCULATING or locked.heartbeat_at >= grace_before:
                continue
            attempt = int(locked.job_id.rsplit("-", 1)[-1]) + 1 if "-resume-" in locked.job_id else 1
            locked.heartbeat_at = timezone.now()
            locked.save(update_fields=["heartbeat_at", "updated_at"])
            calculation = locked.calculation
        log.warning("payroll run %s abandoned; queued again (attempt %s)", run.pk, attempt)
        queue_calculation(run.pk, calculation, attempt)
        resumed.append(run.pk)
    return resumed
