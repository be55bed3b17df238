"""Interview cost pages. The report is reachable by HR and finance (hrportal.policy): finance (and admin) see
every figure — structure, rounds, departments, per hire, advice, the export; HR sees only per-position totals.
Rates, room prices and travel claims are finance's (encrypted rates; every view of them is audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hrportal import audit, policy
from hrportal.charts import stacked_share_bars
from interviews.models import Interview
from payroll.costs import selectors, services
from payroll.costs.forms import (
    InterviewerRateForm,
    RateFilterForm,
    RoomRateForm,
    TravelClaimForm,
    TravelImportForm,
)
from payroll.models import InterviewerRate, RoomRate, TravelClaim
from recruiting.exports import csv_response, safe_filename


def _filters(request) -> tuple[RateFilterForm, dict]:
    form = RateFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@require_GET
def interview_costs(request):
    form, filters = _filters(request)
    report = selectors.cost_report(**filters)
    full = policy.can(request.user, "view_interview_cost_detail")
    structure_labels = [_("面试官时间"), _("会议室"), _("差旅")]
    charts = {}
    if full and report["positions"]:
        charts["structure"] = stacked_share_bars(
            [(_("全部"), [report["total"].time, report["total"].room, report["total"].travel], f"{report['total'].total:,.0f}")]
            + [(r["label"], [r["cost"].time, r["cost"].room, r["cost"].travel], f"{r['cost'].total:,.0f}") for r in report["positions"][:12]],
            segment_labels=structure_labels, palette=("#2f6fb0", "#e67e22", "#7fb77e"),
        )
    audit.record(action="view", request=request, object_type="payroll.InterviewerRate",
                 note="costs.report_viewed" + (" full" if full else " position_totals"))
    return render(request, "payroll/interview_costs.html", {"form": form, "report": report, "full": full, "charts": charts})


def cost_settings(request):
    forms = {"rate": InterviewerRateForm(prefix="rate"), "room": RoomRateForm(prefix="room"),
             "claim": TravelClaimForm(prefix="claim"), "import": TravelImportForm(prefix="import")}
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which in forms:
            form = forms[which] = type(forms[which])(request.POST, request.FILES, prefix=which)
            if form.is_valid():
                try:
                    _save(request, which, form)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    return redirect("payroll:cost_settings")
    audit.record(action="view", request=request, object_type="payroll.InterviewerRate", fields=["hourly_rate"],
                 note="costs.rates_viewed")
    return render(request, "payroll/cost_settings.html", {
        "forms": forms,
        "rates": InterviewerRate.objects.select_related("employee", "grade").order_by("employee_id", "grade_id", "-valid_from")[:200],
        "rooms": RoomRate.objects.order_by("room", "-valid_from")[:200],
        "claims": TravelClaim.objects.select_related("interview__application__position").order_by("-created_at")[:50],
    })


def _save(request, which: str, form) -> None:
    data = form.cleaned_data
    if which == "rate":
        rate = services.set_interviewer_rate(hourly_rate=data["hourly_rate"], valid_from=data["valid_from"], employee=data["employee"],
                                             grade=data["grade"], note=data["note"], by=request.user)
        audit.record(action="create", obj=rate, request=request, fields=["hourly_rate"], note="costs.rate_set")
        messages.success(request, _("已保存时薪。"))
    elif which == "room":
        services.set_room_rate(room=data["room"], hourly_price=data["hourly_price"], valid_from=data["valid_from"])
        messages.success(request, _("已保存会议室价格。"))
    elif which == "claim":
        interview = Interview.objects.filter(pk=data["interview_id"]).first()
        if interview is None:
            raise ValidationError(_("找不到该面试。"))
        claim = services.add_travel_claim(interview=interview, kind=data["kind"], amount=data["amount"],
                                          external_ref=data["external_ref"], note=data["note"], by=request.user)
        audit.record(action="create", obj=claim, request=request, note="costs.claim_added")
        messages.success(request, _("已录入报销。"))
    else:
        result = services.import_travel_claims(data=data["file"].read(), by=request.user)
        audit.record(action="create", request=request, object_type="payroll.TravelClaim",
                     note=f"costs.claims_imported created={result.created} skipped={result.skipped} errors={len(result.errors)}")
        messages.success(request, _("导入 %(c)s 条，跳过已导入 %(s)s 条。") % {"c": result.created, "s": result.skipped})
        for error in result.errors[:20]:
            messages.error(request, error)


@require_GET
def interview_cost_export(request):
    _form, filters = _filters(request)
    audit.record(action="export", request=request, object_type="payroll.InterviewerRate", note="costs.export")
    headers = [_("面试编号"), _("轮次"), _("小时"), _("面试官时间成本"), _("会议室成本"), _("差旅"), _("合计"), _("缺少时薪的面试官")]
    rows = (
        [f.interview_id, label, f"{f.hours}", cost.time, cost.room, cost.travel, cost.total, cost.missing_rates]
        for f, label, cost in selectors.interview_cost_rows(**filters)
    )
    return csv_response(filename=safe_filename("interview-costs", "csv"), headers=headers, rows=rows)
