"""Question bank and interview plans (issue 4, items 1 and 2).

A position's bank holds generated and manual questions; everything starts as a draft and only questions HR
approved may be placed in an interview round — "nothing unapproved is ever asked" is guarded here, in
``RoundQuestion.clean()``/``save()`` and ``InterviewRound.add_question()``, not in a view. A plan is the same
for every candidate of a position: rounds (初面/复面/终面…) with the competencies they cover, the selected
questions and the interviewer pool. ``InterviewPlan.coverage_gaps()`` and ``time_budget()`` tell HR what is
still missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedTextField
from hrportal.models import TimeStampedModel
from interviews.engine import QuestionType as EngineQuestionType


class QuestionType(models.TextChoices):
    BEHAVIOURAL = EngineQuestionType.BEHAVIOURAL.value, _("行为面试（STAR）")
    SITUATIONAL = EngineQuestionType.SITUATIONAL.value, _("情景题")
    PRESSURE = EngineQuestionType.PRESSURE.value, _("压力题")
    TECHNICAL = EngineQuestionType.TECHNICAL.value, _("专业技术题")


# Minutes one question takes in an interview (asking, answer, follow-up probes). Technical questions need
# longer answers; documented in docs/interviews.md.
QUESTION_MINUTES: dict[str, int] = {
    QuestionType.BEHAVIOURAL: 5,
    QuestionType.SITUATIONAL: 5,
    QuestionType.PRESSURE: 5,
    QuestionType.TECHNICAL: 8,
}


class Question(TimeStampedModel):
    class Source(models.TextChoices):
        GENERATED = "generated", _("系统生成")
        MANUAL = "manual", _("人工添加")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已审核")

    position = models.ForeignKey(
        "recruiting.Position", on_delete=models.CASCADE, related_name="questions", verbose_name=_("职位")
    )
    competency = models.ForeignKey(
        "recruiting.Competency", on_delete=models.PROTECT, related_name="+", verbose_name=_("胜任力")
    )
    text_zh = models.TextField(_("题目（中文）"))
    text_en = models.TextField(_("题目（英文）"), blank=True)
    question_type = models.CharField(_("题型"), max_length=20, choices=QuestionType.choices, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        _("难度"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    anchors = models.JSONField(_("评分锚点"), default=dict, blank=True)
    follow_ups = models.JSONField(_("追问"), default=list, blank=True)
    skill = models.CharField(_("技能"), max_length=80, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    usage_count = models.PositiveIntegerField(_("使用次数"), default=0)
    effectiveness = models.DecimalField(_("有效性"), max_digits=5, decimal_places=4, null=True, blank=True)
    template_id = models.CharField(_("模板"), max_length=40, blank=True)
    generator_version = models.CharField(_("生成器版本"), max_length=20, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("审核人"),
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["position", "competency", "question_type", "id"]
        indexes = [models.Index(fields=["position", "status"])]
        verbose_name = _("面试题")
        verbose_name_plural = _("面试题库")

    def __str__(self) -> str:
        return self.text_zh[:40]

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def minutes(self) -> int:
        return QUESTION_MINUTES.get(self.question_type, 5)

    def anchor_rows(self) -> list[tuple[str, str, str]]:
        """(level, zh, en) for levels 1, 3, 5 — missing levels give empty texts."""
        anchors = self.anchors if isinstance(self.anchors, dict) else {}
        return [(lvl, (anchors.get(lvl) or {}).get("zh", ""), (anchors.get(lvl) or {}).get("en", "")) for lvl in "135"]


class InterviewPlan(TimeStampedModel):
    """The structured interview of one position: the same rounds and questions for every candidate."""

    position = models.OneToOneField(
        "recruiting.Position", on_delete=models.CASCADE, related_name="interview_plan", verbose_name=_("职位")
    )
    time_budget_minutes = models.PositiveIntegerField(
        _("总时长预算（分钟）"), default=120, validators=[MinValueValidator(10), MaxValueValidator(1440)]
    )

    class Meta:
        verbose_name = _("面试计划")
        verbose_name_plural = _("面试计划")

    def __str__(self) -> str:
        return f"{self.position.code} plan"

    def _rounds(self) -> list[InterviewRound]:
        return list(
            self.rounds.prefetch_related("competencies", "round_questions__question").order_by("order", "id")
        )

    def coverage_gaps(self, rounds: list[InterviewRound] | None = None) -> list[CoverageGap]:
        """Every weighted competency of the position must be covered by some round and have ≥ 1 selected
        question (in any round). Returns what is missing, in the order of the competency model."""
        rounds = self._rounds() if rounds is None else rounds
        covered = {c.pk for r in rounds for c in r.competencies.all()}
        questioned = {rq.question.competency_id for r in rounds for rq in r.round_questions.all()}
        gaps = []
        for pc in self.position.position_competencies.select_related("competency").order_by("order", "id"):
            if pc.competency_id not in covered:
                gaps.append(CoverageGap(pc.competency, CoverageGap.NO_ROUND))
            elif pc.competency_id not in questioned:
                gaps.append(CoverageGap(pc.competency, CoverageGap.NO_QUESTION))
        return gaps

    def time_budget(self, rounds: list[InterviewRound] | None = None) -> TimeBudget:
        rounds = self._rounds() if rounds is None else rounds
        per_round = [r.time_budget() for r in rounds]
        return TimeBudget(
            question_minutes=sum(b.question_minutes for b in per_round),
            available_minutes=sum(r.duration_minutes for r in rounds),
            plan_budget_minutes=self.time_budget_minutes,
        )


@dataclass(frozen=True)
class CoverageGap:
    NO_ROUND = "no_round"
    NO_QUESTION = "no_question"

    competency: object
    reason: str

    @property
    def message(self) -> str:
        if self.reason == self.NO_ROUND:
            return gettext("“%(name)s”没有任何轮次考察。") % {"name": self.competency.name_zh}
        return gettext("“%(name)s”还没有选定的题目。") % {"name": self.competency.name_zh}


@dataclass(frozen=True)
class TimeBudget:
    """Question minutes (QUESTION_MINUTES per selected question) against the available minutes.

    For a round: available = its duration. For a plan: available = the sum of round durations, and that sum
    is also checked against the plan's total budget."""

    question_minutes: int
    available_minutes: int
    plan_budget_minutes: int | None = None

    @property
    def over(self) -> bool:
        return self.question_minutes > self.available_minutes

    @property
    def rounds_over_plan(self) -> bool:
        return self.plan_budget_minutes is not None and self.available_minutes > self.plan_budget_minutes

    @property
    def spare_minutes(self) -> int:
        return self.available_minutes - self.question_minutes


