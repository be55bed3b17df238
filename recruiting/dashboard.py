"""The recruiting panels of the dashboard (registered in hrportal.dashboard; imported by RecruitingConfig.ready).

Each builder returns None for roles that should not see the panel: interviewers see none of these,
finance sees open positions with headcount only.
"""

from __future__ import annotations

from hrportal import policy
from hrportal.dashboard import register_panel
from recruiting import access, selectors


def _works_with_candidates(user) -> bool:
    return policy.can_reach(user, "recruiting:candidate_list")


@register_panel(key="recruiting.open_positions", template="recruiting/panel_open_positions.html", order=10)
def open_positions_panel(request):
    user = request.user
    if not policy.can_reach(user, "recruiting:position_list"):
        return None
    with_applicants = _works_with_candidates(user)
    positions, total = selectors.open_positions(user, with_applicants=with_applicants)
    return {"positions": positions, "total": total, "with_applicants": with_applicants}


@register_panel(key="recruiting.stage_counts", template="recruiting/panel_stage_counts.html", order=20)
def stage_counts_panel(request):
    user = request.user
    if not _works_with_candidates(user):
        return None
    counts = selectors.stage_counts(access.applications_for(user))
    # live applications only; the history import's rows are one figure of their own (issue 20 item 1)
    return {"stages": counts, "total": sum(row["count"] for row in counts), "max": max(row["count"] for row in counts),
            "historical": sum(row["historical"] for row in counts)}


@register_panel(key="recruiting.recent_activity", template="recruiting/panel_recent_activity.html", order=30)
def recent_activity_panel(request):
    user = request.user
    if not _works_with_candidates(user):
        return None
    return {"changes": selectors.recent_stage_changes(user)}
