"""Issue 14 item 1: masked data stays masked. A hiring manager sees 139****5678; searching the full number
must not confirm a guessed middle (the probe recovered a number in ~1,200 requests). Exact-match search on
contact fields is for roles that see them unmasked, and every search by contact data is audited. Also item
6: the list that shows contact data in clear to HR writes one audit row per page view naming its candidates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.models import AuditLog

pytestmark = pytest.mark.django_db

URL = "recruiting:candidate_list"


def _rows(client, q: str) -> str:
    response = client.get(reverse(URL), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_cannot_confirm_a_guessed_phone_number(client, users, ehr):
    client.force_login(users["manager"])
    assert "139****5678" in _rows(client, "")  # the manager sees the masked number …
    wrong = _rows(client, "13900005678")
    right = _rows(client, "13912345678")
    # … and the right guess answers exactly like a wrong one: nothing found, the same hint
    assert "王小明" not in right and "王小明" not in wrong
    assert "data-contact-search-refused" in right and "data-contact-search-refused" in wrong


def test_a_manager_cannot_confirm_a_guessed_email(client, users, ehr):
    client.force_login(users["manager"])
    assert "x***@example.com" in _rows(client, "")
    assert "王小明" not in _rows(client, "xiaoming@example.com")


def test_a_manager_still_finds_candidates_by_name(client, users, ehr):
    client.force_login(users["manager"])
    body = _rows(client, "小明")
    assert "王小明" in body and "data-contact-search-refused" not in body


def test_hr_still_finds_by_exact_phone_and_email_and_the_search_is_audited(client, users, ehr):
    client.force_login(users["hr"])
    assert "王小明" in _rows(client, "13912345678")
    assert "王小明" in _rows(client, "xiaoming@example.com")
    searches = AuditLog.objects.filter(object_type="candidate_search").order_by("id")
    assert [row.fields for row in searches] == [["phone"], ["email"]]
    assert all(row.actor == users["hr"] for row in searches)
    notes = " ".join(row.note for row in searches)
    assert "139****5678" in notes and "x***@example.com" in notes and "1 match" in notes
    assert "13912345678" not in notes and "xiaoming@example.com" not in notes  # the log never holds it in clear


def test_a_refused_contact_search_is_audited_too(client, users, ehr):
    client.force_login(users["manager"])
    _rows(client, "13912345678")
    row = AuditLog.objects.get(object_type="candidate_search")
    assert row.actor == users["manager"] and "refused" in row.note and row.fields == ["phone"]


def test_a_name_search_is_not_a_contact_search(client, users, ehr):
    client.force_login(users["hr"])
    _rows(client, "小明")
    assert not AuditLog.objects.filter(object_type="candidate_search").exists()


def test_each_list_page_shown_to_hr_in_clear_is_audited_with_its_candidates(client, users, ehr):
    client.force_login(users["hr"])
    client.get(reverse(URL))
    row = AuditLog.objects.get(object_type="recruiting.Candidate", action="view")
    assert row.actor == users["hr"] and row.fields == ["email", "phone"]
    for candidate in (ehr["candidate"], ehr["rd_candidate"]):
        assert str(candidate.pk) in row.note.split(": ", 1)[1].split(",")
    client.get(reverse(URL))
    assert AuditLog.objects.filter(object_type="recruiting.Candidate", action="view").count() == 2


def test_masked_lists_write_no_contact_audit_row(client, users, ehr):
    client.force_login(users["manager"])
    client.get(reverse(URL))
    assert not AuditLog.objects.filter(object_type="recruiting.Candidate").exists()
