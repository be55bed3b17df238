"""The history import page: HR uploads a file and sees either every problem (row, column, reason) or
what was created/updated. URL access (HR, admin) is decided by hrportal.policy."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hrportal import policy
from recruiting.history.columns import column_help
from recruiting.history.forms import HistoryImportForm
from recruiting.history.services import import_history_file


@require_http_methods(["GET", "POST"])
def import_history(request):
    if not policy.can(request.user, "import_history"):
        raise PermissionDenied("import_history capability required")
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_history_file(
                filename=upload.name, data=upload.read(), kind=form.cleaned_data["kind"] or None,
                actor=request.user, request=request, dry_run=form.cleaned_data["dry_run"],
            )
            if not report.ok:
                status = 422
        else:
            status = 422
    return render(request, "recruiting/import_history.html",
                  {"form": form, "report": report, "help": column_help()}, status=status)
