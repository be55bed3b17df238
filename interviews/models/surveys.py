"""Feedback surveys after an interview: admin-editable templates (candidate / interviewer, optionally per
department as the position family), their questions (1–5 scale, single choice, multiple choice, free text; Chinese
and English text), one invitation per person and interview (a signed, expiring, single-use link), the response
and its answers, and the interviewer's per-competency remarks (shown in the interview summary).

Candidate responses are anonymous to interviewers and hiring managers: no page shows one to them, reports show
only aggregates over groups of at least ``MIN_GROUP_SIZE`` (interviews/surveys/selectors.py). They belong to the
interview (and so to the candidate's application): the retention purge that removes the application removes them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedTextField
from interviews.models.bank import InterviewRound
from interviews.models.schedule import Interview

# No breakdown (per position, round, interviewer, month, theme) is shown for fewer responses than this.
MIN_GROUP_SIZE = 5


class Audience(models.TextChoices):
    CANDIDATE = "candidate", _("候选人")
    INTERVIEWER = "interviewer", _("面试官")


class SurveyTemplate(models.Model):
    audience = models.CharField(_("对象"), max_length=12, choices=Audience.choices)
    name = models.CharField(_("名称"), max_length=100)
    department = models.ForeignKey(
        "recruiting.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("适用部门（职位族）"), help_text=_("空则为默认问卷"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["audience", "department_id", "id"]
        verbose_name = _("问卷模板")
        verbose_name_plural = _("问卷模板")

    def __str__(self) -> str:
        return self.name


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("1–5分")
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        TEXT = "text", _("文字")

    class Topic(models.TextChoices):
        """What the report does with the answers (satisfaction and fit distributions, difficulty for the
        suggestion rules, themes of free text)."""

        SATISFACTION = "satisfaction", _("满意度")
        CONVENIENCE = "convenience", _("流程便利")
        QUESTION_FIT = "question_fit", _("题目匹配岗位")
        DIFFICULTY = "difficulty", _("题目难度")
        IMPROVEMENT = "improvement", _("改进建议")
        COMPETENCY = "competency", _("胜任力评价")
        OTHER = "other", _("其他")

    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("主题"), max_length=16, choices=Topic.choices, default=Topic.OTHER)
    text_zh = models.CharField(_("题目（中文）"), max_length=300)
    text_en = models.CharField(_("题目（英文）"), max_length=300)
    # [{"value": "too_easy", "zh": "太简单", "en": "Too easy"}, ...] for single and multiple choice
    choices = models.JSONField(_("选项"), default=list, blank=True)
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        ordering = ["template", "order", "id"]
        verbose_name = _("问卷题目")
        verbose_name_plural = _("问卷题目")

    def __str__(self) -> str:
        return self.text_zh

    def text(self, language: str) -> str:
        return self.text_en if (language or "").startswith("en") and self.text_en else self.text_zh

    def choice_label(self, value: str, language: str) -> str:
        for choice in self.choices or ():
            if choice.get("value") == value:
                return choice.get("en" if (language or "").startswith("en") else "zh") or value
        return value


class SurveyInvitation(models.Model):
    """One person's survey for one interview. ``send_at`` = interview done + the configured delay; the
    reminder goes once at ``remind_at`` if still unanswered; the link stops working at ``expires_at`` or
    once answered (``answered_at``)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="survey_invitations")
    audience = models.CharField(_("对象"), max_length=12, choices=Audience.choices)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("面试官"),
    )
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="invitations")
    send_at = models.DateTimeField(_("发送时间"), db_index=True)
    remind_at = models.DateTimeField(_("提醒时间"), db_index=True)
    expires_at = models.DateTimeField(_("失效时间"))
    reminded_at = models.DateTimeField(_("已提醒"), null=True, blank=True)
    answered_at = models.DateTimeField(_("已回答"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["interview", "audience", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview"], condition=models.Q(audience="candidate"), name="uniq_candidate_survey",
            ),
            models.UniqueConstraint(
                fields=["interview", "interviewer"], condition=models.Q(audience="interviewer"),
                name="uniq_interviewer_survey",
            ),
        ]
        verbose_name = _("问卷邀请")
        verbose_name_plural = _("问卷邀请")

    def __str__(self) -> str:
        return f"{self.interview_id}/{self.audience}/{self.interviewer_id or '-'}"


class SurveyResponse(models.Model):
    """A submitted survey. Position, round and month are copied in so the report groups without joins."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, related_name="response")
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="survey_responses")
    audience = models.CharField(_("对象"), max_length=12, choices=Audience.choices, db_index=True)
    position = models.ForeignKey("recruiting.Position", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("语言"), max_length=8, default="zh-hans")
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "id"]
        indexes = [models.Index(fields=["audience", "submitted_at"], name="survey_resp_aud_time_idx")]
        verbose_name = _("问卷回答")
        verbose_name_plural = _("问卷回答")

    def __str__(self) -> str:
        return f"{self.audience} @ {self.submitted_at:%Y-%m-%d}"


class SurveyAnswer(models.Model):
    """One answer. Audience, topic, interview, position, round, time and the chosen option are copied from the
    response and question when it is stored, so every report aggregate is one grouped scan of this table."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    scale = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    choices = models.JSONField(default=list, blank=True)
    text = EncryptedTextField(blank=True, default="")
    # copies for the report (never edited)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    topic = models.CharField(max_length=16, choices=SurveyQuestion.Topic.choices)
    choice = models.CharField(max_length=40, blank=True)  # a single-choice answer's value
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey("recruiting.Position", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["response", "question__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="uniq_survey_answer"),
        ]
        indexes = [models.Index(fields=["audience", "topic", "submitted_at"], name="survey_answer_report_idx")]
        verbose_name = _("问卷答案")
        verbose_name_plural = _("问卷答案")

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class SurveyTally(models.Model):
    """How many answers fall into one report cell: audience × topic × position × round × local day (Asia/Shanghai)
    × scale (0 = none) × single-choice value ('' = none). ``interviewer_id`` 0 is the answers themselves; a
    candidate's satisfaction answer is also counted once per interviewer of the interview's panel (the panel of a
    done interview can no longer change) in rows with that interviewer's user id. The report aggregates these few
    hundred rows instead of every answer. Maintained by ``submit_response`` in the submission's transaction and
    rebuilt by ``interviews.surveys.tallies.rebuild`` (``manage.py rebuild_survey_tallies``, or the RQ job
    ``interviews.surveys.jobs.rebuild_tallies_job`` queued when ``SurveyTallyMark`` no longer matches the answers).
    Counts only: no answer text, no person behind an answer."""

    audience = models.CharField(max_length=12, choices=Audience.choices)
    topic = models.CharField(max_length=16, choices=SurveyQuestion.Topic.choices)
    position = models.ForeignKey("recruiting.Position", on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="+")
    interviewer_id = models.PositiveIntegerField(default=0)
    day = models.DateField()
    scale = models.PositiveSmallIntegerField(default=0)
    choice = models.CharField(max_length=40, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "topic", "position", "round", "interviewer_id", "day", "scale", "choice"],
                name="uniq_survey_tally_cell",
            ),
        ]
        indexes = [models.Index(fields=["interviewer_id", "day"], name="survey_tally_iv_day_idx")]

    def __str__(self) -> str:
        return f"{self.audience}/{self.topic}/{self.day}: {self.n}"


