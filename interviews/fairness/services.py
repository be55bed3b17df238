"""Stored bias audits and their CSV. ``run_audit`` computes (interviews.fairness.audit) and stores a
``BiasAudit``; the page shows the latest, the dashboard alerts on its flags, the nightly job refreshes it."""

from __future__ import annotations

import logging

from hrportal import audit as audit_log
from interviews.fairness import audit
from interviews.models import BiasAudit

log = logging.getLogger(__name__)

CSV_HEADER = ["measure", "kind", "attribute", "category", "n", "selected", "rate", "impact_ratio", "flag_below_0.8",
              "excluded_under_2pct", "small_sample", "unknown_excluded", "median"]


def run_audit(*, by=None, request=None) -> BiasAudit:
    result = audit.compute()
    row = BiasAudit.objects.create(computed_by=by, result=result.to_dict(), flags=len(result.flags),
                                   seconds=result.seconds)
    if by is not None:
        audit_log.record(action="view", obj=row, fields=["bias_audit"], actor=by, request=request, note="bias audit run")
    log.info("bias audit: %s applications, %s consented, %s flags, %.2f s", result.applications, result.consented,
             row.flags, result.seconds)
    return row


def latest_audit() -> BiasAudit | None:
    return BiasAudit.objects.order_by("-computed_at", "-id").first()


def csv_rows(row: BiasAudit) -> list[list]:
    """The audit as rows under CSV_HEADER (included and excluded categories, one line each)."""
    lines = []
    for table in (row.result or {}).get("tables", []):
        for category in table["categories"] + table["excluded"]:
            lines.append([
                table["measure"], table["kind"], table["attribute"], category["category"], category["n"],
                category["selected"], category["rate"], category["impact_ratio"], "yes" if category["flagged"] else "",
                "yes" if category["excluded"] else "", "yes" if category["small"] else "", table["unknown"],
                table["median"],
            ])
    return lines
