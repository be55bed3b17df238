"""The bias audit page (chart per measure and attribute, excluded and unknown counts), its CSV export and the
"recompute now" button. Thin; URL access from hrportal.policy, capability ``view_bias_audit`` (HR, admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import policy
from interviews.fairness import charts, labels, services
from recruiting.exports import csv_response


def _require(user) -> None:
    if not policy.can(user, "view_bias_audit"):
        raise PermissionDenied("view_bias_audit")


def _tables(row) -> list[dict]:
    tables = []
    for table in (row.result or {}).get("tables", []):
        for category in table["categories"] + table["excluded"]:
            category["label"] = labels.category_label(table["attribute"], category["category"])
        tables.append({**table, "measure_label": labels.measure_label(table["measure"]),
                       "attribute_label": labels.attribute_label(table["attribute"]),
                       "chart": charts.ratio_bars(table["categories"])})
    return tables


@require_GET
def bias_audit(request):
    _require(request.user)
    row = services.latest_audit()
    return render(request, "interviews/bias_audit.html", {
        "audit": row, "tables": _tables(row) if row else [], "result": row.result if row else {},
    })


@require_POST
def bias_audit_run(request):
    _require(request.user)
    row = services.run_audit(by=request.user, request=request)
    if row.flags:
        messages.warning(request, _("审计完成：有 %(n)s 个影响比低于 0.8，请查看标红的类别。") % {"n": row.flags})
    else:
        messages.success(request, _("审计完成：没有低于 0.8 的影响比。"))
    return redirect("interviews:bias_audit")


@require_GET
def bias_audit_csv(request):
    _require(request.user)
    row = services.latest_audit()
    if row is None:
        row = services.run_audit(by=request.user, request=request)
    stamp = timezone.localtime(row.computed_at).strftime("%Y%m%d-%H%M")
    return csv_response(filename=f"bias-audit-{stamp}.csv", headers=services.CSV_HEADER, rows=services.csv_rows(row))
