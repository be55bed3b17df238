"""``manage.py create_api_token USER --scopes read:positions,read:candidates [--json] [--expires-days N]
[--name NAME]``: create a token and print its secret once. With ``--json`` stdout is exactly
``{"token": "..."}``. An unknown user or scope → one line on stderr and exit status 2."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api import tokens

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Create an API token for USER with the given scopes; the secret is printed once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scopes", required=True, help="comma-separated, e.g. read:positions,read:candidates")
        parser.add_argument("--name", default="")
        parser.add_argument("--expires-days", type=int, default=None)
        parser.add_argument("--json", action="store_true", help='print exactly {"token": "..."}')

    def _fail(self, message: str) -> None:
        raise CommandError(message, returncode=USAGE_ERROR)  # one line on stderr, exit status 2

    def handle(self, *args, **options):
        try:
            scopes = tokens.check_scopes(options["scopes"].split(","))
        except tokens.UnknownScope as exc:
            known = ", ".join(sorted(tokens.policy.API_SCOPE_POLICY))
            self._fail(f"unknown scope {str(exc)!r} (known: {known})")
        if options["expires_days"] is not None and options["expires_days"] < 1:
            self._fail("--expires-days must be at least 1")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            self._fail(f"unknown user {options['username']!r}")
        _token, secret = tokens.create_token(user=user, scopes=scopes, name=options["name"],
                                             expires_days=options["expires_days"])
        self.stdout.write(json.dumps({"token": secret}) if options["json"] else secret)
