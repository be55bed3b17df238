"""Reads of the interview schedule. Query counts do not grow with the number of interviews shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from hrportal.display_names import name_with_code
from interviews.access import interviews_visible_to
from interviews.models import Interview, InterviewAssignment, InterviewStatusChange

UPCOMING, PAST, ALL = "upcoming", "past", "all"


@dataclass(frozen=True)
class ScheduleFilter:
    when: str = UPCOMING
    position_id: int | None = None
    interviewer_id: int | None = None
    status: str = ""


def _with_panel(qs: QuerySet[Interview]) -> QuerySet[Interview]:
    return qs.select_related("application__candidate", "application__position", "round").prefetch_related(
        Prefetch(
            "assignments",
            queryset=InterviewAssignment.objects.select_related("interviewer").order_by("-is_lead", "id"),
        )
    )


def schedule_for(user, flt: ScheduleFilter, *, now=None) -> QuerySet[Interview]:
    """The interviews ``user`` may see, filtered: upcoming = not yet ended (soonest first), past = ended
    (latest first), all = by start time."""
    now = now or timezone.now()
    qs = interviews_visible_to(user)
    if flt.when == UPCOMING:
        qs = qs.filter(ends_at__gt=now).order_by("starts_at", "id")
    elif flt.when == PAST:
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    else:
        qs = qs.order_by("starts_at", "id")
    if flt.position_id:
        qs = qs.filter(application__position_id=flt.position_id)
    if flt.interviewer_id:
        qs = qs.filter(assignments__interviewer_id=flt.interviewer_id)
    if flt.status:
        qs = qs.filter(status=flt.status)
    return _with_panel(qs)


def filter_choices(user) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(positions, interviewers) that appear in the interviews ``user`` may see, for the filter menus."""
    from recruiting.models import Position

    visible = interviews_visible_to(user)
    positions = [
        (p.pk, name_with_code(p))
        for p in Position.objects.filter(applications__interviews__in=visible.values("pk")).distinct().order_by("code")
    ]
    people = (
        get_user_model().objects.filter(interview_assignments__interview__in=visible.values("pk"))
        .distinct().order_by("username")
    )
    return positions, [(u.pk, u.get_full_name() or u.get_username()) for u in people]


_PLACE_FIELDS = ("room", "location", "video_link")


def _local(iso: str) -> str:
    try:
        return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return ""


def _describe(change: InterviewStatusChange, names: dict[int, str]) -> tuple[str, list[str]]:
    """(title, detail lines) of one history row, for people to read."""
    details = change.details if isinstance(change.details, dict) else {}
    event = details.get("event", "")
    lines: list[str] = []
    if change.kind == InterviewStatusChange.Kind.RESCHEDULE:
        title = gettext("改期")
        lines.append(gettext("原时间 %(old)s → 新时间 %(new)s") % {
            "old": _local(details.get("old_starts_at", "")), "new": _local(details.get("new_starts_at", "")),
        })
    elif event == "scheduled":
        title = gettext("安排面试")
        people = [names.get(pk, f"#{pk}") for pk in details.get("interviewers", [])]
        if people:
            lines.append(gettext("面试官：%(names)s") % {"names": "、".join(people)})
    elif event == "details_changed":
        title = gettext("修改地点")
        for key, change_ in (details.get("changes") or {}).items():
            label = str(Interview._meta.get_field(key).verbose_name) if key in _PLACE_FIELDS else key
            lines.append(f"{label}: {change_.get('old') or '—'} → {change_.get('new') or '—'}")
    elif event == "interviewers_changed":
        title = gettext("调整面试官")
        added = [names.get(pk, f"#{pk}") for pk in details.get("added", [])]
        removed = [names.get(pk, f"#{pk}") for pk in details.get("removed", [])]
        if added:
            lines.append(gettext("新增：%(names)s") % {"names": "、".join(added)})
        if removed:
            lines.append(gettext("移除：%(names)s") % {"names": "、".join(removed)})
    else:
        title = gettext("状态变更")
    overridden = details.get("conflicts_overridden") or []
    if overridden:
        lines.append(gettext("存在 %(n)d 处时间冲突，HR 选择仍然安排。") % {"n": len(overridden)})
    return title, lines


def interview_detail(interview: Interview) -> dict:
    """History (oldest first, each row with a readable title and lines), the panel with attendance, offered
    slots — four queries."""
    history = list(
        InterviewStatusChange.objects.filter(interview=interview).select_related("changed_by").order_by("at", "id")
    )
    ids: set[int] = set()
    for change in history:
        details = change.details if isinstance(change.details, dict) else {}
        for key in ("interviewers", "added", "removed"):
            ids.update(pk for pk in details.get(key, []) if isinstance(pk, int))
    names = {
        u.pk: (u.get_full_name() or u.get_username())
        for u in get_user_model().objects.filter(pk__in=ids)
    } if ids else {}
    for change in history:
        change.title, change.lines = _describe(change, names)
    assignments = list(
        InterviewAssignment.objects.filter(interview=interview).select_related("interviewer").order_by("-is_lead", "id")
    )
    slots = list(interview.slot_offers.order_by("starts_at", "id"))
    return {"history": history, "assignments": assignments, "slots": slots}


def application_interviews(application) -> list[Interview]:
    """An application's interviews with rounds and panels (for the schedule form)."""
    return list(_with_panel(application.interviews.all()).order_by("starts_at", "id"))
