"""Candidate pages: masking per role, audit of unmasked views, search through the blind index,
filters, scoping, and a query count that does not grow with the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hrportal.models import AuditLog
from recruiting.models import Application, Candidate

pytestmark = pytest.mark.django_db


def test_hr_sees_contact_data_in_clear_and_the_view_is_audited(client, users, ehr):
    candidate = ehr["candidate"]
    candidate.id_number = "110101199003074512"
    candidate.resume_text = "五年 B2B 销售经验"
    candidate.save()
    client.force_login(users["hr"])
    body = client.get(reverse("recruiting:candidate_detail", args=[candidate.pk])).content.decode()
    assert "13912345678" in body and "xiaoming@example.com" in body
    assert "110***********4512" in body and "110101199003074512" not in body  # sensitive: masked by default
    assert "20000" in body and "五年 B2B 销售经验" in body
    entry = AuditLog.objects.get(action="view", object_type="recruiting.Candidate", object_id=str(candidate.pk))
    assert entry.actor == users["hr"]
    assert entry.fields == sorted(["phone", "email", "id_number", "expected_salary", "resume_text"])


def test_manager_sees_masked_data_no_resume_and_nothing_is_audited(client, users, ehr):
    candidate = ehr["candidate"]
    candidate.id_number = "110101199003074512"
    candidate.resume_text = "五年 B2B 销售经验"
    candidate.save()
    client.force_login(users["manager"])
    body = client.get(reverse("recruiting:candidate_detail", args=[candidate.pk])).content.decode()
    assert "139****5678" in body and "x***@example.com" in body and "110***********4512" in body
    assert "13912345678" not in body and "xiaoming@example.com" not in body and "110101199003074512" not in body
    assert "20000" not in body and "****" in body
    assert "五年 B2B 销售经验" not in body
    assert not AuditLog.objects.filter(action="view").exists()


def test_candidate_list_masks_contact_columns_per_role(client, users, ehr):
    client.force_login(users["manager"])
    body = client.get(reverse("recruiting:candidate_list")).content.decode()
    assert "王小明" in body and "139****5678" in body and "13912345678" not in body
    assert "赵研发" not in body  # another department's candidate
    client.force_login(users["hr"])
    body = client.get(reverse("recruiting:candidate_list")).content.decode()
    assert "13912345678" in body and "赵研发" in body


def test_search_by_name_and_by_exact_phone_or_email(client, users, ehr):
    client.force_login(users["hr"])
    url = reverse("recruiting:candidate_list")
    body = client.get(url, {"q": "小明"}).content.decode()
    assert "王小明" in body and "赵研发" not in body
    body = client.get(url, {"q": "139 1234 5678"}).content.decode()
    assert "王小明" in body and "赵研发" not in body
    body = client.get(url, {"q": "RD@Example.com"}).content.decode()
    assert "赵研发" in body and "王小明" not in body
    body = client.get(url, {"q": "1391234"}).content.decode()  # partial numbers do not leak a match
    assert "王小明" not in body


def test_filters_by_position_stage_source_and_city(client, users, ehr):
    client.force_login(users["hr"])
    url = reverse("recruiting:candidate_list")
    body = client.get(url, {"position": ehr["rd_position"].pk}).content.decode()
    assert "赵研发" in body and "王小明" not in body
    ehr["application"].set_stage("screening", by=users["hr"])
    body = client.get(url, {"stage": "screening"}).content.decode()
    assert "王小明" in body and "赵研发" not in body
    Candidate.objects.filter(pk=ehr["rd_candidate"].pk).update(source="campus")
    body = client.get(url, {"source": "campus"}).content.decode()
    assert "赵研发" in body and "王小明" not in body
    body = client.get(url, {"city": "上海"}).content.decode()
    assert "王小明" in body and "赵研发" not in body


def test_manager_position_filter_cannot_reach_other_departments(client, users, ehr):
    client.force_login(users["manager"])
    body = client.get(reverse("recruiting:candidate_list"), {"position": ehr["rd_position"].pk}).content.decode()
    assert "赵研发" not in body


def make_candidates(position, n, prefix):
    for i in range(n):
        c = Candidate.objects.create(name=f"{prefix}{i:03d}", phone=f"1380000{i:04d}", email=f"{prefix}{i}@example.com",
                                     city="北京", expected_salary=Decimal("15000"))
        Application.objects.create(candidate=c, position=position)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("role", ["hr", "manager"])
def test_candidate_list_query_count_does_not_depend_on_rows(client, users, ehr, role, django_assert_max_num_queries):
    client.force_login(users[role])
    url = reverse("recruiting:candidate_list")
    make_candidates(ehr["position"], 3, "甲")  # 5 rows for HR with the fixture's two
    few, response = count_queries(client, url)
    assert len(response.context["rows"]) in (4, 5)
    make_candidates(ehr["position"], 35, "乙")  # 40 rows: more than a page of 25
    many, response = count_queries(client, url)
    assert len(response.context["rows"]) == 25
    assert many == few, f"{few} queries for a few rows, {many} for a full page"
    with django_assert_max_num_queries(few):
        client.get(url, {"page": 2})
