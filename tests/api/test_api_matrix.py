"""Endpoint × role-token matrix (the API twin of tests/hrportal/test_role_matrix.py): every role's token holds
every scope, so what it may do is decided by its role alone through hrportal.policy.API_SCOPE_POLICY —
allowed → 200, not allowed → 403, no token → 401 with a Bearer challenge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal import policy
from tests.api.conftest import bearer

ROLES = ["hr", "manager", "interviewer", "finance", "admin"]

# (url name, kwargs from ehr, scope of a GET)
ENDPOINTS = [
    ("api:department-list", None, "read:departments"),
    ("api:department-detail", lambda e: {"pk": e["sales"].pk}, "read:departments"),
    ("api:position-list", None, "read:positions"),
    ("api:position-detail", lambda e: {"pk": e["position"].pk}, "read:positions"),
    ("api:employee-list", None, "read:employees"),
    ("api:employee-detail", lambda e: {"employee_no": "E0001"}, "read:employees"),
    ("api:performance_review-list", None, "read:employees"),
    ("api:candidate-list", None, "read:candidates"),
    ("api:candidate-detail", lambda e: {"pk": e["candidate"].pk}, "read:candidates"),
    ("api:application-list", None, "read:applications"),
    ("api:application-detail", lambda e: {"pk": e["application"].pk}, "read:applications"),
    ("api:screening_result-list", None, "read:screening"),
    ("api:interview-list", None, "read:interviews"),
    ("api:scorecard-list", None, "read:scorecards"),
    ("api:offer-list", None, "read:offers"),
    ("api:onboarding-list", None, "read:onboarding"),
    ("api:payroll_run-list", None, "read:payroll"),
    ("api:interview_costs", None, "read:interview_costs"),
]


def test_every_api_url_is_in_the_matrix():
    from django.urls import get_resolver

    from tests.hrportal.test_role_matrix import walk

    names = {name for name, p in walk(get_resolver().url_patterns) if name.startswith("api:") and p.name}
    covered = {name for name, _k, _s in ENDPOINTS} | {"api:schema", "api:docs"}
    # detail routes of resources whose list is covered and that need rows the ehr fixture lacks
    left = {"api:screening_result-detail", "api:interview-detail", "api:scorecard-detail", "api:offer-detail",
            "api:onboarding-detail", "api:payroll_run-detail", "api:performance_review-detail"}
    assert names - covered - left == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_token_matrix(role, client, users, ehr, role_tokens):
    failures = []
    for name, kwargs_for, scope in ENDPOINTS:
        url = reverse(name, kwargs=kwargs_for(ehr) if kwargs_for else None)
        allowed = policy.can_use_scope(users[role], scope)
        status = client.get(url, **bearer(role_tokens[role])).status_code
        if allowed and status != 200:
            failures.append(f"{name}: {role} is allowed {scope} but got {status}")
        if not allowed and status != 403:
            failures.append(f"{name}: {role} is not allowed {scope} but got {status}")
    assert failures == []


@pytest.mark.django_db
def test_no_token_is_401_with_a_bearer_challenge_even_with_a_session(client, users, ehr):
    client.force_login(users["admin"])  # a browser session is no credential for the API
    for name, kwargs_for, _scope in ENDPOINTS:
        response = client.get(reverse(name, kwargs=kwargs_for(ehr) if kwargs_for else None))
        assert response.status_code == 401, name
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_scope_missing_from_the_token_is_403_even_for_hr(client, users, ehr):
    from api.tokens import create_token

    _token, secret = create_token(user=users["hr"], scopes=["read:positions"])
    assert client.get("/api/v1/positions/", **bearer(secret)).status_code == 200
    response = client.get("/api/v1/candidates/", **bearer(secret))
    assert response.status_code == 403
    assert "read:candidates" in response.json()["detail"]


@pytest.mark.django_db
def test_interviewer_token_cannot_list_candidates_even_with_the_scope(client, users, ehr):
    from api.tokens import create_token

    _token, secret = create_token(user=users["interviewer"], scopes=["read:candidates"])
    assert client.get("/api/v1/candidates/", **bearer(secret)).status_code == 403


@pytest.mark.django_db
def test_interview_costs_take_a_period_and_refuse_a_bad_date(client, ehr, role_tokens):
    ok = client.get("/api/v1/interview-costs/?date_from=2026-01-01&date_to=2026-12-31", **bearer(role_tokens["finance"]))
    assert ok.status_code == 200 and ok.json()["total"] == "0.00"
    assert client.get("/api/v1/interview-costs/?date_from=soon", **bearer(role_tokens["finance"])).status_code == 400
