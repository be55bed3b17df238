"""The EHR pushes employees and reviews (upsert by its own numbers) and HR systems write positions."""

from __future__ import annotations

import pytest

from hrportal.models import AuditLog
from recruiting.models import Employee, PerformanceReview, Position
from tests.api.conftest import bearer


@pytest.mark.django_db
def test_employee_put_creates_then_replaces_by_employee_number(client, ehr, role_tokens):
    body = {"name": "周新", "department": "RD", "hire_date": "2026-01-05", "phone": "13511112222"}
    created = client.put("/api/v1/employees/E0100/", body, content_type="application/json",
                         **bearer(role_tokens["hr"]))
    assert created.status_code == 201, created.content
    replaced = client.put("/api/v1/employees/E0100/", {**body, "department": "SALES"}, content_type="application/json",
                          **bearer(role_tokens["hr"]))
    assert replaced.status_code == 200
    employee = Employee.objects.get(employee_no="E0100")
    assert employee.department == ehr["sales"] and employee.phone == "13511112222"
    assert AuditLog.objects.filter(object_type="recruiting.Employee", object_id=str(employee.pk)).count() == 2
    # finance reads employees, contact masked
    row = client.get("/api/v1/employees/E0100/", **bearer(role_tokens["finance"])).json()
    assert row["phone"] == "135****2222"
    assert client.put("/api/v1/employees/E0100/", body, content_type="application/json",
                      **bearer(role_tokens["finance"])).status_code == 403


@pytest.mark.django_db
def test_review_post_upserts_by_employee_and_period(client, ehr, role_tokens):
    body = {"employee_no": "E0001", "period": "2025H2", "rating": "A", "score": "86"}
    first = client.post("/api/v1/performance-reviews/", body, content_type="application/json",
                        **bearer(role_tokens["hr"]))
    assert first.status_code == 201, first.content
    second = client.post("/api/v1/performance-reviews/", {**body, "rating": "S", "score": "96"},
                         content_type="application/json", **bearer(role_tokens["hr"]))
    assert second.status_code == 200
    review = PerformanceReview.objects.get()
    assert (review.rating, str(review.score)) == ("S", "96.00")


@pytest.mark.django_db
def test_positions_write_for_recruiters_only_with_validation(client, ehr, role_tokens):
    body = {"code": "SM-02", "title_zh": "销售代表", "department": "SALES", "salary_min": "9000", "salary_max": "12000"}
    response = client.post("/api/v1/positions/", body, content_type="application/json", **bearer(role_tokens["hr"]))
    assert response.status_code == 201, response.content
    assert response.json()["competency_model"] == []
    assert client.post("/api/v1/positions/", {**body, "code": "SM-03"}, content_type="application/json",
                       **bearer(role_tokens["manager"])).status_code == 403
    bad = client.post("/api/v1/positions/", {**body, "code": "SM-04", "salary_min": "20000"},
                      content_type="application/json", **bearer(role_tokens["hr"]))
    assert bad.status_code == 400
    position = Position.objects.get(code="SM-02")
    patched = client.patch(f"/api/v1/positions/{position.pk}/", {"headcount": 3}, content_type="application/json",
                           **bearer(role_tokens["hr"]))
    assert patched.status_code == 200 and patched.json()["headcount"] == 3


@pytest.mark.django_db
def test_position_shows_its_competency_model(client, ehr, role_tokens):
    row = client.get(f"/api/v1/positions/{ehr['position'].pk}/", **bearer(role_tokens["finance"])).json()
    assert [(c["code"], c["weight"]) for c in row["competency_model"]] == [("COMM", "60.00"), ("DRIVE", "40.00")]
    assert row["competency_model"][0]["must_have_skills"] == ["Python"]
