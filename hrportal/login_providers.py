"""The one hook where an external single sign-on plugs into the portal's login.

Links sent to interviewers open on their phone inside WeCom; there the portal should identify them through
WeCom's OAuth instead of asking for a password. The core does not know WeCom (DESIGN §3: lower layers never
import upper ones), so an upper app registers a provider here::

    @register_login_provider("wecom")
    def wecom_login(request, next_url):
        return authorize_url(...) if is_wecom_browser(request) else None

When a request needs a login (AccessPolicyMiddleware) or reaches the login page, the first provider that
returns a URL wins; when none does (a desktop browser, no provider configured), the normal username/password
login is used. A provider must never return a URL for a request it cannot complete.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect

log = logging.getLogger(__name__)

LoginProvider = Callable[[object, str], "str | None"]
_PROVIDERS: dict[str, LoginProvider] = {}


def register_login_provider(name: str):
    def decorator(func: LoginProvider) -> LoginProvider:
        _PROVIDERS[name] = func
        return func

    return decorator


def unregister_login_provider(name: str) -> None:
    _PROVIDERS.pop(name, None)


def external_login_url(request, next_url: str) -> str | None:
    for name, provider in list(_PROVIDERS.items()):
        try:
            url = provider(request, next_url)
        except Exception:  # a broken provider must not lock people out: fall back to the password login
            log.exception("login provider %s failed; using the normal login", name)
            continue
        if url:
            return url
    return None


def login_redirect(request, next_url: str | None = None):
    """Where an anonymous request goes: an external provider's login when one claims it, else ours."""
    next_url = next_url or request.get_full_path()
    url = external_login_url(request, next_url)
    if url:
        return HttpResponseRedirect(url)
    return redirect_to_login(next_url)
