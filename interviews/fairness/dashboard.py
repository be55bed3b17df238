"""The bias audit's dashboard alert (registered in hrportal.dashboard; imported by InterviewsConfig.ready):
shown to those who may open the audit (HR, admin) when the latest stored audit has an impact ratio below 0.8.
One query."""

from __future__ import annotations

from hrportal import policy
from hrportal.dashboard import register_panel
from interviews.fairness import labels
from interviews.fairness.services import latest_audit


@register_panel(key="interviews.bias_audit_alert", template="interviews/panel_bias_alert.html", order=6)
def bias_alert_panel(request):
    if not policy.can(request.user, "view_bias_audit"):
        return None
    row = latest_audit()
    if row is None or not row.flags:
        return None
    flagged = [
        {"measure": labels.measure_label(t["measure"]), "attribute": labels.attribute_label(t["attribute"]),
         "category": labels.category_label(t["attribute"], c["category"]), "ratio": c["impact_ratio"],
         "n": c["n"], "small": c["small"]}
        for t in row.result.get("tables", []) for c in t["categories"] if c["flagged"]
    ]
    return {"audit": row, "flagged": flagged[:5], "count": row.flags}
