"""The auditor's page: the privacy report (hrportal/privacy/report.py) and one person's access log."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hrportal import audit, params
from hrportal.privacy import report


@require_GET
def privacy_report(request):
    candidate_id = params.id_param(request.GET, "candidate")
    log = report.access_log("recruiting.Candidate", str(candidate_id)) if candidate_id else []
    if candidate_id:
        audit.record(action="view", object_type="recruiting.Candidate", object_id=str(candidate_id),
                     fields=["access_log"], request=request, note="privacy report: access log")
    return render(request, "hrportal/privacy_report.html", {
        "categories": report.categories(), "summary": report.summary(), "candidate_id": candidate_id, "log": log,
    })
