"""Writes of the interview schedule (issue 4 item 3): schedule, change, assign, move status, offer slots.

Every service takes keyword-only arguments, runs in one transaction and says in its docstring what it
guarantees. Conflicts are found by ``interviews.schedule.conflicts`` after the booked resources (the interviewers'
user rows, the room) are locked, so "check, then write" cannot interleave with a second HR booking the same
people or room. Upper layers (wecom) hear about it through ``interviews.signals``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hrportal import policy
from hrportal.roles import roles_of
from interviews.models import (
    OPEN_INTERVIEW_STATUSES,
    IllegalInterviewMove,
    Interview,
    InterviewAssignment,
    InterviewRound,
    InterviewStatus,
    InterviewStatusChange,
    Scorecard,
    SlotOffer,
)
from interviews.schedule.conflicts import Conflict, find_conflicts, lock_booking_resources, normalise_room
from interviews.signals import interview_scheduled, interviewers_changed
from recruiting.models import Application
from recruiting.pipeline import Stage

# Applications that may get an interview: shortlisted ones (moved to "interviewing" by the first interview)
# and those already interviewing (a further round).
SCHEDULABLE_STAGES = (Stage.SHORTLISTED, Stage.INTERVIEWING)
MOVE_TO_INTERVIEWING_REASON = "已安排面试"


class SchedulingConflict(ValidationError):
    """The booking collides with another interview; ``conflicts`` lists why (HR may override)."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__([c.message for c in conflicts])


def can_interview(user) -> bool:
    """Whether a user may sit on an interview panel (policy.INTERVIEWERS: never finance)."""
    return bool(user.is_active and roles_of(user) & policy.INTERVIEWERS)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError(gettext("请填写开始和结束时间。"))
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("interview times must be timezone-aware")
    if ends_at <= starts_at:
        raise ValidationError(gettext("结束时间必须晚于开始时间。"))


def _check_panel(interviewers: Sequence, lead) -> None:
    if not interviewers:
        raise ValidationError(gettext("请至少安排一位面试官。"))
    refused = [u for u in interviewers if not can_interview(u)]
    if refused:
        names = "、".join(u.get_full_name() or u.get_username() for u in refused)
        raise ValidationError(gettext("以下用户不能担任面试官：%(names)s") % {"names": names})
    if lead is not None and lead not in interviewers:
        raise ValidationError(gettext("主面试官必须是本场面试的面试官之一。"))


def _resolve_conflicts(conflicts: list[Conflict], *, override: bool) -> list[dict]:
    """Raise SchedulingConflict unless HR ticked "仍然安排"; returns what the history records."""
    if conflicts and not override:
        raise SchedulingConflict(conflicts)
    return [c.as_record() for c in conflicts]


def _unique(users: Iterable) -> list:
    seen, result = set(), []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


@transaction.atomic
def schedule_interview(
    *, application: Application, interview_round: InterviewRound, starts_at: datetime, ends_at: datetime,
    interviewers: Iterable, lead=None, room: str = "", location: str = "", video_link: str = "", by=None,
    override_conflicts: bool = False,
) -> Interview:
    """Create an interview of ``application`` for a round of its position's plan, with its panel.

    Guarantees: end after start; the round belongs to the position's plan; at least one interviewer, each
    one allowed to interview (never finance), the lead one of them (default: the first); the application is
    shortlisted or interviewing, and a shortlisted one moves to interviewing in the same transaction.
    With the interviewers' rows and the room locked, a double-booked interviewer or room raises
    SchedulingConflict unless ``override_conflicts`` — then the overridden conflicts are recorded in the
    first history row. Sends ``interview_scheduled`` (inside the transaction).
    """
    interviewers = _unique(interviewers)
    lead = lead or (interviewers[0] if interviewers else None)
    _check_times(starts_at, ends_at)
    _check_panel(interviewers, lead)
    if interview_round.plan.position_id != application.position_id:
        raise ValidationError(gettext("该轮次不属于此职位的面试计划。"))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage not in SCHEDULABLE_STAGES:
        raise ValidationError(
            gettext("只有“已入围”或“面试中”的应聘才能安排面试（当前：%(stage)s）。")
            % {"stage": Stage(application.stage).label}
        )
    room = (room or "").strip()
    lock_booking_resources(interviewer_ids=[u.pk for u in interviewers], room=room)
    conflicts = find_conflicts(
        starts_at=starts_at, ends_at=ends_at, room=room, interviewer_ids=[u.pk for u in interviewers]
    )
    overridden = _resolve_conflicts(conflicts, override=override_conflicts)
    now = timezone.now()
    interview = Interview(
        application=application, round=interview_round, starts_at=starts_at, ends_at=ends_at, room=room,
        location=(location or "").strip(), video_link=(video_link or "").strip(), organizer=by,
        status=InterviewStatus.SCHEDULED, status_changed_at=now,
    )
    interview.full_clean(exclude=["application", "round", "organizer"])
    interview.save()
    InterviewAssignment.objects.bulk_create([
        InterviewAssignment(interview=interview, interviewer=user, is_lead=(user.pk == lead.pk))
        for user in interviewers
    ])
    details = {"event": "scheduled", "interviewers": [u.pk for u in interviewers]}
    if overridden:
        details["conflicts_overridden"] = overridden
    InterviewStatusChange.objects.create(
        interview=interview, from_status=InterviewStatus.SCHEDULED, to_status=InterviewStatus.SCHEDULED,
        changed_by=by, source=InterviewStatusChange.Source.HR, details=details, at=now,
    )
    if application.stage == Stage.SHORTLISTED:
        application.set_stage(Stage.INTERVIEWING, by=by, reason=MOVE_TO_INTERVIEWING_REASON, at=now)
    interview_scheduled.send(sender=Interview, interview=interview, by=by)
    return interview


