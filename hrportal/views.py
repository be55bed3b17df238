"""Core pages: dashboard (panels come from the apps), health check, audit log."""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hrportal.dashboard import panels_for
from hrportal.login_providers import external_login_url
from hrportal.models import AuditLog


@require_GET
def dashboard(request):
    return render(request, "hrportal/dashboard.html", {"panels": panels_for(request)})


@never_cache
@require_GET
def healthz(request):
    """Liveness + database reachability for docker-compose and load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure is "not healthy", reported without details
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@require_GET
def audit_log(request):
    entries = AuditLog.objects.select_related("actor").all()
    action = request.GET.get("action", "")
    if action in AuditLog.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "hrportal/audit_log.html", {"page": page, "actions": AuditLog.Action.choices, "action": action})


class PortalLoginView(LoginView):
    """The password login, unless a registered login provider claims the request (hrportal.login_providers):
    inside the WeCom client the login page sends people to WeCom's OAuth instead. ``?local=1`` always shows
    the password form (for someone whose WeCom account is not linked to an employee)."""

    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated and not request.GET.get("local"):
            url = external_login_url(request, self.get_redirect_url() or self.get_default_redirect_url())
            if url:
                return HttpResponseRedirect(url)
        return super().get(request, *args, **kwargs)
