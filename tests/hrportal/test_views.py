"""Core pages: base layout contract, login, dashboard panels per role, audit log page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal import audit
from recruiting.pipeline import Stage

pytestmark = pytest.mark.django_db


def test_login_page_and_login_flow(client, users):
    body = client.get(reverse("login")).content.decode()
    assert 'name="username"' in body and 'name="password"' in body and 'name="viewport"' in body
    response = client.post(reverse("login"), {"username": "hr_zhang", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()
    response = client.post(reverse("login"), {"username": "hr_zhang", "password": "pw-hr_zhang-123456"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_base_layout_has_role_navigation_post_logout_language_switch_and_htmx_csrf(client, users):
    client.force_login(users["hr"])
    body = client.get(reverse("dashboard")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in body
    assert "vendor/htmx/htmx.min.js" in body and "//cdn" not in body and "https://" not in body
    assert f'method="post" action="{reverse("logout")}"' in body
    assert f'action="{reverse("set_language")}"' in body and 'value="en"' in body
    assert "招聘专员" in body  # role label
    assert reverse("recruiting:application_board") in body and reverse("audit_log") not in body
    assert reverse("admin:index") not in body
    client.force_login(users["admin"])
    body = client.get(reverse("dashboard")).content.decode()
    assert reverse("audit_log") in body and reverse("admin:index") in body


def test_interviewer_navigation_has_no_recruiting_pages(client, users):
    client.force_login(users["interviewer"])
    body = client.get(reverse("dashboard")).content.decode()
    assert reverse("recruiting:candidate_list") not in body and reverse("recruiting:position_list") not in body
    assert "panel-recruiting" not in body


def test_logout_is_a_post(client, users):
    client.force_login(users["hr"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


def test_dashboard_panels_per_role(client, users, ehr):
    ehr["application"].set_stage(Stage.SCREENING, by=users["hr"], reason="简历匹配")
    client.force_login(users["hr"])
    body = client.get(reverse("dashboard")).content.decode()
    assert "招聘中的职位" in body and "各阶段候选人" in body and "最近动态" in body
    assert "销售经理" in body and "研发工程师" in body and "王小明" in body

    client.force_login(users["manager"])
    body = client.get(reverse("dashboard")).content.decode()
    assert "销售经理" in body and "研发工程师" not in body and "王小明" in body

    client.force_login(users["finance"])
    body = client.get(reverse("dashboard")).content.decode()
    assert "招聘中的职位" in body and "招 1 人" in body
    assert "各阶段候选人" not in body and "最近动态" not in body and "人在流程中" not in body
    assert "王小明" not in body


def test_dashboard_switches_to_english(client, users, ehr):
    client.force_login(users["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


def test_audit_log_page_filters_by_action_and_paginates(client, users, ehr):
    for _ in range(55):
        audit.record(action="view", obj=ehr["candidate"], fields=["phone"], actor=users["hr"])
    audit.record(action="export", obj=ehr["candidate"], fields=["phone"], actor=users["hr"], note="导出名单")
    client.force_login(users["admin"])
    url = reverse("audit_log")
    response = client.get(url)
    assert response.context["page"].paginator.num_pages == 2
    body = client.get(url, {"action": "export"}).content.decode()
    assert "导出名单" in body and body.count("<tr>") == 2  # header + one row
    assert client.get(url, {"page": 2}).status_code == 200
