"""The analytics page (one tab per report, the filter form, charts and tables) and its CSV export. Thin: the form
validates the query string, the registry gives the reports this user may open, each report computes in SQL."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from hrportal import audit
from hrportal.models import AuditLog
from interviews.analytics.forms import AnalyticsFilterForm
from interviews.analytics.registry import reports_for
from recruiting.exports import csv_response, safe_filename


def _form(request):
    reports = reports_for(request.user)
    form = AnalyticsFilterForm(request.GET, user=request.user, reports=reports)
    return form, {r.key: r for r in reports}


def _query(form, report_key: str) -> str:
    d = form.cleaned_data
    params = {"report": report_key, "date_from": d["date_from"].isoformat(), "date_to": d["date_to"].isoformat()}
    if d.get("department"):
        params["department"] = d["department"].pk
    if d.get("position"):
        params["position"] = d["position"].pk
    return urlencode(params)


@require_GET
def analytics(request):
    form, reports = _form(request)
    context = {"form": form, "reports": list(reports.values())}
    if form.is_valid() and form.cleaned_data["report"] in reports:
        report = reports[form.cleaned_data["report"]]
        result = report.compute(form.filters())
        context.update({
            "report": report, "result": result, "charts": [{"id": f"chart-data-{c.key}", "config": c.as_json()} for c in result.charts],
            "tabs": [{"report": r, "query": _query(form, r.key), "active": r.key == report.key} for r in reports.values()],
            "csv_query": _query(form, report.key),
        })
    return render(request, "interviews/analytics.html", context)


@require_GET
def analytics_csv(request):
    form, reports = _form(request)
    if not form.is_valid():
        return HttpResponseBadRequest("invalid filter")
    report = reports.get(form.cleaned_data["report"])
    if report is None:
        raise Http404("no such report")
    filters = form.filters()
    table = report.compute(filters).tables[0]
    audit.record(action=AuditLog.Action.EXPORT, request=request, object_type="analytics", object_id=report.key,
                 note=_query(form, report.key))
    name = safe_filename(f"analytics-{report.key}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}", "csv")
    return csv_response(filename=name, headers=table.headers, rows=table.rows)
