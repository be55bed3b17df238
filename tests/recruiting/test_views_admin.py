"""Django admin: PII masked in lists, phone/e-mail search through the blind index, change pages of
people audited, pipeline and history not editable from the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.models import AuditLog

pytestmark = pytest.mark.django_db


def test_candidate_changelist_masks_contact_data(client, users, ehr):
    client.force_login(users["admin"])
    body = client.get(reverse("admin:recruiting_candidate_changelist")).content.decode()
    assert "王小明" in body and "139****5678" in body and "x***@example.com" in body
    assert "13912345678" not in body and "xiaoming@example.com" not in body


def test_employee_changelist_masks_phone(client, users, ehr):
    client.force_login(users["admin"])
    body = client.get(reverse("admin:recruiting_employee_changelist")).content.decode()
    assert "138****1111" in body and "13800001111" not in body


def test_admin_search_finds_exact_phone_and_email_through_the_blind_index(client, users, ehr):
    client.force_login(users["admin"])
    url = reverse("admin:recruiting_candidate_changelist")
    body = client.get(url, {"q": "13912345678"}).content.decode()
    assert "王小明" in body and "赵研发" not in body
    body = client.get(url, {"q": "rd@example.com"}).content.decode()
    assert "赵研发" in body and "王小明" not in body


def test_opening_a_candidate_in_the_admin_is_audited(client, users, ehr):
    client.force_login(users["admin"])
    response = client.get(reverse("admin:recruiting_candidate_change", args=[ehr["candidate"].pk]))
    assert response.status_code == 200
    entry = AuditLog.objects.get(action="view", object_id=str(ehr["candidate"].pk))
    assert entry.actor == users["admin"] and "phone" in entry.fields and entry.note == "admin"


def test_stage_is_read_only_and_history_cannot_be_edited(client, users, ehr):
    client.force_login(users["admin"])
    body = client.get(reverse("admin:recruiting_application_change", args=[ehr["application"].pk])).content.decode()
    assert 'name="stage"' not in body
    ehr["application"].set_stage("screening", by=users["hr"])
    change_id = ehr["application"].stage_history.get().pk
    assert client.get(reverse("admin:recruiting_applicationstagechange_delete", args=[change_id])).status_code == 403
    assert client.get(reverse("admin:hrportal_auditlog_add")).status_code == 403
