"""Issue 14 item 2 on the WeCom OAuth path: a refused WeCom login (a used, expired or unknown code, a member
without a portal account) counts like a wrong password — it is audited, and after five from one address
that address is locked (django-axes, hrportal/login_throttle.py) before the code is even exchanged."""

from __future__ import annotations

import pytest

from hrportal.models import AuditLog
from tests.wecom.test_oauth import interview, link_employee, logged_in_user_id, wecom_on, wecom_redirect  # noqa: F401
from wecom.oauth import services as oauth

pytestmark = pytest.mark.django_db


def test_refused_wecom_logins_are_audited_and_then_the_address_is_locked(client, wecom_on, interview, users):  # noqa: F811
    link_employee(users["interviewer"], "iv_wang")
    statuses = []
    for i in range(5):
        response = wecom_redirect(client, oauth.room_link(interview), f"forged-code-{i}", REMOTE_ADDR="203.0.113.20")
        statuses.append(response.status_code)
    assert statuses == [400] * 4 + [429]  # the fifth failure locks the address at once
    failed = AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED)
    assert failed.count() == 5 and all("wecom_oauth" in row.note for row in failed)

    calls_before = len(wecom_on.calls("auth/getuserinfo"))
    good = wecom_on.issue_oauth_code(userid="iv_wang")
    locked = wecom_redirect(client, oauth.room_link(interview), good, REMOTE_ADDR="203.0.113.20")
    assert locked.status_code == 429 and "已被暂时锁定" in locked.content.decode()
    assert logged_in_user_id(client) is None
    assert len(wecom_on.calls("auth/getuserinfo")) == calls_before  # the code was not even exchanged

    # another address is not affected
    other = wecom_redirect(client, oauth.room_link(interview), good, REMOTE_ADDR="203.0.113.21")
    assert other.status_code == 302


def test_a_member_without_an_account_is_audited_with_the_wecom_userid(client, wecom_on, interview):  # noqa: F811
    wecom_redirect(client, oauth.room_link(interview), wecom_on.issue_oauth_code(userid="zhangsan"))
    row = AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED)
    assert "wecom:zhangsan" in row.note
