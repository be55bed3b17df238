"""manage.py privacy_report [--candidate ID] [--json] — the auditor's view (hrportal/privacy/report.py).

Prints, per data category, where it is stored (model.field, encrypted or not), who may see it (roles from the
permission policy), the retention rule and how many rows hold it; what each app erases at the purge and the
legal holds; the last purge run and the rights requests by status; with ``--candidate`` that person's access
log. Exits 1 when a field that looks personal is neither encrypted nor an accepted exception, else 0.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from hrportal.privacy import report


class Command(BaseCommand):
    help = "Privacy report for auditors; exits 1 when a personal-looking field is stored in clear without reason."

    def add_arguments(self, parser):
        parser.add_argument("--candidate", type=int, help="also print this candidate's access log")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, candidate: int | None, as_json: bool, **options):
        cats = report.categories()
        summary = report.summary()
        log = report.access_log("recruiting.Candidate", str(candidate)) if candidate else []
        if as_json:
            self.stdout.write(json.dumps({
                "categories": [{"key": c.category.key, "label": c.category.label, "roles": c.roles,
                                "retention": c.category.retention, "note": c.category.note,
                                "fields": [{"field": f.label, "encrypted": f.encrypted, "rows": f.rows,
                                            "clear_because": f.reason} for f in c.fields]}
                               for c in cats],
                **summary,
                "access_log": [{"at": e.at.isoformat(), "actor": e.actor_label, "action": e.action,
                                "fields": e.fields, "note": e.note} for e in log],
            }, ensure_ascii=False, indent=2))
        else:
            for c in cats:
                self.stdout.write(f"## {c.category.label} ({c.category.key})")
                self.stdout.write(f"   who may see it: {', '.join(c.roles)}")
                self.stdout.write(f"   retention: {c.category.retention}")
                if c.category.note:
                    self.stdout.write(f"   note: {c.category.note}")
                for f in c.fields:
                    self.stdout.write(f"   {f.label:<45} {'encrypted' if f.encrypted else 'clear':<9} rows={f.rows}")
            self.stdout.write("## erased at the purge: " + "; ".join(f"{n} ({c})" for n, c in summary["holders"]))
            self.stdout.write("## legal holds: " + "; ".join(f"{n} ({label})" for n, label in summary["legal_holds"]))
            self.stdout.write(f"## last purge: {summary['last_purge']}")
            self.stdout.write(f"## rights requests: {summary['rights_requests']}")
            if candidate:
                self.stdout.write(f"## access log of candidate {candidate}")
                for e in log:
                    self.stdout.write(f"   {e.at:%Y-%m-%d %H:%M:%S} {e.actor_label} {e.action} {','.join(e.fields)} {e.note}")
        failing = summary["unaccepted_fields"]
        if failing:
            self.stderr.write("personal-looking fields neither encrypted nor accepted: " + ", ".join(failing))
            raise SystemExit(1)