@transaction.atomic
def update_interview(
    *, interview: Interview, starts_at: datetime, ends_at: datetime, interviewers: Iterable, lead=None,
    room: str = "", location: str = "", video_link: str = "", by=None, reason: str = "",
    override_conflicts: bool = False,
) -> Interview:
    """Change an open interview's time, place and panel.

    Guarantees: only open interviews change (IllegalInterviewMove otherwise); a new time goes through
    ``Interview.reschedule`` (back to "scheduled", schedule_version + 1, attendance reset, old and new times
    in the history); a change of place only is recorded in the history without a new version. Conflicts are
    checked, under lock, for what changes — every interviewer and the room when the time moves, the room when
    it changes, added interviewers always — and refused unless ``override_conflicts`` (then recorded in the
    history). An interviewer who submitted a scorecard cannot be removed. Sends ``interviewers_changed``
    when the panel changes.
    """
    interviewers = _unique(interviewers)
    lead = lead or (interviewers[0] if interviewers else None)
    _check_times(starts_at, ends_at)
    _check_panel(interviewers, lead)
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    if current.status not in OPEN_INTERVIEW_STATUSES:
        raise IllegalInterviewMove(
            gettext("“%(status)s”的面试不能修改。") % {"status": InterviewStatus(current.status).label}
        )
    room = (room or "").strip()
    location = (location or "").strip()
    video_link = (video_link or "").strip()
    time_changed = (starts_at, ends_at) != (current.starts_at, current.ends_at)
    room_changed = normalise_room(room) != normalise_room(current.room)
    before = {a.interviewer_id: a for a in current.assignments.select_related("interviewer")}
    after_ids = [u.pk for u in interviewers]
    added = [u for u in interviewers if u.pk not in before]
    removed = [a.interviewer for pk, a in before.items() if pk not in after_ids]
    if removed:
        submitted = set(
            Scorecard.objects.filter(
                interview=current, interviewer__in=removed, status=Scorecard.Status.SUBMITTED
            ).values_list("interviewer_id", flat=True)
        )
        if submitted:
            names = "、".join(u.get_full_name() or u.get_username() for u in removed if u.pk in submitted)
            raise ValidationError(gettext("%(names)s 已提交评分表，不能从本场面试中移除。") % {"names": names})

    check_ids = after_ids if time_changed else [u.pk for u in added]
    check_room = room if (time_changed or room_changed) else ""
    lock_booking_resources(interviewer_ids=check_ids, room=check_room)
    conflicts = find_conflicts(
        starts_at=starts_at, ends_at=ends_at, room=check_room, interviewer_ids=check_ids,
        exclude_interview_id=current.pk,
    )
    overridden = _resolve_conflicts(conflicts, override=override_conflicts)

    if time_changed:
        change = current.reschedule(
            starts_at, ends_at, by=by, reason=reason, room=room, location=location, video_link=video_link,
        )
        for field in ("starts_at", "ends_at", "room", "location", "video_link", "status", "status_changed_at",
                      "schedule_version"):
            setattr(interview, field, getattr(current, field))
        if overridden:
            change.details = {**change.details, "conflicts_overridden": overridden}
            change.save(update_fields=["details"])
    else:
        place = {"room": room, "location": location, "video_link": video_link}
        changed = {k: {"old": getattr(current, k), "new": v} for k, v in place.items() if getattr(current, k) != v}
        if changed or overridden:
            Interview.objects.filter(pk=current.pk).update(**place)
            for key, value in place.items():
                setattr(interview, key, value)
            details = {"event": "details_changed", "changes": changed}
            if overridden:
                details["conflicts_overridden"] = overridden
            InterviewStatusChange.objects.create(
                interview=current, from_status=current.status, to_status=current.status, changed_by=by,
                reason=(reason or "").strip()[:500], source=InterviewStatusChange.Source.HR, details=details,
            )
        interview.status = current.status
        interview.schedule_version = current.schedule_version

    if removed:
        InterviewAssignment.objects.filter(interview=current, interviewer__in=removed).delete()
    if added:
        InterviewAssignment.objects.bulk_create(
            [InterviewAssignment(interview=current, interviewer=user) for user in added]
        )
    InterviewAssignment.objects.filter(interview=current).exclude(interviewer=lead).update(is_lead=False)
    InterviewAssignment.objects.filter(interview=current, interviewer=lead).update(is_lead=True)
    if added or removed:
        InterviewStatusChange.objects.create(
            interview=current, from_status=interview.status, to_status=interview.status, changed_by=by,
            source=InterviewStatusChange.Source.HR,
            details={"event": "interviewers_changed", "added": [u.pk for u in added],
                     "removed": [u.pk for u in removed]},
        )
        interviewers_changed.send(sender=Interview, interview=interview, added=added, removed=removed)
    return interview


