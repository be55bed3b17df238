"""Template filters of the interview room that other apps' pages use (the candidate page)."""

from __future__ import annotations

from django import template

from interviews.decision.selectors import pending_assignments

register = template.Library()


@register.filter
def interview_scores_hidden_for(application, user) -> bool:
    """True while ``user`` sits on a panel of this application's interviews without having submitted their own
    scorecard there: until then they must not see the others' scores, not even as the rolled-up mean."""
    if not getattr(user, "is_authenticated", False):
        return True
    return pending_assignments(user).filter(interview__application=application).exists()
