"""Issue 14 item 2: 30 wrong passwords for `admin` in 8.5 s all answered 200 and the right one then logged in.
Now django-axes locks the account and the client address after five failures, for a time that grows with
each lockout; every failed login is audited; the locked page says so in Chinese (English in locale/en)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hrportal import login_throttle
from hrportal.models import AuditLog

pytestmark = pytest.mark.django_db

URL = "login"


def _post(client, username, password, ip="203.0.113.7"):
    return client.post(reverse(URL), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, users):
    statuses = [_post(client, "admin_chen", f"wrong-{i}").status_code for i in range(30)]
    assert statuses[:4] == [200] * 4  # the form answers "wrong password" …
    assert set(statuses[5:]) == {429}  # … and from the sixth try on: locked
    right = _post(client, "admin_chen", "pw-admin_chen-123456")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    body = right.content.decode()
    assert "data-locked-out" in body and "已被暂时锁定" in body and "分钟后再试" in body


def test_the_lock_is_per_account_from_any_address(client, users):
    for i in range(5):
        _post(client, "hr_zhang", f"wrong-{i}", ip=f"198.51.100.{i}")
    assert _post(client, "hr_zhang", "pw-hr_zhang-123456", ip="192.0.2.99").status_code == 429


def test_the_lock_is_per_address_across_accounts(client, users):
    for i in range(5):
        _post(client, f"nobody{i}", "wrong", ip="203.0.113.50")
    assert _post(client, "mgr_li", "pw-mgr_li-123456", ip="203.0.113.50").status_code == 429
    # the same account from another address still logs in
    assert _post(client, "mgr_li", "pw-mgr_li-123456", ip="203.0.113.51").status_code == 302


def test_a_success_before_the_limit_logs_in_and_resets(client, users):
    for i in range(3):
        _post(client, "fin_zhao", f"wrong-{i}")
    assert _post(client, "fin_zhao", "pw-fin_zhao-123456").status_code == 302


def test_every_failed_login_is_audited_without_the_password(client, users):
    for i in range(3):
        _post(client, "admin_chen", f"secret-guess-{i}")
    rows = AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED)
    assert rows.count() == 3
    assert all("admin_chen" in r.note and "secret-guess" not in r.note for r in rows)
    assert {r.ip_address for r in rows} == {"203.0.113.7"}


def test_the_lock_grows_with_each_lockout(rf, users):
    from axes.models import AccessFailureLog

    request = rf.post("/accounts/login/", {"username": "admin_chen"}, REMOTE_ADDR="203.0.113.9")
    assert login_throttle.cool_off(request) == timedelta(minutes=1)
    for failures, minutes in ((10, 2), (20, 8), (40, 60)):
        AccessFailureLog.objects.all().delete()
        AccessFailureLog.objects.bulk_create([
            AccessFailureLog(username="admin_chen", ip_address="203.0.113.9", attempt_time=timezone.now(),
                             user_agent="t", path_info="/accounts/login/", locked_out=False)
            for _ in range(failures)
        ])
        assert login_throttle.cool_off(request) == timedelta(minutes=minutes), failures


def test_the_lockout_message_is_translated():
    from django.utils import translation

    with translation.override("en"):
        assert "temporarily locked" in login_throttle.lockout_message(5)


def test_the_admin_login_is_throttled_too(client, users):
    for i in range(6):
        response = client.post(reverse("admin:login"), {"username": "admin_chen", "password": f"w{i}"},
                               REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 429
