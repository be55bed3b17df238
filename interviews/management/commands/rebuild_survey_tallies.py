"""manage.py rebuild_survey_tallies [--check] — recount the survey report's answer tallies from the answers.

Without options: replaces every tally by a recount (interviews/surveys/tallies.py) and prints the number of
cells. ``--check`` changes nothing: it compares the stored tallies with a recount and exits 1 when they differ.
When answers are deleted by a cascade or stored behind the tallies' back, a rebuild is queued on RQ by itself
(interviews/surveys/jobs.py); this command rebuilds now, in the foreground, whatever the mark says.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from interviews.surveys import tallies


class Command(BaseCommand):
    help = "Recount the survey report's answer tallies (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a recount, change nothing")

    def handle(self, *args, check=False, **options):
        if check:
            stored, recounted = tallies.stored(), tallies.recount()
            if stored != recounted:
                raise CommandError(f"survey tallies differ from a recount in {len(set(stored.items()) ^ set(recounted.items()))} cells")
            self.stdout.write(f"survey tallies match a recount ({len(stored)} cells)")
            return
        self.stdout.write(f"survey tallies rebuilt: {tallies.rebuild()} cells")
