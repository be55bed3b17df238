"""The analytics page (one tab per report, the filter form, charts and tables) and its CSV export. Thin: the form
validates the query string, the registry gives the reports this user may open, each report computes in SQL."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from hrportal import audit, policy
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


def _computed(request, report, form):
    """(result, computed at): from the cache when the same report, scope, filter and language was computed within
    ANALYTICS_CACHE_SECONDS. The scope is "all" for roles that see every department, else the user."""
    seconds = settings.ANALYTICS_CACHE_SECONDS
    filters = form.filters()
    if not seconds:
        return report.compute(filters), timezone.now()
    scope = "all" if policy.can(request.user, "see_all_departments") else f"user{request.user.pk}"
    key = f"analytics:v1:{scope}:{get_language()}:{_query(form, report.key)}"
    hit = cache.get(key)
    if hit is None:
        hit = (report.compute(filters), timezone.now())
        cache.set(key, hit, seconds)
    return hit


@require_GET
def analytics(request):
    form, reports = _form(request)
    context = {"form": form, "reports": list(reports.values())}
    if form.is_valid() and form.cleaned_data["report"] in reports:
        report = reports[form.cleaned_data["report"]]
        result, computed_at = _computed(request, report, form)
        context.update({
            "report": report, "result": result, "computed_at": computed_at, "charts": [{"id": f"chart-data-{c.key}", "config": c.as_json()} for c in result.charts],
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
    table = _computed(request, report, form)[0].tables[0]
    audit.record(action=AuditLog.Action.EXPORT, request=request, object_type="analytics", object_id=report.key,
                 note=_query(form, report.key))
    name = safe_filename(f"analytics-{report.key}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}", "csv")
    return csv_response(filename=name, headers=table.headers, rows=table.rows)
