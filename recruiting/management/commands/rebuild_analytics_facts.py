"""Recompute the kept facts the recruiting analytics read — ``ApplicationStageChange.entered_at`` and the monthly
pipeline slices (``recruiting/analytics_facts/``) — from the applications and their stage history: after writing
the tables by hand or restoring an old dump; normal moves, imports and deletions keep them up to date.

``--check`` recomputes without writing and exits 1 when a slice differs from what is stored (0 when all agree)."""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction

from recruiting import stage_facts
from recruiting.analytics_facts import store


class Command(BaseCommand):
    help = "Recompute ApplicationStageChange.entered_at and the analytics' monthly pipeline slices."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare the stored slices; write nothing")

    def handle(self, *args, **options):
        if options["check"]:
            stale = store.check()
            self.stdout.write(f"{len(stale)} slices differ from the rows")
            for key in stale[:20]:
                self.stdout.write(f"  {key[0]} {key[1]:%Y-%m} position={key[2]} historical={key[3]}")
            if stale:
                sys.exit(1)
            return
        with transaction.atomic():
            n = stage_facts.rebuild()
            slices = store.rebuild()
        self.stdout.write(f"{n} stage changes, {slices} slices")
