"""Creating, finding and revoking API tokens. The secret leaves this module once, at creation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from hrportal import audit, policy

TOKEN_PREFIX = "hrp_"  # noqa: S105 - a public marker, not a secret


class UnknownScope(ValueError):
    """A scope that hrportal.policy.API_SCOPE_POLICY does not define."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_scopes(scopes) -> list[str]:
    """The scopes, de-duplicated and sorted; raises UnknownScope naming the first one the policy lacks."""
    cleaned = sorted({s.strip() for s in scopes if s and s.strip()})
    for scope in cleaned:
        if scope not in policy.API_SCOPE_POLICY:
            raise UnknownScope(scope)
    if not cleaned:
        raise UnknownScope("")
    return cleaned


@transaction.atomic
def create_token(*, user, scopes, name: str = "", expires_days: int | None = None, by=None,
                 request=None) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret (returned once, never stored: only its SHA-256 is).
    Scopes are checked against the policy; the creation is audited."""
    scopes = check_scopes(scopes)
    days = settings.API_TOKEN_DEFAULT_DAYS if expires_days is None else expires_days
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[: len(TOKEN_PREFIX) + 8], secret_hash=hash_secret(secret),
        scopes=scopes, expires_at=timezone.now() + timedelta(days=days), created_by=by,
    )
    audit.record(action="create", obj=token, fields=["scopes"], actor=by, request=request,
                 note=f"api token for {user.get_username()}: {','.join(scopes)}")
    return token, secret


def find_active(secret: str) -> ApiToken | None:
    """The unrevoked, unexpired token with this secret (and its user), or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(secret_hash=hash_secret(secret)).first()
    if token is None or not token.is_active() or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    """Record use, at most once a minute (a busy integration must not write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def revoke_token(*, token: ApiToken, by, request=None) -> ApiToken:
    """Revoke now (idempotent: an already revoked token keeps its first date); audited."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit.record(action="change", obj=locked, fields=["revoked_at"], actor=by, request=request,
                     note="api token revoked")
    return locked
