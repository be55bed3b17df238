"""Queue every day-before reminder that should exist and hand the due ones to the send job (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wecom.reminders import services as reminders


class Command(BaseCommand):
    help = (
        "Reminder sweep: plans the missing day-before reminders of interviews starting within three days and "
        "sends the due ones. Safe to run as often as you like (compose's sweeper runs it every 5 minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", default="",
            help="pretend it is this moment (ISO 8601, e.g. 2025-03-02T10:00+08:00) — for demos and tests",
        )

    def handle(self, *args, now: str, **options):
        moment = None
        if now:
            try:
                moment = dt.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now must be an ISO 8601 date-time, got {now!r}") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        result = reminders.sweep_reminders(now=moment)
        self.stdout.write(f"planned={result.planned} released={result.released}")
