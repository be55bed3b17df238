"""WSGI entry point (gunicorn hrportal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrportal.settings")
application = get_wsgi_application()
