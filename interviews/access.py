"""Object-level access to interview objects: load for a user or raise 404/403.

Questions, plans and rounds belong to a position, so their scope is the position's scope
(recruiting.access); the URL-level rule comes from hrportal.policy.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from hrportal import policy
from hrportal.roles import Role, roles_of
from interviews.models import Interview, InterviewAssignment, InterviewRound, Question
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


def get_interview_for_interviewer(user, pk):
    """An interview for its room and scorecard: 404 when missing, 403 unless the user is one of its assigned
    interviewers — whatever their role (HR who is not on the panel is refused too). The candidate's resume
    text, ID number and salary expectation are not even loaded: the room never shows them."""
    interview = get_object_or_404(
        Interview.objects.select_related(
            "round", "round__plan", "application", "application__candidate", "application__position",
        ).defer(
            "application__candidate__resume_text", "application__candidate__id_number",
            "application__candidate__expected_salary",
        ),
        pk=pk,
    )
    if user is None or not user.is_authenticated or not InterviewAssignment.objects.filter(
        interview=interview, interviewer=user
    ).exists():
        raise PermissionDenied("only the interview's assigned interviewers open its room")
    return interview


# --- interviews (the schedule) ------------------------------------------------------------------------


def interviews_visible_to(user) -> QuerySet[Interview]:
    """The interviews a user may see: HR/admin all; a hiring manager those of positions in their scope
    (recruiting.access) plus any they are assigned to; anyone else (an interviewer) only the interviews
    they are assigned to. Finance and anonymous users see none."""
    if policy.can(user, "see_all_interviews"):
        return Interview.objects.all()
    if not (user and user.is_authenticated):
        return Interview.objects.none()
    assigned = Exists(InterviewAssignment.objects.filter(interview=OuterRef("pk"), interviewer=user))
    scope = Q(assigned)
    if Role.MANAGER in roles_of(user):
        scope |= Q(application__position__in=recruiting_access.positions_for(user).values("pk"))
    return Interview.objects.filter(scope)


def get_interview_for_user(user, pk) -> Interview:
    """An interview the user may see (404 when it does not exist, 403 when it is outside their scope)."""
    interview = (
        interviews_visible_to(user)
        .select_related("application__candidate", "application__position__department", "round__plan", "organizer")
        .filter(pk=pk)
        .first()
    )
    if interview is not None:
        return interview
    get_object_or_404(Interview, pk=pk)
    raise PermissionDenied("this interview is outside your scope")
