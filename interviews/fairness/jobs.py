"""RQ entry point of the bias audit: ``nightly_audit`` (queued once a day by ``manage.py run_sweeper`` through
``interviews.learning.jobs.nightly_if_due``) stores a fresh audit, so the dashboard alert stays current."""

from __future__ import annotations

from interviews.fairness import services


def nightly_audit() -> dict:
    row = services.run_audit()
    return {"audit": row.pk, "flags": row.flags}
