"""Template filters of the interview room that other apps' pages use (the candidate page)."""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef

from interviews.models import InterviewAssignment, Scorecard
from interviews.room_services import UNSCORABLE_STATUSES

register = template.Library()


@register.filter
def interview_scores_hidden_for(application, user) -> bool:
    """True while ``user`` sits on a panel of this application's interviews without having submitted their own
    scorecard there: until then they must not see the others' scores, not even as the rolled-up mean."""
    if not getattr(user, "is_authenticated", False):
        return True
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=user, is_current=True, status=Scorecard.Status.SUBMITTED
    )
    return (
        InterviewAssignment.objects.filter(interview__application=application, interviewer=user)
        .exclude(interview__status__in=UNSCORABLE_STATUSES)
        .exclude(Exists(submitted))
        .exists()
    )
