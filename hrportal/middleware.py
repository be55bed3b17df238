"""Applies hrportal.policy to every routed request before the view runs."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied

from hrportal import policy
from hrportal.login_providers import login_redirect

log = logging.getLogger(__name__)


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name if request.resolver_match else None
        rule = policy.rule_for(view_name)
        if rule is None:
            log.error("URL %s (%s) has no access-policy entry; refusing", request.path, view_name)
            raise PermissionDenied("no access policy for this URL")
        if rule in (policy.PUBLIC, policy.API_TOKEN):
            return None  # API_TOKEN: the REST API authenticates the bearer token itself (401 JSON, api/auth.py)
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not policy.can_reach(request.user, view_name):
            raise PermissionDenied("your role does not reach this page")
        return None
