"""Login throttling (issue 14 item 2): django-axes, configured here, not hand-rolled.

- Per account *and* per client address (``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]``): five
  failures (``LOGIN_FAILURE_LIMIT``) for one username, or from one address, lock that username or address.
- Growing delays: the lock lasts 1 minute after the first five failures and doubles with each further lockout
  of the same account or address within a day (2, 4, … at most 60 minutes) — ``cool_off``.
- Every failed login (password form, admin, WeCom OAuth) is written to the audit log (``record_failure``).
- A locked request gets the login page with a Chinese-first message and status 429 (``lockout_response``).
- The client address is the one the audit log records (``hrportal.audit.client_ip``).

``ThrottlingBackend`` is axes' standalone backend except that an ``authenticate()`` without a request (a
management command, the test client's ``login()``) is not throttled: every web login passes its request.
"""

from __future__ import annotations

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hrportal import audit

FIRST_COOL_OFF_MINUTES = 1
MAX_COOL_OFF_MINUTES = 60
WINDOW = timedelta(days=1)


class ThrottlingBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _username(request) -> str:
    credentials = getattr(request, "axes_credentials", None) or {}
    name = credentials.get("username") if isinstance(credentials, dict) else None
    if not name and request is not None and request.method == "POST":
        name = request.POST.get("username", "")
    return (name or "")[:150]


def cool_off(request) -> timedelta:
    """1 minute after the first lockout, doubled for every further lockout of this account or address in
    the last day (axes' failure log), at most 60 minutes."""
    if request is None:
        return timedelta(minutes=FIRST_COOL_OFF_MINUTES)
    from axes.models import AccessFailureLog
    from django.db.models import Q

    ip, username = getattr(request, "axes_ip_address", None) or audit.client_ip(request), _username(request)
    match = Q(ip_address=ip) if ip else Q()
    if username:
        match = match | Q(username=username) if ip else Q(username=username)
    if not match:
        return timedelta(minutes=FIRST_COOL_OFF_MINUTES)
    failures = AccessFailureLog.objects.filter(match, attempt_time__gte=timezone.now() - WINDOW).count()
    lockouts = max(1, failures // settings.AXES_FAILURE_LIMIT)  # LOGIN_FAILURE_LIMIT, one home
    return timedelta(minutes=min(MAX_COOL_OFF_MINUTES, FIRST_COOL_OFF_MINUTES * 2 ** (lockouts - 1)))


def lockout_message(minutes: int) -> str:
    return _("登录失败次数过多，该账号或你所在的网络地址已被暂时锁定。请在 %(minutes)s 分钟后再试；如需立即解锁，请联系管理员。") % {
        "minutes": minutes,
    }


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, int(cool_off(request).total_seconds() // 60))
    from django.contrib.auth.forms import AuthenticationForm

    return render(request, "registration/login.html", {
        "form": AuthenticationForm(request), "locked_out": True, "lockout_message": lockout_message(minutes),
        "next": request.POST.get("next", "") if request.method == "POST" else request.GET.get("next", ""),
    }, status=429)


@receiver(user_login_failed, dispatch_uid="hrportal.audit_failed_login")
def record_failure(sender, credentials=None, request=None, **kwargs):
    """Every failed login is an audit row: the attempted username (never the password) and the address."""
    username = str((credentials or {}).get("username") or "")[:150]
    audit.record(
        action="login_fail", object_type="auth.User", object_id="", request=request, actor=None,
        note=f"failed login for {username!r}" + (f" via {kwargs['via']}" if kwargs.get("via") else ""),
    )
