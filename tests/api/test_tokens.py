"""Tokens: stored hashed, expiring, revocable (401 afterwards), the CLI's exact contract, the admin page,
and the per-token rate limit (429 with Retry-After)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from hrportal.models import AuditLog
from tests.api.conftest import bearer

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_only_the_hash_is_stored(users):
    token, secret = tokens.create_token(user=users["hr"], scopes=["read:positions"])
    row = ApiToken.objects.get(pk=token.pk)
    assert secret not in json.dumps([getattr(row, f.attname) for f in ApiToken._meta.concrete_fields], default=str)
    assert row.secret_hash == tokens.hash_secret(secret)
    assert secret.startswith(row.prefix)
    assert row.expires_at - timezone.now() > dt.timedelta(days=89)


@pytest.mark.django_db
def test_revoked_expired_and_unknown_tokens_are_401(client, users, ehr):
    token, secret = tokens.create_token(user=users["hr"], scopes=["read:positions"])
    assert client.get("/api/v1/positions/", **bearer(secret)).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None

    tokens.revoke_token(token=token, by=users["admin"])
    response = client.get("/api/v1/positions/", **bearer(secret))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")

    old, old_secret = tokens.create_token(user=users["hr"], scopes=["read:positions"])
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/positions/", **bearer(old_secret)).status_code == 401
    assert client.get("/api/v1/positions/", **bearer("hrp_not-a-token")).status_code == 401


@pytest.mark.django_db
def test_cli_prints_exactly_one_json_object(users, capsys):
    call_command("create_api_token", "hr_zhang", "--scopes", "read:positions,read:candidates", "--json",
                 "--expires-days", "7", "--name", "EHR")
    out = capsys.readouterr().out
    data = json.loads(out)
    assert list(data) == ["token"]
    token = ApiToken.objects.get(secret_hash=tokens.hash_secret(data["token"]))
    assert token.scopes == ["read:candidates", "read:positions"] and token.name == "EHR"
    assert dt.timedelta(days=6) < token.expires_at - timezone.now() <= dt.timedelta(days=7)


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["nobody", "--scopes", "read:positions"], "unknown user"),
    (["hr_zhang", "--scopes", "read:positions,read:everything"], "unknown scope 'read:everything'"),
])
def test_cli_refuses_unknown_user_or_scope_with_status_2(users, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("create_api_token", *args, "--json")
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert not ApiToken.objects.exists()


def test_cli_exit_status_and_stderr_in_a_real_process(tmp_path):
    """The process contract: one line on stderr, nothing on stdout, exit status 2 (scopes are checked before
    the database is touched, so an empty database will do)."""
    env = {"PATH": "/usr/bin:/bin", "HRPORTAL_SKIP_DOTENV": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = subprocess.run([sys.executable, "manage.py", "create_api_token", "hr_zhang", "--scopes", "read:nothing",
                             "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "unknown scope 'read:nothing'" in result.stderr


@pytest.mark.django_db
def test_rate_limit_per_token_answers_429_with_retry_after(client, users, ehr, settings):
    settings.API_RATE_LIMIT = "3/min"
    cache.clear()
    _t1, first = tokens.create_token(user=users["hr"], scopes=["read:positions"])
    _t2, second = tokens.create_token(user=users["hr"], scopes=["read:positions"])
    statuses = [client.get("/api/v1/positions/", **bearer(first)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/positions/", **bearer(first))
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert client.get("/api/v1/positions/", **bearer(second)).status_code == 200  # keyed by token, not by user
    cache.clear()


@pytest.mark.django_db
def test_admin_page_creates_shows_once_and_revokes(client, users):
    client.force_login(users["admin"])
    response = client.post("/integrations/tokens/", {"user": users["hr"].pk, "name": "ATS", "scopes": ["read:positions"],
                                                     "expires_days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="ATS")
    secret = response.context["new_secret"]
    assert token.secret_hash == tokens.hash_secret(secret)
    assert secret.encode() in response.content
    listing = client.get("/integrations/tokens/")
    assert secret.encode() not in listing.content and token.prefix.encode() in listing.content

    assert client.post(f"/integrations/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(object_type="api.ApiToken", object_id=str(token.pk), action="change").exists()


@pytest.mark.django_db
def test_token_page_is_admin_only(client, users):
    client.force_login(users["hr"])
    assert client.get("/integrations/tokens/").status_code == 403
