"""Finance's payroll pages: the runs with a month-over-month chart, a run's register with totals by
department and by cost line, its progress, its actions (calculate, approve, reopen, close, send payslips),
adjustments and exports. URL access comes from hrportal.policy (finance and admin); every view reads the run
by id and every write goes through payroll.runs.services."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hrportal import audit
from payroll.models import InsuranceLine, PayrollRun
from payroll.payslips import jobs as payslip_jobs
from payroll.payslips.services import record_send_requested
from payroll.runs import exports, selectors, services
from payroll.runs.charts import month_over_month_chart
from payroll.runs.forms import AdjustmentForm, RunForm
from recruiting.exports import csv_response, xlsx_response

LINES_PER_PAGE = 100


def run_list(request):
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.create_run(year=form.cleaned_data["year"], month=form.cleaned_data["month"], by=request.user,
                                      departments=form.cleaned_data["departments"])
        except services.PayrollRunError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已创建 %(period)s 的工资核算草稿。") % {"period": run.period_label})
            return redirect("payroll:run_detail", run.pk)
    runs = PayrollRun.objects.prefetch_related("departments").order_by("-year", "-month")
    return render(request, "payroll/run_list.html", {
        "form": form, "runs": runs, "chart": month_over_month_chart(selectors.month_over_month()),
    })


def _run(pk: int) -> PayrollRun:
    return get_object_or_404(PayrollRun.objects.prefetch_related("departments"), pk=pk)


def run_detail(request, pk: int):
    run = _run(pk)
    lines = Paginator(selectors.register_lines(run), LINES_PER_PAGE).get_page(request.GET.get("page"))
    summary = run.summary
    labels = dict(InsuranceLine.choices)
    by_line = [
        {"line": labels.get(name, name), **values, "total": str(Decimal(values["employer"]) + Decimal(values["employee"]))}
        for name, values in summary.get("by_line", {}).items()
    ]
    audit.record(action="view", obj=run, request=request, note=f"payroll.register_viewed {run}")
    return render(request, "payroll/run_detail.html", {
        "run": run, "page": lines, "summary": summary, "by_line": by_line,
        "by_department": selectors.department_totals(summary),
        "adjustment_form": AdjustmentForm(), "can_adjust": run.status not in (PayrollRun.Status.APPROVED, PayrollRun.Status.CLOSED),
        "finished": run.status != PayrollRun.Status.CALCULATING,
    })


@require_GET
def run_progress(request, pk: int):
    run = _run(pk)
    return render(request, "payroll/_run_progress.html", {"run": run, "finished": run.status != PayrollRun.Status.CALCULATING})


ACTIONS = {
    "calculate": (services.start_calculation, gettext_lazy("已开始计算。")),
    "approve": (services.approve_run, gettext_lazy("已审批。")),
    "reopen": (services.reopen_run, gettext_lazy("已退回重新核算。")),
    "close": (services.close_run, gettext_lazy("已关账：此期间不再变动，更正请计入下一个月份。")),
}


@require_POST
def run_action(request, pk: int, action: str):
    run = _run(pk)
    if action == "payslips":
        try:
            record_send_requested(run=run, by=request.user)
        except services.PayrollRunError as exc:
            messages.error(request, str(exc))
        else:
            payslip_jobs.queue_payslips(run.pk)
            messages.success(request, _("工资条正在通过企业微信发送（每人一个专属链接，消息中不含金额）。"))
        return redirect("payroll:run_detail", run.pk)
    if action not in ACTIONS:
        messages.error(request, _("无法识别的操作。"))
        return redirect("payroll:run_detail", run.pk)
    func, done = ACTIONS[action]
    try:
        func(run=run, by=request.user)
    except services.PayrollRunError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("payroll:run_detail", run.pk)


@require_POST
def run_adjustment(request, pk: int):
    run = _run(pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.add_adjustment(
                employee=form.cleaned_data["employee"], year=run.year, month=run.month, kind=form.cleaned_data["kind"],
                amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"], by=request.user,
            )
        except services.PayrollRunError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已添加调整；重新计算后计入本月工资。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("payroll:run_detail", run.pk)


@require_GET
def run_export(request, pk: int, kind: str):
    run = _run(pk)
    if run.status not in (PayrollRun.Status.CALCULATED, PayrollRun.Status.APPROVED, PayrollRun.Status.CLOSED):
        messages.error(request, _("计算完成后才能导出。"))
        return redirect("payroll:run_detail", run.pk)
    stem = f"payroll-{run.year}-{run.month:02d}"
    if kind == "bank":
        audit.record(action="export", obj=run, request=request, note=f"payroll.bank_file_exported {run}")
        return csv_response(filename=f"{stem}-bank.csv", headers=exports.bank_headers(), rows=exports.bank_rows(run))
    audit.record(action="export", obj=run, request=request, note=f"payroll.register_exported {run}")
    return xlsx_response(filename=f"{stem}-register.xlsx", headers=exports.register_headers(),
                         rows=exports.register_rows(run), sheet_title=stem)
