"""Object-level access to recruiting objects: load for a user or raise 404/403.

The URL-level rule comes from hrportal.policy; this module narrows it to the objects a user may see:
HR/finance/admin see every department, a hiring manager only positions (and their applicants) of the
department they belong to or manage, an interviewer none here (their interviews live in the
interviews app). Views load objects only through these helpers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from hrportal import policy
from hrportal.roles import Role, roles_of
from recruiting.models import Application, Candidate, Department, IntakeBatch, Position, Resume, ScreeningRun


def managed_department_ids(user) -> set[int]:
    """Departments a hiring manager answers for: their own and every department below it.

    Cached on the user object for the request (scoping is asked several times per page).
    """
    cached = getattr(user, "_managed_department_ids", None)
    if cached is not None:
        return cached
    employee = getattr(user, "employee", None) if user.is_authenticated else None
    if employee is None:
        return set()
    ids = {employee.department_id}
    frontier = {employee.department_id}
    while frontier:
        children = set(Department.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= children
        frontier = children
    user._managed_department_ids = ids
    return ids


def _position_scope(user) -> Q | None:
    """None = every position; a Q narrows; Q(pk__in=[]) = none."""
    if policy.can(user, "see_all_departments"):
        return None
    if Role.MANAGER in roles_of(user):
        return Q(department_id__in=managed_department_ids(user)) | Q(hiring_manager=user)
    return Q(pk__in=[])


def positions_for(user) -> QuerySet[Position]:
    scope = _position_scope(user)
    qs = Position.objects.all()
    return qs if scope is None else qs.filter(scope)


def applications_for(user) -> QuerySet[Application]:
    scope = _position_scope(user)
    qs = Application.objects.all()
    if scope is None:
        return qs
    return qs.filter(position__in=Position.objects.filter(scope).values("pk"))


def candidates_for(user) -> QuerySet[Candidate]:
    if policy.can(user, "see_all_departments"):
        return Candidate.objects.all()
    return Candidate.objects.filter(pk__in=applications_for(user).values("candidate_id"))


def get_or_deny(queryset: QuerySet, model, pk):
    """404 when the object does not exist at all, 403 when it exists but is outside the user's scope."""
    obj = queryset.filter(pk=pk).first()
    if obj is not None:
        return obj
    get_object_or_404(model, pk=pk)
    raise PermissionDenied("outside your scope")


_get_or_deny = get_or_deny  # the name the recruiting helpers below use; other apps call get_or_deny


def get_position_for_user(user, pk) -> Position:
    return _get_or_deny(positions_for(user), Position, pk)


def get_candidate_for_user(user, pk) -> Candidate:
    return _get_or_deny(candidates_for(user), Candidate, pk)


def get_application_for_user(user, pk) -> Application:
    return _get_or_deny(applications_for(user).select_related("position", "candidate"), Application, pk)


def batches_for(user) -> QuerySet[IntakeBatch]:
    """Intake batches of the talent pool or of positions in the user's scope."""
    return IntakeBatch.objects.filter(Q(position__isnull=True) | Q(position__in=positions_for(user)))


def get_batch_for_user(user, pk) -> IntakeBatch:
    return _get_or_deny(batches_for(user).select_related("position", "created_by"), IntakeBatch, pk)


def get_resume_for_user(user, pk) -> Resume:
    """A resume whose candidate the user may see."""
    qs = Resume.objects.select_related("candidate", "batch").filter(candidate__in=candidates_for(user))
    return _get_or_deny(qs, Resume, pk)


def get_screening_run_for_user(user, pk) -> ScreeningRun:
    """A screening run, through its position's scope."""
    return _get_or_deny(ScreeningRun.objects.filter(position__in=positions_for(user)).select_related("position"), ScreeningRun, pk)