class InterviewRound(models.Model):
    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("面试计划"))
    name = models.CharField(_("轮次名称"), max_length=40, help_text=_("例如：初面、复面、终面"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长（分钟）"), default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    competencies = models.ManyToManyField(
        "recruiting.Competency", blank=True, related_name="+", verbose_name=_("考察胜任力")
    )
    interviewer_pool = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("面试官库")
    )

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("面试轮次")
        verbose_name_plural = _("面试轮次")

    def __str__(self) -> str:
        return self.name

    def time_budget(self) -> TimeBudget:
        minutes = sum(rq.question.minutes for rq in self.round_questions.all())
        return TimeBudget(question_minutes=minutes, available_minutes=self.duration_minutes)

    def add_question(self, question: Question, *, order: int | None = None) -> RoundQuestion:
        """Put an approved question of this plan's position in the round (ValidationError otherwise)."""
        if order is None:
            order = self.round_questions.count() + 1
        rq = RoundQuestion(round=self, question=question, order=order)
        rq.full_clean(validate_unique=False)
        rq.save()
        return rq


class RoundQuestion(models.Model):
    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="round_questions")
    # RESTRICT, not PROTECT: a question in use cannot be deleted on its own, but deleting the whole position
    # (its questions and its plan's rounds in one cascade) is allowed.
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="round_uses", verbose_name=_("题目"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        ordering = ["round", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "question"], name="uniq_round_question")]
        verbose_name = _("轮次题目")
        verbose_name_plural = _("轮次题目")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.question_id}"

    def save(self, *args, **kwargs) -> None:
        # The invariant holds even for code that skips full_clean(): an unapproved question is never stored.
        status = Question.objects.filter(pk=self.question_id).values_list("status", flat=True).first()
        if status != Question.Status.APPROVED:
            raise ValidationError(gettext("只有已审核的题目才能放入面试轮次。"))
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.question.is_approved:
            raise ValidationError({"question": gettext("只有已审核的题目才能放入面试轮次。")})
        if self.question.position_id != self.round.plan.position_id:
            raise ValidationError({"question": gettext("题目不属于该职位的题库。")})


