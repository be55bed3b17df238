"""Production mode: everything in ``hrportal.settings`` plus the hardening `check --deploy` asks for.

Refuses to start without real secrets, so a misconfigured deployment fails loudly instead of running
with development keys.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from hrportal.envvars import NumericEnv
from hrportal.settings import *  # noqa: F403
from hrportal.settings import INSECURE_DEV_SECRET_KEY, SECRET_KEY, env_bool

DEBUG = False

if SECRET_KEY == INSECURE_DEV_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters in production")
for required in ("FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in production")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Health checks of docker compose / load balancers call plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_numbers = NumericEnv()
SECURE_HSTS_SECONDS = _numbers.int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
_numbers.check()
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 3600

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False  # collectstatic output only
