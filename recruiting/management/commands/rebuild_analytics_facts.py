"""Recompute the stage history's kept facts (``ApplicationStageChange.entered_at``) from the history itself — after
writing the tables by hand or restoring an old dump; normal moves and imports keep them up to date."""

from django.core.management.base import BaseCommand
from django.db import transaction

from recruiting import stage_facts


class Command(BaseCommand):
    help = "Recompute ApplicationStageChange.entered_at for every stage change (analytics: time in stage)."

    def handle(self, *args, **options):
        with transaction.atomic():
            n = stage_facts.rebuild()
        self.stdout.write(f"{n} stage changes")