# --- The schedule, the room, scorecards, calibration and the decision (issue 4, items 3–8) -------------------

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
        from interviews.signals import interview_status_changed

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
        from interviews.signals import interview_status_changed

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


class NoteSegment(models.Model):
    """One piece of an interviewer's notes or transcript (typed or dictated), saved as it is written.

    ``client_id`` is generated by the page for each segment, so an autosave repeated by a flaky phone
    connection updates the same row instead of adding a copy. Notes are personal data: encrypted at rest.
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="note_segments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client_id = models.CharField(max_length=64)
    round_question = models.ForeignKey(
        RoundQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("题目")
    )
    competency = models.ForeignKey(
        "recruiting.Competency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("胜任力"),
    )
    text = EncryptedTextField(_("内容"), blank=True, default="")
    order = models.PositiveIntegerField(_("顺序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["interview", "author", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "author", "client_id"], name="uniq_note_segment_client"),
        ]
        verbose_name = _("面试记录片段")
        verbose_name_plural = _("面试记录片段")

    def __str__(self) -> str:
        return f"{self.interview_id}/{self.author_id}#{self.order}"


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("强烈不推荐")
    NO = "no", _("不推荐")
    YES = "yes", _("推荐")
    STRONG_YES = "strong_yes", _("强烈推荐")


class Scorecard(models.Model):
    """An interviewer's scores for one interview. Version 1 is the first submission; an amendment is a new
    version (with a reason) and the previous one stays as it was. Exactly one version per (interview,
    interviewer) is current; a draft is editable, a submitted one never changes again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("当前版本"), default=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recommendation = models.CharField(_("总体建议"), max_length=12, choices=Recommendation.choices, blank=True)
    summary = EncryptedTextField(_("总体评价"), blank=True, default="")
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
        verbose_name=_("修订自"),
    )
    amendment_reason = models.CharField(_("修订原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        ordering = ["interview", "interviewer", "version"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer", "version"], name="uniq_scorecard_version"),
            models.UniqueConstraint(
                fields=["interview", "interviewer"], condition=models.Q(is_current=True),
                name="uniq_current_scorecard",
            ),
        ]
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self) -> str:
        return f"{self.interview_id}/{self.interviewer_id} v{self.version}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class ScorecardScore(models.Model):
    """One competency's 1–5 score on a scorecard, with the AI suggestion shown at the time (for calibration)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    competency = models.ForeignKey("recruiting.Competency", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("得分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evidence = EncryptedTextField(_("依据"), blank=True, default="")
    ai_suggested = models.PositiveSmallIntegerField(_("AI建议分"), null=True, blank=True)
    ai_raw = models.FloatField(_("AI原始分"), null=True, blank=True)
    ai_confidence = models.FloatField(_("AI置信度"), null=True, blank=True)
    ai_engine_version = models.CharField(_("AI引擎版本"), max_length=20, blank=True)
    ai_recalibration_version = models.CharField(_("校准版本"), max_length=40, blank=True)

    class Meta:
        ordering = ["scorecard", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "competency"], name="uniq_scorecard_competency"),
        ]
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.score}"


class AISuggestion(models.Model):
    """The engine's current suggestion for one competency from one interviewer's notes (recomputed as the
    notes change; never a score — the interviewer's ScorecardScore is)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="ai_suggestions")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey("recruiting.Competency", on_delete=models.PROTECT, related_name="+")
    suggested = models.PositiveSmallIntegerField(_("建议分"))
    raw = models.FloatField(_("原始分"))
    calibrated = models.FloatField(_("校准分"), null=True, blank=True)
    confidence = models.FloatField(_("置信度"))
    evidence = models.JSONField(_("证据"), default=list, blank=True)
    features = models.JSONField(_("特征"), default=dict, blank=True)
    engine_version = models.CharField(_("引擎版本"), max_length=20)
    recalibration_version = models.CharField(_("校准版本"), max_length=40, blank=True)
    inputs_hash = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer", "competency"], name="uniq_ai_suggestion",
            ),
        ]
        verbose_name = _("AI建议评分")
        verbose_name_plural = _("AI建议评分")

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.suggested}"