def assign_interviewers(*, interview: Interview, interviewers: Iterable, lead=None, by=None,
                        override_conflicts: bool = False) -> Interview:
    """Replace the panel of an open interview, keeping its time and place (see ``update_interview``)."""
    return update_interview(
        interview=interview, starts_at=interview.starts_at, ends_at=interview.ends_at, interviewers=interviewers,
        lead=lead, room=interview.room, location=interview.location, video_link=interview.video_link, by=by,
        override_conflicts=override_conflicts,
    )


def change_status(*, interview: Interview, new_status: str, by=None, reason: str = "",
                  source: str = InterviewStatusChange.Source.HR) -> InterviewStatusChange:
    """Move an interview along INTERVIEW_TRANSITIONS (``Interview.set_status``: locked, history, signal).

    Raises IllegalInterviewMove with a message HR can read for an illegal move or a missing reason
    (cancelled and no-show need one)."""
    return interview.set_status(new_status, by=by, reason=reason, source=source)


@transaction.atomic
def offer_slots(*, interview: Interview, slots: Iterable[tuple[datetime, datetime]], by=None) -> list[SlotOffer]:
    """Offer alternative times the candidate may pick from their self-service link.

    Guarantees: only for open interviews; every slot ends after it starts and starts in the future; a slot
    already offered (same start and end) is not added twice. Returns the slots created."""
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    if current.status not in OPEN_INTERVIEW_STATUSES:
        raise IllegalInterviewMove(
            gettext("“%(status)s”的面试不能再提供备选时间。") % {"status": InterviewStatus(current.status).label}
        )
    now = timezone.now()
    existing = set(current.slot_offers.values_list("starts_at", "ends_at"))
    created = []
    for starts_at, ends_at in slots:
        _check_times(starts_at, ends_at)
        if starts_at <= now:
            raise ValidationError(gettext("备选时间必须在将来。"))
        if (starts_at, ends_at) in existing:
            continue
        existing.add((starts_at, ends_at))
        created.append(SlotOffer.objects.create(interview=current, starts_at=starts_at, ends_at=ends_at))
    return created


@transaction.atomic
def withdraw_slot(*, interview: Interview, slot_id: int, by=None) -> None:
    """Withdraw an offered slot the candidate has not chosen (a chosen one is history and stays)."""
    slot = SlotOffer.objects.select_for_update().filter(interview=interview, pk=slot_id).first()
    if slot is None:
        raise ValidationError(gettext("备选时间不存在。"))
    if slot.chosen_at is not None:
        raise ValidationError(gettext("候选人已选定该时间，不能撤回。"))
    slot.delete()