class SurveyTallyMark(models.Model):
    """The answers the tallies account for (one row): their number and the highest id. When the answers table
    says otherwise (answers removed by a cascade delete, or stored by a path that bypassed ``submit_response``),
    the tallies are stale: a rebuild is queued on RQ and the report says its figures are being recalculated.
    ``rebuild_queued_at`` is when the last rebuild was queued (cleared when its job starts), so a report page
    queues one job, not one per view (interviews/surveys/jobs.py)."""

    answers = models.PositiveIntegerField(default=0)
    last_answer_id = models.PositiveBigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    rebuild_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.answers} answers ≤ {self.last_answer_id}"


class CompetencyRemark(models.Model):
    """An interviewer's remark on one competency from the evaluation form (shown in the interview summary)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="remarks")
    competency = models.ForeignKey("recruiting.Competency", on_delete=models.PROTECT, related_name="+")
    meets = models.BooleanField(_("符合要求"), null=True, blank=True)
    remark = EncryptedTextField(_("评语"), blank=True, default="")

    class Meta:
        ordering = ["response", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "competency"], name="uniq_competency_remark"),
        ]
        verbose_name = _("胜任力评语")
        verbose_name_plural = _("胜任力评语")

    def __str__(self) -> str:
        return f"{self.response_id}/{self.competency_id}"


class Suggestion(models.Model):
    """A suggestion a rule derived from the report, with the figures behind it. Nothing changes by itself:
    HR accepts (which opens a follow-up task for them, or changes the round's plan) or dismisses it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ACCEPTED = "accepted", _("已采纳")
        DISMISSED = "dismissed", _("已忽略")

    rule = models.CharField(_("规则"), max_length=40)
    subject_key = models.CharField(_("对象"), max_length=80)
    period = models.CharField(_("期间"), max_length=20)
    figures = models.JSONField(_("数据"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    task_title = models.CharField(_("待办事项"), max_length=300, blank=True)
    task_done = models.BooleanField(_("待办已完成"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["status", "-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "subject_key", "period"], name="uniq_suggestion"),
        ]
        verbose_name = _("改进建议")
        verbose_name_plural = _("改进建议")

    def __str__(self) -> str:
        return f"{self.rule}:{self.subject_key}"
