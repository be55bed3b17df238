"""Conflict detection for the interview schedule (one home for the rule).

Two bookings conflict when their times overlap as half-open intervals ``[start, end)`` — an interview ending at
10:00 and another starting at 10:00 do not conflict — and they share an interviewer or a room. Only
interviews that still hold their time count (``BLOCKING_INTERVIEW_STATUSES``: scheduled, confirmed,
reschedule requested); cancelled, done and no-show ones never block. Room names are compared after
normalisation (NFKC, so full-width Ａ-301 equals A-301; whitespace removed; case folded), and an empty room
(a video interview) never conflicts.

``find_conflicts`` only reads. Making "check, then insert" atomic against a second HR saving at the same
moment is the job of ``lock_booking_resources`` (called by the schedule services inside their transaction).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext

from interviews.models import BLOCKING_INTERVIEW_STATUSES, Interview, InterviewAssignment


def normalise_room(name: str | None) -> str:
    """The comparison key of a room name: NFKC, no whitespace at all, case-folded ("" = no room)."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(text.split()).casefold()


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share at least one instant."""
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class Conflict:
    INTERVIEWER = "interviewer"
    ROOM = "room"

    kind: str
    interview: Interview
    interviewer: object | None = None  # the double-booked user (kind == INTERVIEWER)

    @property
    def message(self) -> str:
        other = self.interview
        when = (
            f"{timezone.localtime(other.starts_at):%m-%d %H:%M}–{timezone.localtime(other.ends_at):%H:%M}"
        )
        what = f"{other.application.position.display_name} · {other.round.display_name}"
        if self.kind == self.INTERVIEWER:
            name = self.interviewer.get_full_name() or self.interviewer.get_username()
            return gettext("面试官 %(name)s 在 %(when)s 已有面试（%(what)s）。") % {
                "name": name, "when": when, "what": what,
            }
        return gettext("会议室 %(room)s 在 %(when)s 已被占用（%(what)s）。") % {
            "room": other.room, "when": when, "what": what,
        }

    def as_record(self) -> dict:
        """What the history stores when HR schedules despite the conflict (ids and times, no names)."""
        record = {
            "kind": self.kind, "interview": self.interview.pk,
            "starts_at": self.interview.starts_at.isoformat(), "ends_at": self.interview.ends_at.isoformat(),
        }
        if self.kind == self.INTERVIEWER:
            record["interviewer"] = self.interviewer.pk
        else:
            record["room"] = self.interview.room
        return record


def find_conflicts(
    *, starts_at, ends_at, room: str = "", interviewer_ids: Iterable[int] = (), exclude_interview_id=None,
) -> list[Conflict]:
    """Bookings that a new or moved interview at [starts_at, ends_at) would collide with.

    Two queries whatever the number of interviewers or of interviews in the window; interviewer conflicts
    first (by start time, then interviewer), then room conflicts.
    """
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        return []
    interviewer_ids = sorted({int(i) for i in interviewer_ids})
    window = {
        "status__in": BLOCKING_INTERVIEW_STATUSES, "starts_at__lt": ends_at, "ends_at__gt": starts_at,
    }
    conflicts: list[Conflict] = []
    if interviewer_ids:
        assignments = (
            InterviewAssignment.objects.filter(
                interviewer_id__in=interviewer_ids, **{f"interview__{k}": v for k, v in window.items()}
            )
            .select_related("interviewer", "interview__application__position", "interview__round")
            .order_by("interview__starts_at", "interview_id", "interviewer_id")
        )
        if exclude_interview_id:
            assignments = assignments.exclude(interview_id=exclude_interview_id)
        conflicts += [Conflict(Conflict.INTERVIEWER, a.interview, a.interviewer) for a in assignments]
    key = normalise_room(room)
    if key:
        # The window is small, so the normalised comparison is done here rather than in SQL (which would
        # need NFKC and Unicode case folding the databases do not share).
        booked = (
            Interview.objects.filter(**window).exclude(room="")
            .select_related("application__position", "round").order_by("starts_at", "id")
        )
        if exclude_interview_id:
            booked = booked.exclude(pk=exclude_interview_id)
        conflicts += [Conflict(Conflict.ROOM, other) for other in booked if normalise_room(other.room) == key]
    return conflicts


def _advisory_key(resource: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (same on every process and machine)."""
    digest = hashlib.sha256(resource.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_booking_resources(*, interviewer_ids: Iterable[int], room: str = "") -> None:
    """Serialise bookings that could collide; call inside the transaction that checks and writes.

    Interviewers: their user rows are locked (SELECT … FOR UPDATE, in id order so two bookings never wait on
    each other crosswise). Rooms have no row of their own: on PostgreSQL a transaction-scoped advisory lock
    keyed by the normalised room name is taken after the user rows. SQLite has a single writer, so the
    second of two racing transactions cannot commit a booking based on a stale read there (it fails
    "database is locked" instead of double-booking); select_for_update is a no-op on it.
    """
    ids = sorted({int(i) for i in interviewer_ids})
    if ids:
        list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    key = normalise_room(room)
    if key and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_advisory_key("interview-room:" + key)])
