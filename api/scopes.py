"""The API's permission check: the endpoint's scope must be on the token AND allowed for the token user's
roles by the one policy (hrportal.policy.API_SCOPE_POLICY). Object scoping and masking come afterwards from
the same access helpers the pages use."""

from __future__ import annotations

from rest_framework import permissions

from api.models import ApiToken
from hrportal import policy

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def required_scope(request, view) -> str | None:
    """``view.read_scope`` for reads, ``view.write_scope`` for writes (None: the method is not offered)."""
    if request.method in READ_METHODS:
        return getattr(view, "read_scope", None)
    return getattr(view, "write_scope", None)


class TokenScopePermission(permissions.BasePermission):
    """No token → 401 (DRF answers NotAuthenticated because the bearer authenticator offers a challenge);
    a scope the token lacks, or one its user's roles do not allow → 403."""

    message = "this token may not use this endpoint"

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        scope = required_scope(request, view)
        if scope is None:
            self.message = "no scope grants this method on this endpoint"
            return False
        if scope not in token.scopes:
            self.message = f"the token lacks the scope {scope}"
            return False
        if not policy.can_use_scope(request.user, scope):
            self.message = f"the token's user has no role that allows {scope}"
            return False
        return True
