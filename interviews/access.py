"""Object-level access to interview objects: load for a user or raise 404/403.

Questions, plans and rounds belong to a position, so their scope is the position's scope
(recruiting.access); the URL-level rule comes from hrportal.policy.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from interviews.models import InterviewRound, Question
from recruiting import access as recruiting_access


def get_question_for_user(user, pk) -> Question:
    """A question, through the position it belongs to (404 when missing, 403 outside the user's scope)."""
    question = get_object_or_404(Question.objects.select_related("competency"), pk=pk)
    question.position = recruiting_access.get_position_for_user(user, question.position_id)
    return question


def get_round_for_user(user, pk) -> InterviewRound:
    interview_round = get_object_or_404(InterviewRound.objects.select_related("plan"), pk=pk)
    interview_round.plan.position = recruiting_access.get_position_for_user(user, interview_round.plan.position_id)
    return interview_round
