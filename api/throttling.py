"""Rate limit per token (settings.API_RATE_LIMIT, e.g. "600/min"): 429 with Retry-After beyond it."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT  # read per request, so a deployment (or a test) can change it

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return f"api-throttle:{token.pk}"
