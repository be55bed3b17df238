"""HR's retention page: the next 14 days of the purge, and extending one candidate's date."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import policy
from recruiting import access
from recruiting.retention import selectors, services
from recruiting.retention.forms import ExtendRetentionForm


def _require(user) -> None:
    if not policy.can(user, "manage_retention"):
        raise PermissionDenied("manage_retention capability required")


@require_GET
def upcoming(request):
    _require(request.user)
    today = timezone.localdate()
    rows = selectors.upcoming_purges(request.user, today=today)
    return render(request, "recruiting/retention_upcoming.html", {
        "rows": rows, "today": today, "days": selectors.PREVIEW_DAYS, "form": ExtendRetentionForm(),
    })


@require_POST
def extend(request, pk: int):
    _require(request.user)
    candidate = access.get_candidate_for_user(request.user, pk)
    form = ExtendRetentionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写新的保存期限和原因。"))
        return redirect("recruiting:retention_upcoming")
    try:
        services.extend_retention(candidate=candidate, until=form.cleaned_data["until"],
                                  reason=form.cleaned_data["reason"], by=request.user, request=request)
    except services.RetentionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已延长保存期限。"))
    return redirect("recruiting:retention_upcoming")
