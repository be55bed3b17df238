"""Schedule pages (issue 4 item 3). Thin: hrportal.policy decides who reaches a URL (middleware),
interviews.access loads the interview for the user (404 missing / 403 out of scope), applications come
through recruiting.access, writes go through interviews.schedule.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrportal import audit, masking, params, policy
from hrportal.roles import Role, roles_of
from interviews.access import get_interview_for_user
from interviews.models import IllegalInterviewMove, Interview
from interviews.schedule import selectors, services
from interviews.schedule.conflicts import find_conflicts
from interviews.schedule.forms import (
    ConflictQueryForm,
    InterviewForm,
    ScheduleFilterForm,
    SlotForm,
    StatusForm,
    status_moves,
)
from interviews.sections import sections_for
from recruiting import access as recruiting_access

PAGE_SIZE = 30


def _require_scheduler(user) -> None:
    if not policy.can(user, "schedule_interviews"):
        raise PermissionDenied("scheduling interviews needs the schedule_interviews capability")


def _only_own_interviews(user) -> bool:
    """An interviewer who is neither HR nor a manager: the schedule is "我的面试"."""
    roles = roles_of(user)
    return not policy.can(user, "see_all_interviews") and Role.MANAGER not in roles


# --- the schedule list --------------------------------------------------------------------------------


@require_GET
def schedule(request):
    user = request.user
    own_only = _only_own_interviews(user)
    positions, interviewers = selectors.filter_choices(user)
    form = ScheduleFilterForm(request.GET or None, positions=positions, interviewers=[] if own_only else interviewers)
    data = form.cleaned_data if form.is_valid() else {}
    flt = selectors.ScheduleFilter(
        when=data.get("when") or selectors.UPCOMING, position_id=data.get("position"),
        interviewer_id=None if own_only else data.get("interviewer"), status=data.get("status") or "",
    )
    page = Paginator(selectors.schedule_for(user, flt), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "interviews/schedule.html", {
        "page": page, "interviews": page.object_list, "form": form, "filter": flt, "own_only": own_only,
        "can_schedule": policy.can(user, "schedule_interviews"),
    })


# --- create / edit --------------------------------------------------------------------------------


def _conflicts_from(exc: services.SchedulingConflict) -> list[str]:
    return [c.message for c in exc.conflicts]


@require_http_methods(["GET", "POST"])
def interview_create(request, pk):
    application = recruiting_access.get_application_for_user(request.user, pk)
    _require_scheduler(request.user)
    position = application.position
    conflicts: list[str] = []
    status = 200
    if request.method == "POST":
        form = InterviewForm(request.POST, position=position)
        if form.is_valid():
            data = form.cleaned_data
            panel = form.ordered_panel()
            try:
                interview = services.schedule_interview(
                    application=application, interview_round=data["interview_round"], starts_at=data["starts_at"],
                    ends_at=data["ends_at"], interviewers=panel, lead=panel[0], room=data["room"],
                    location=data["location"], video_link=data["video_link"], by=request.user,
                    override_conflicts=data["override_conflicts"],
                )
            except services.SchedulingConflict as exc:
                conflicts = _conflicts_from(exc)
                status = 409
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 422
            else:
                messages.success(request, _("面试已安排。"))
                return redirect("interviews:interview_detail", pk=interview.pk)
        else:
            status = 422
    else:
        form = InterviewForm(position=position)
    return render(request, "interviews/interview_form.html", {
        "form": form, "application": application, "position": position, "interview": None,
        "conflicts": conflicts, "existing": selectors.application_interviews(application),
    }, status=status)


@require_http_methods(["GET", "POST"])
def interview_edit(request, pk):
    interview = get_interview_for_user(request.user, pk)
    _require_scheduler(request.user)
    application = interview.application
    if not interview.is_open:
        messages.error(request, _("已结束或已取消的面试不能修改。"))
        return redirect("interviews:interview_detail", pk=interview.pk)
    conflicts: list[str] = []
    status = 200
    if request.method == "POST":
        form = InterviewForm(request.POST, position=application.position, interview=interview)
        if form.is_valid():
            data = form.cleaned_data
            panel = form.ordered_panel()
            try:
                services.update_interview(
                    interview=interview, starts_at=data["starts_at"], ends_at=data["ends_at"], interviewers=panel,
                    lead=panel[0], room=data["room"], location=data["location"], video_link=data["video_link"],
                    by=request.user, reason=data.get("reason", ""), override_conflicts=data["override_conflicts"],
                )
            except services.SchedulingConflict as exc:
                conflicts = _conflicts_from(exc)
                status = 409
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 422
            else:
                messages.success(request, _("面试安排已更新。"))
                return redirect("interviews:interview_detail", pk=interview.pk)
        else:
            status = 422
    else:
        form = InterviewForm(position=application.position, interview=interview)
    return render(request, "interviews/interview_form.html", {
        "form": form, "application": application, "position": application.position, "interview": interview,
        "conflicts": conflicts, "existing": [],
    }, status=status)


@require_GET
def conflicts(request):
    """htmx partial: what the booking being typed would collide with (empty when nothing or incomplete)."""
    _require_scheduler(request.user)
    form = ConflictQueryForm(request.GET)
    found = []
    checked = form.is_valid()
    if checked:
        data = form.cleaned_data
        found = find_conflicts(
            starts_at=data["starts_at"], ends_at=data["ends_at"], room=data["room"],
            interviewer_ids=data["interviewers"], exclude_interview_id=data["exclude"],
        )
    return render(request, "interviews/_schedule_conflicts.html", {
        "conflicts": [c.message for c in found], "checked": checked,
    })


# --- detail, status, slots ------------------------------------------------------------------------


def _candidate_view(request, interview: Interview) -> dict:
    """The candidate's contact and expected salary as this user may see them: in clear (audited) for HR,
    masked for a hiring manager, not at all for an interviewer (DESIGN §2)."""
    user = request.user
    candidate = interview.application.candidate
    roles = roles_of(user)
    if not (policy.can(user, "view_candidate_contact") or Role.MANAGER in roles):
        return {"show": False}
    if policy.can(user, "view_candidate_contact"):
        contact = {"phone": candidate.phone, "email": candidate.email}
        shown = [k for k, v in contact.items() if v]
    else:
        contact = {"phone": masking.mask_phone(candidate.phone), "email": masking.mask_email(candidate.email)}
        shown = []
    if policy.can(user, "view_candidate_salary"):
        salary = candidate.expected_salary
        if salary is not None:
            shown.append("expected_salary")
    else:
        salary = masking.mask_money(candidate.expected_salary)
    if shown:
        audit.record(action="view", obj=candidate, fields=shown, request=request, note=f"interview {interview.pk}")
    return {"show": True, "contact": contact, "salary": salary, "in_clear": policy.can(user, "view_candidate_contact")}


def _room_url(interview: Interview) -> str:
    try:
        return reverse("interviews:room", args=[interview.pk])
    except NoReverseMatch:  # the room pages are not installed
        return ""


@require_GET
def interview_detail(request, pk):
    interview = get_interview_for_user(request.user, pk)
    user = request.user
    details = selectors.interview_detail(interview)
    assigned = any(a.interviewer_id == user.pk for a in details["assignments"])
    can_schedule = policy.can(user, "schedule_interviews")
    return render(request, "interviews/interview_detail.html", {
        "interview": interview, "application": interview.application, "candidate": interview.application.candidate,
        **details, "candidate_view": _candidate_view(request, interview), "assigned": assigned,
        "room_url": _room_url(interview) if assigned else "", "can_schedule": can_schedule,
        "moves": status_moves(interview) if can_schedule else [], "slot_form": SlotForm(),
        "sections": _rendered_sections(request, interview),
    })


def _rendered_sections(request, interview: Interview) -> list[dict]:
    """Sections upper apps registered (interviews.sections): each template is rendered with the dict its
    build() returned, plus ``interview``."""
    return [
        {"key": s["key"], "html": render_to_string(s["template"], {"interview": interview, **s["context"]}, request=request)}
        for s in sections_for(request, interview)
    ]


@require_POST
def interview_status(request, pk):
    interview = get_interview_for_user(request.user, pk)
    _require_scheduler(request.user)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择有效的状态。"))
    else:
        try:
            change = services.change_status(
                interview=interview, new_status=form.cleaned_data["status"], by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except IllegalInterviewMove as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("面试状态已改为“%(status)s”。") % {"status": change.get_to_status_display()})
    return redirect("interviews:interview_detail", pk=interview.pk)


@require_POST
def interview_slots(request, pk):
    interview = get_interview_for_user(request.user, pk)
    _require_scheduler(request.user)
    action = request.POST.get("action")
    try:
        if action == "add":
            form = SlotForm(request.POST)
            if not form.is_valid():
                errors = [e for errs in form.errors.values() for e in errs]
                messages.error(request, " ".join(errors))
                return redirect("interviews:interview_detail", pk=interview.pk)
            starts_at, ends_at = form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]
            created = services.offer_slots(interview=interview, slots=[(starts_at, ends_at)], by=request.user)
            if created:
                messages.success(request, _("已添加备选时间。"))
                clashes = find_conflicts(
                    starts_at=starts_at, ends_at=ends_at, room=interview.room,
                    interviewer_ids=interview.assignments.values_list("interviewer_id", flat=True),
                    exclude_interview_id=interview.pk,
                )
                for clash in clashes:
                    messages.warning(request, _("提醒：该备选时间有冲突——%(msg)s") % {"msg": clash.message})
            else:
                messages.info(request, _("该备选时间已提供过。"))
        elif action == "remove":
            slot_id = params.id_param(request.POST, "slot")
            if slot_id is None:
                return HttpResponseBadRequest("slot must be an id")
            services.withdraw_slot(interview=interview, slot_id=slot_id, by=request.user)
            messages.success(request, _("已撤回备选时间。"))
        else:
            return HttpResponseBadRequest("unknown action")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("interviews:interview_detail", pk=interview.pk)
