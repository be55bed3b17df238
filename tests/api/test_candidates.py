"""Candidates and applications through the API: the pages' scoping and masking, audit of every read,
creation through the intake service with idempotency keys, id-cursor pages and ?updated_since=."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api.models import IdempotencyRecord
from hrportal.models import AuditLog
from recruiting.models import Application, Candidate
from tests.api.conftest import bearer

RESUME = "李四\n电话 13655556666\n邮箱 lisi@example.com\n本科 2012.09-2016.06 浙江大学\n销售 沟通 业绩"


@pytest.mark.django_db
def test_manager_token_sees_only_its_department_with_masked_contact(client, ehr, role_tokens):
    response = client.get("/api/v1/candidates/", **bearer(role_tokens["manager"]))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [ehr["candidate"].pk]  # not the R&D candidate
    assert rows[0]["phone"] == "139****5678"
    assert rows[0]["email"] == "x***@example.com"
    assert rows[0]["expected_salary"] == "****"
    assert client.get(f"/api/v1/candidates/{ehr['rd_candidate'].pk}/", **bearer(role_tokens["manager"])).status_code == 403
    assert client.get("/api/v1/candidates/999999/", **bearer(role_tokens["manager"])).status_code == 404
    applications = client.get("/api/v1/applications/", **bearer(role_tokens["manager"])).json()["results"]
    assert [(a["id"], a["position"], a["candidate_name"]) for a in applications] == [
        (ehr["application"].pk, "SM-01", "王小明")]


@pytest.mark.django_db
def test_hr_token_sees_contact_in_clear(client, ehr, role_tokens):
    row = client.get(f"/api/v1/candidates/{ehr['candidate'].pk}/", **bearer(role_tokens["hr"])).json()
    assert row["phone"] == "13912345678" and row["email"] == "xiaoming@example.com"


@pytest.mark.django_db
def test_every_candidate_read_is_audited(client, users, ehr, role_tokens):
    AuditLog.objects.all().delete()
    client.get("/api/v1/candidates/", **bearer(role_tokens["hr"]))
    listed = AuditLog.objects.get(action=AuditLog.Action.VIEW, object_type="recruiting.Candidate")
    assert listed.actor == users["hr"] and {"phone", "email"} <= set(listed.fields)
    assert str(ehr["candidate"].pk) in listed.note
    client.get(f"/api/v1/candidates/{ehr['candidate'].pk}/", **bearer(role_tokens["manager"]))
    seen = AuditLog.objects.filter(actor=users["manager"], object_id=str(ehr["candidate"].pk)).get()
    assert seen.action == "view" and "phone" not in seen.fields  # the manager saw it masked


@pytest.mark.django_db
def test_create_with_resume_text_and_idempotent_replay(client, ehr, role_tokens, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    headers = {**bearer(role_tokens["hr"]), "HTTP_IDEMPOTENCY_KEY": "ehr-42"}
    body = {"resume_text": RESUME, "position": "SM-01", "consented": True}
    first = client.post("/api/v1/candidates/", body, content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    item = first.json()["items"][0]
    assert item["outcome"] == "created"
    assert Application.objects.get(pk=item["application"]).source == Application.Source.API

    again = client.post("/api/v1/candidates/", body, content_type="application/json", **headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Candidate.objects.filter(name="李四").count() == 1

    changed = client.post("/api/v1/candidates/", {**body, "resume_text": RESUME + "\nPython"},
                          content_type="application/json", **headers)
    assert changed.status_code == 409
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
def test_idempotency_keys_expire_after_24_hours(client, ehr, role_tokens, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    headers = {**bearer(role_tokens["hr"]), "HTTP_IDEMPOTENCY_KEY": "k1"}
    client.post("/api/v1/candidates/", {"resume_text": RESUME}, content_type="application/json", **headers)
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    other = client.post("/api/v1/candidates/", {"resume_text": RESUME + "\n广州"}, content_type="application/json",
                        **headers)
    assert other.status_code == 201  # the old key was forgotten, not a conflict


@pytest.mark.django_db
def test_create_with_an_uploaded_file(client, ehr, role_tokens, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("lisi.txt", RESUME.encode("utf-8"), content_type="text/plain")
    response = client.post("/api/v1/candidates/", {"file": upload, "position": "SM-01"}, **bearer(role_tokens["hr"]))
    assert response.status_code == 201, response.content
    assert response.json()["items"][0]["outcome"] == "created"


@pytest.mark.django_db
def test_manager_cannot_create_candidates(client, ehr, role_tokens):
    response = client.post("/api/v1/candidates/", {"resume_text": RESUME}, content_type="application/json",
                           **bearer(role_tokens["manager"]))
    assert response.status_code == 403


def _make_applications(ehr, n, start=0):
    candidates = Candidate.objects.bulk_create(
        [Candidate(name=f"候选人{start + i}", phone=f"1390000{start + i:04d}") for i in range(n)])
    return Application.objects.bulk_create(
        [Application(candidate=c, position=ehr["position"]) for c in candidates])


def _cursor(url: str | None) -> str | None:
    return parse_qs(urlparse(url).query)["cursor"][0] if url else None


@pytest.mark.django_db
def test_cursor_pages_are_stable_under_inserts_between_pages(client, ehr, role_tokens):
    _make_applications(ehr, 25)
    expected = list(Application.objects.order_by("id").values_list("id", flat=True))
    seen, url = [], "/api/v1/applications/?page_size=10"
    inserted = False
    while url:
        page = client.get(url, **bearer(role_tokens["hr"])).json()
        seen += [row["id"] for row in page["results"]]
        if not inserted:
            _make_applications(ehr, 5, start=100)  # rows that arrive while the client is paging
            inserted = True
        url = page["next"]
    assert seen[: len(expected)] == expected  # nothing skipped, nothing repeated, same order
    assert len(seen) == len(set(seen)) == len(expected) + 5


@pytest.mark.django_db
def test_updated_since_filters_and_rejects_garbage(client, ehr, role_tokens, users):
    cutoff = timezone.now()
    Application.objects.filter(pk=ehr["rd_application"].pk).update(updated_at=cutoff - dt.timedelta(days=2))
    Application.objects.filter(pk=ehr["application"].pk).update(updated_at=cutoff - dt.timedelta(days=2))
    ehr["application"].set_stage("screening", by=users["hr"])  # a stage move counts as a change
    since = (cutoff - dt.timedelta(seconds=1)).isoformat()
    rows = client.get("/api/v1/applications/", {"updated_since": since}, **bearer(role_tokens["hr"])).json()["results"]
    assert [r["id"] for r in rows] == [ehr["application"].pk]
    bad = client.get("/api/v1/applications/?updated_since=yesterday", **bearer(role_tokens["hr"]))
    assert bad.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/candidates/", "/api/v1/applications/"])
def test_query_count_is_constant_in_page_size(client, ehr, role_tokens, django_assert_num_queries, url):
    _make_applications(ehr, 60)
    secret = role_tokens["manager"]
    client.get(url + "?page_size=10", **bearer(secret))  # warm the per-process caches (content types, …)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        assert client.get(url + "?page_size=10", **bearer(secret)).status_code == 200
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get(url + "?page_size=50", **bearer(secret))
    assert len(response.json()["results"]) == 50


@pytest.mark.django_db
def test_the_sweep_deletes_idempotency_records_after_24_hours(client, ehr, role_tokens, settings, tmp_path):
    from hrportal.sweeps import registered_sweeps

    settings.MEDIA_ROOT = tmp_path
    client.post("/api/v1/candidates/", {"resume_text": RESUME}, content_type="application/json",
                **{**bearer(role_tokens["hr"]), "HTTP_IDEMPOTENCY_KEY": "old"})
    client.post("/api/v1/candidates/", {"resume_text": RESUME + "\n北京"}, content_type="application/json",
                **{**bearer(role_tokens["hr"]), "HTTP_IDEMPOTENCY_KEY": "new"})
    IdempotencyRecord.objects.filter(key="old").update(created_at=timezone.now() - dt.timedelta(hours=25))
    sweep = dict(registered_sweeps())["api idempotency keys"]
    assert sweep() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
