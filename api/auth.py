"""``Authorization: Bearer <token>`` for the REST API. Sessions are never a credential here (no CSRF
exposure: a browser cannot attach the bearer header on its own)."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from api import tokens


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """request.user = the token's user, request.auth = the ApiToken. Unknown, expired or revoked → 401 with
    ``WWW-Authenticate: Bearer``; no header at all → not authenticated (401 from the permission check)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, secret = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        secret = secret.strip()
        token = tokens.find_active(secret) if secret else None
        if token is None:
            raise exceptions.AuthenticationFailed("invalid, expired or revoked token")
        tokens.touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
