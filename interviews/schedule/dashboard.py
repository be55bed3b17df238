"""The interviewer's to-do on the dashboard (issue 20): their upcoming interviews and the scorecards they still
owe. Registered in hrportal.dashboard (imported by InterviewsConfig.ready); shown to anyone with a seat on a
panel — interviewers, and HR or managers who interview too — and left out when there is nothing to do.
Two queries, whatever the number of interviews.
"""

from __future__ import annotations

from django.utils import timezone

from hrportal.dashboard import register_panel
from interviews.decision.selectors import pending_assignments
from interviews.models import OPEN_INTERVIEW_STATUSES, Interview, InterviewAssignment

SHOWN = 8  # rows per list; the schedule page ("我的面试") has the rest


def upcoming_assigned(user, *, now=None):
    """The open interviews ``user`` sits on that have not ended yet, soonest first."""
    now = now or timezone.now()
    return (
        Interview.objects.filter(assignments__interviewer=user, status__in=OPEN_INTERVIEW_STATUSES, ends_at__gt=now)
        .select_related("application__candidate", "application__position", "round")
        .order_by("starts_at", "id")
    )


def scorecards_owed(user, *, now=None):
    """The user's seats on interviews that have started (and count) without their submitted scorecard."""
    now = now or timezone.now()
    return (
        pending_assignments(user).filter(interview__starts_at__lte=now)
        .select_related("interview__application__candidate", "interview__application__position", "interview__round")
        .order_by("interview__starts_at", "id")
    )


@register_panel(key="interviews.my_todo", template="interviews/panel_my_todo.html", order=1)
def my_todo_panel(request):
    user = request.user
    if not InterviewAssignment.objects.filter(interviewer=user).exists():
        return None
    now = timezone.now()
    upcoming = list(upcoming_assigned(user, now=now)[: SHOWN + 1])
    owed = list(scorecards_owed(user, now=now)[: SHOWN + 1])
    if not upcoming and not owed:
        return None
    return {
        "upcoming": upcoming[:SHOWN], "more_upcoming": len(upcoming) > SHOWN,
        "owed": owed[:SHOWN], "more_owed": len(owed) > SHOWN,
        "count": len(upcoming[:SHOWN]) + len(owed[:SHOWN]),
    }