class RecalibrationModel(models.Model):
    """An isotonic map raw AI score → human score, fitted on history by an RQ job; the active one is applied
    to new suggestions. ``model`` is ``interviews.engine.calibration.Recalibration.to_dict()``."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    model = models.JSONField(_("模型"), default=dict)
    pairs_used = models.PositiveIntegerField(_("样本数"), default=0)
    metrics = models.JSONField(_("指标"), default=dict, blank=True)
    is_active = models.BooleanField(_("当前生效"), default=False, db_index=True)
    fitted_at = models.DateTimeField(_("拟合时间"), default=timezone.now)
    fitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True), name="one_active_recalibration"),
        ]
        verbose_name = _("AI评分校准模型")
        verbose_name_plural = _("AI评分校准模型")

    def __str__(self) -> str:
        return f"recal v{self.version}"

    @property
    def label(self) -> str:
        return f"recal-{self.version}"


class InterviewWeightSet(models.Model):
    """Dimension weights for a position's interview composite. Equal weights by default (method "equal");
    a later score→performance regression stores its fit as a new version with method "regression"."""

    class Method(models.TextChoices):
        EQUAL = "equal", _("等权")
        MANUAL = "manual", _("人工设定")
        REGRESSION = "regression", _("绩效回归")

    position = models.ForeignKey(
        "recruiting.Position", on_delete=models.CASCADE, related_name="interview_weight_sets", verbose_name=_("职位")
    )
    version = models.PositiveIntegerField(_("版本"))
    weights = models.JSONField(_("权重"), default=dict, help_text=_("胜任力编码 → 权重（合计为 1）"))
    method = models.CharField(_("方法"), max_length=12, choices=Method.choices, default=Method.EQUAL)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    is_active = models.BooleanField(_("当前生效"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["position", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["position", "version"], name="uniq_interview_weight_version"),
            models.UniqueConstraint(
                fields=["position"], condition=models.Q(is_active=True), name="one_active_interview_weights"
            ),
        ]
        verbose_name = _("面试权重")
        verbose_name_plural = _("面试权重")

    def __str__(self) -> str:
        return f"{self.position_id} v{self.version} ({self.method})"


class HiringDecision(models.Model):
    """A person's hiring decision after the interviews, with the composite they saw when deciding."""

    class Outcome(models.TextChoices):
        OFFER = "offer", _("发放录用")
        REJECT = "reject", _("不录用")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="hiring_decisions"
    )
    outcome = models.CharField(_("决定"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("原因"), max_length=500)
    composite = models.DecimalField(_("面试综合分"), max_digits=4, decimal_places=2, null=True, blank=True)
    weight_set = models.ForeignKey(
        InterviewWeightSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(_("详情"), default=dict, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("录用决定")
        verbose_name_plural = _("录用决定")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"
