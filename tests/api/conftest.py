"""API fixtures: a bearer token per role with every scope, and a client helper that sends it."""

from __future__ import annotations

import pytest

from api import tokens
from hrportal import policy

ALL_SCOPES = sorted(policy.API_SCOPE_POLICY)


@pytest.fixture
def role_tokens(users):
    """{role: secret} — each role's token holds every scope; the role decides what it may use."""
    return {role: tokens.create_token(user=user, scopes=ALL_SCOPES)[1] for role, user in users.items()}


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api_get(client):
    def get(url, secret=None, **extra):
        headers = bearer(secret) if secret else {}
        return client.get(url, **headers, **extra)

    return get
