"""manage.py purge_expired_candidates [--dry-run] [--json] — the retention purge (hrportal/privacy/purge.py).

Purges every candidate whose ``retention_until`` has passed and who has no legal hold (open application,
employee record, offer…). Continues an unfinished run first. ``--json`` prints exactly
``{"purged": N, "files_removed": N, "skipped": N, "dry_run": false}``; exit code 0 on success.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from hrportal.privacy import purge


class Command(BaseCommand):
    help = "Purge (anonymise) candidates past their retention date without a legal hold."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would be purged; change nothing")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the counts as one JSON object")

    def handle(self, *args, dry_run: bool, as_json: bool, **options):
        counts = purge.purge_expired(dry_run=dry_run).counts(dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps(counts))
        else:
            verb = "would purge" if dry_run else "purged"
            self.stdout.write(f"{verb} {counts['purged']} candidate(s), files removed {counts['files_removed']}, "
                              f"skipped (legal hold) {counts['skipped']}")
