"""The schedule: an interview (application × round, time, place, panel), its status pipeline (``InterviewStatus.TRANSITIONS``, moved only by ``Interview.set_status``/``reschedule`` with history), panel assignments and offered slots."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.models import TimeStampedModel
from interviews.models.bank import InterviewRound
from interviews.signals import interview_status_changed


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    CONFIRMED = "confirmed", _("已确认")
    RESCHEDULE_REQUESTED = "reschedule_requested", _("申请改期")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("未到场")


# Interviews that did not take place: nobody writes a scorecard for them, and a scorecard written before the
# interview was cancelled or the candidate did not show counts nowhere (composite, EHR roll-up, calibration,
# the "hidden until you have scored" rule).
UNSCORED_STATUSES = frozenset({InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW})


# The interview's status pipeline as data (one home for the rule; see recruiting.pipeline for the same idea).
# A reschedule is not an edge: Interview.reschedule() moves the time and puts the interview back to
# "scheduled" from any open status, recording the old and new times in the history.
INTERVIEW_TRANSITIONS: dict[str, tuple[str, ...]] = {
    InterviewStatus.SCHEDULED: (
        InterviewStatus.CONFIRMED, InterviewStatus.RESCHEDULE_REQUESTED, InterviewStatus.DONE,
        InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW,
    ),
    InterviewStatus.CONFIRMED: (
        InterviewStatus.RESCHEDULE_REQUESTED, InterviewStatus.DONE, InterviewStatus.CANCELLED,
        InterviewStatus.NO_SHOW,
    ),
    InterviewStatus.RESCHEDULE_REQUESTED: (InterviewStatus.CONFIRMED, InterviewStatus.CANCELLED),
    InterviewStatus.DONE: (),
    InterviewStatus.CANCELLED: (),
    InterviewStatus.NO_SHOW: (),
}


OPEN_INTERVIEW_STATUSES = (
    InterviewStatus.SCHEDULED, InterviewStatus.CONFIRMED, InterviewStatus.RESCHEDULE_REQUESTED,
)


# Statuses that still hold the interviewers' and the room's time (conflict detection looks at these).
BLOCKING_INTERVIEW_STATUSES = OPEN_INTERVIEW_STATUSES


REASON_REQUIRED_STATUSES = frozenset({InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW})


class IllegalInterviewMove(ValidationError):
    """A status change the pipeline does not allow (message readable by HR)."""


class Interview(TimeStampedModel):
    """One application meeting one round of the position's plan at a time and place.

    ``status`` moves only through ``set_status()``/``reschedule()`` (row lock, history, signal).
    ``schedule_version`` grows with every reschedule so reminders and links issued for an older time can
    tell they are stale.
    """

    Status = InterviewStatus

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="interviews", verbose_name=_("应聘")
    )
    round = models.ForeignKey(
        InterviewRound, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("面试轮次")
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"), db_index=True)
    room = models.CharField(_("会议室"), max_length=80, blank=True, db_index=True)
    location = models.CharField(_("地点"), max_length=200, blank=True, help_text=_("地址或楼层，发给候选人"))
    video_link = models.URLField(_("视频会议链接"), max_length=500, blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InterviewAssignment", related_name="assigned_interviews",
        verbose_name=_("面试官"),
    )
    status = models.CharField(
        _("状态"), max_length=24, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    schedule_version = models.PositiveIntegerField(_("排期版本"), default=1)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("负责HR"),
    )
    # When the room recorded the interview actually starting and ending (interviews/room/services.py
    # record_clock); interview cost accounting uses them instead of the planned time when both are set.
    actual_started_at = models.DateTimeField(_("实际开始"), null=True, blank=True)
    actual_ended_at = models.DateTimeField(_("实际结束"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="interview_status_start_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"),
        ]
        verbose_name = _("面试")
        verbose_name_plural = _("面试安排")

    def __str__(self) -> str:
        return f"{self.application} / {self.round} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INTERVIEW_STATUSES

    def allowed_moves(self) -> tuple[str, ...]:
        return INTERVIEW_TRANSITIONS.get(self.status, ())

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def _lock(self) -> Interview:
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        self.schedule_version = locked.schedule_version
        return locked

    @transaction.atomic
    def set_status(self, new_status: str, *, by=None, reason: str = "", source: str = "hr", at=None) -> InterviewStatusChange:
        """Move along INTERVIEW_TRANSITIONS or raise IllegalInterviewMove (message HR can read); records who,
        when, why and through which channel, and sends ``interview_status_changed``. The row is locked while
        it moves, so of two racing clicks the second sees the new status and is refused, never doubled."""
        self._lock()
        if new_status not in InterviewStatus.values:
            raise IllegalInterviewMove(gettext("未知的面试状态：%(status)s") % {"status": new_status})
        if new_status not in self.allowed_moves():
            raise IllegalInterviewMove(
                gettext("面试不能从“%(from)s”转到“%(to)s”。")
                % {"from": InterviewStatus(self.status).label, "to": InterviewStatus(new_status).label}
            )
        reason = (reason or "").strip()
        if new_status in REASON_REQUIRED_STATUSES and not reason:
            raise IllegalInterviewMove(gettext("转到“%(to)s”需要填写原因。") % {"to": InterviewStatus(new_status).label})
        at = at or timezone.now()
        change = InterviewStatusChange.objects.create(
            interview=self, from_status=self.status, to_status=new_status, changed_by=by, reason=reason[:500],
            source=source, at=at,
        )
        previous = self.status
        self.status = new_status
        self.status_changed_at = at
        type(self).objects.filter(pk=self.pk).update(status=new_status, status_changed_at=at)
        interview_status_changed.send(sender=type(self), interview=self, previous=previous, change=change)
        return change

    @transaction.atomic
    def reschedule(self, starts_at, ends_at, *, by=None, reason: str = "", source: str = "hr", room=None,
                   location=None, video_link=None, at=None) -> InterviewStatusChange:
        """Move an open interview to a new time (and optionally place); back to "scheduled", version + 1."""
        self._lock()
        if self.status not in OPEN_INTERVIEW_STATUSES:
            raise IllegalInterviewMove(
                gettext("“%(status)s”的面试不能改期。") % {"status": InterviewStatus(self.status).label}
            )
        if ends_at <= starts_at:
            raise IllegalInterviewMove(gettext("结束时间必须晚于开始时间。"))
        at = at or timezone.now()
        details = {
            "old_starts_at": self.starts_at.isoformat(), "old_ends_at": self.ends_at.isoformat(),
            "new_starts_at": starts_at.isoformat(), "new_ends_at": ends_at.isoformat(),
        }
        change = InterviewStatusChange.objects.create(
            interview=self, from_status=self.status, to_status=InterviewStatus.SCHEDULED, changed_by=by,
            reason=(reason or "").strip()[:500], source=source, at=at, kind=InterviewStatusChange.Kind.RESCHEDULE,
            details=details,
        )
        previous = self.status
        self.starts_at, self.ends_at = starts_at, ends_at
        if room is not None:
            self.room = room
        if location is not None:
            self.location = location
        if video_link is not None:
            self.video_link = video_link
        self.status = InterviewStatus.SCHEDULED
        self.status_changed_at = at
        self.schedule_version += 1
        type(self).objects.filter(pk=self.pk).update(
            starts_at=self.starts_at, ends_at=self.ends_at, room=self.room, location=self.location,
            video_link=self.video_link, status=self.status, status_changed_at=at,
            schedule_version=self.schedule_version,
        )
        InterviewAssignment.objects.filter(interview=self).update(
            attendance=InterviewAssignment.Attendance.PENDING, attendance_changed_at=None
        )
        interview_status_changed.send(sender=type(self), interview=self, previous=previous, change=change)
        return change


class InterviewStatusChange(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("状态变更")
        RESCHEDULE = "reschedule", _("改期")

    class Source(models.TextChoices):
        HR = "hr", _("HR")
        CANDIDATE = "candidate", _("候选人")
        INTERVIEWER = "interviewer", _("面试官")
        SYSTEM = "system", _("系统")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="status_history")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.STATUS)
    from_status = models.CharField(_("原状态"), max_length=24, choices=InterviewStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=24, choices=InterviewStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("操作人"),
    )
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.HR)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["interview", "at", "id"]
        verbose_name = _("面试状态记录")
        verbose_name_plural = _("面试状态记录")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class InterviewAssignment(models.Model):
    """An interviewer on an interview, with their own attendance answer (WeCom card: 确认参加 / 无法参加)."""

    class Attendance(models.TextChoices):
        PENDING = "pending", _("待确认")
        ACCEPTED = "accepted", _("确认参加")
        DECLINED = "declined", _("无法参加")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="assignments")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_assignments",
        verbose_name=_("面试官"),
    )
    is_lead = models.BooleanField(_("主面试官"), default=False)
    attendance = models.CharField(
        _("出席"), max_length=10, choices=Attendance.choices, default=Attendance.PENDING
    )
    attendance_changed_at = models.DateTimeField(_("出席确认时间"), null=True, blank=True)

    class Meta:
        ordering = ["interview", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="uniq_interview_interviewer"),
        ]
        verbose_name = _("面试官安排")
        verbose_name_plural = _("面试官安排")

    def __str__(self) -> str:
        return f"{self.interview_id}/{self.interviewer_id}"


class SlotOffer(models.Model):
    """An alternative time HR offers; the candidate may pick one from their self-service link."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="slot_offers")
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    chosen_at = models.DateTimeField(_("选定时间"), null=True, blank=True)

    class Meta:
        ordering = ["interview", "starts_at", "id"]
        verbose_name = _("备选时间")
        verbose_name_plural = _("备选时间")

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"
