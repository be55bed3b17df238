"""The auditor's view (issue 19 item 4): categories with storage, roles, retention and counts; one person's
access log; and the personal-field check failing on a planted unencrypted field."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse

from hrportal import audit
from hrportal.fields import EncryptedTextField
from hrportal.privacy import report
from hrportal.roles import Role


def test_the_project_passes_the_personal_field_check():
    assert report.unaccepted_personal_fields() == []


@isolate_apps("recruiting")
def test_the_check_fails_on_a_planted_unencrypted_personal_field():
    class Referee(models.Model):
        contact_phone = models.CharField(max_length=20)
        home_address = models.TextField()
        bank_account = EncryptedTextField()
        notes_count = models.IntegerField()

        class Meta:
            app_label = "recruiting"

        def __str__(self) -> str:
            return self.contact_phone

    assert report.unaccepted_personal_fields([Referee]) == ["recruiting.Referee.contact_phone",
                                                             "recruiting.Referee.home_address"]


def test_command_reports_categories_roles_counts_and_one_persons_log(ehr, users):
    audit.record(action="view", obj=ehr["candidate"], fields=["phone"], actor=users["hr"], note="detail page")
    out = io.StringIO()
    call_command("privacy_report", "--json", "--candidate", str(ehr["candidate"].pk), stdout=out)
    data = json.loads(out.getvalue())
    contact = next(c for c in data["categories"] if c["key"] == "contact")
    phone = next(f for f in contact["fields"] if f["field"] == "recruiting.Candidate.phone")
    assert phone["encrypted"] is True and phone["rows"] == 2  # the two candidates of the ehr fixture
    assert Role.HR.value in contact["roles"] and Role.INTERVIEWER.value not in contact["roles"]
    assert data["unaccepted_fields"] == []
    assert {name for name, _ in data["legal_holds"]} >= {"recruiting.open_application", "recruiting.hired"}
    assert [(e["actor"], e["fields"]) for e in data["access_log"]] == [("hr_zhang", ["phone"])]


def test_admin_page_shows_the_report_and_the_access_log(client, ehr, users):
    audit.record(action="view", obj=ehr["candidate"], fields=["email"], actor=users["hr"])
    client.force_login(users["admin"])
    page = client.get(reverse("privacy_report"), {"candidate": ehr["candidate"].pk}).content.decode()
    assert 'data-check="pass"' in page and "recruiting.Candidate.phone" in page
    assert page.count("data-log-row") == 1
    client.force_login(users["hr"])
    assert client.get(reverse("privacy_report")).status_code == 403


@pytest.mark.parametrize("name", ["contact_phone", "id_number", "bank", "wechat_id", "home_address"])
def test_names_that_look_personal(name):
    assert report.looks_personal(name)


@pytest.mark.parametrize("name", ["phones_count", "filename", "named_entity", "stage"])
def test_names_that_do_not(name):
    assert not report.looks_personal(name)
