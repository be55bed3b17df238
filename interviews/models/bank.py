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
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal import display_names
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
        RETIRED = "retired", _("已停用")

    class Effect(models.TextChoices):
        """The verdict of the score→performance model on this question (interviews/learning)."""

        UNKNOWN = "", _("尚无数据")
        INSUFFICIENT = "insufficient", _("样本不足")
        FLAGGED = "flagged", _("无明显效果")
        NEGATIVE = "negative", _("负相关")
        EFFECTIVE = "effective", _("有效")
        STRONG = "strong", _("高效")

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
    effectiveness_low = models.DecimalField(_("有效性区间下限"), max_digits=5, decimal_places=4, null=True, blank=True)
    effectiveness_high = models.DecimalField(_("有效性区间上限"), max_digits=5, decimal_places=4, null=True, blank=True)
    effectiveness_n = models.PositiveIntegerField(_("有效性样本数"), null=True, blank=True)
    effect = models.CharField(_("效果判断"), max_length=12, choices=Effect.choices, default="", blank=True)
    effectiveness_at = models.DateTimeField(_("有效性更新时间"), null=True, blank=True)
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

    @property
    def is_retired(self) -> bool:
        return self.status == self.Status.RETIRED

    @property
    def needs_review(self) -> bool:
        """The learning loop found no effect (or a negative one): HR should look at it and maybe retire it."""
        return self.effect in (self.Effect.FLAGGED, self.Effect.NEGATIVE) and not self.is_retired

    def effect_summary(self) -> str:
        """Why this question is (or is not) trusted, in one sentence: the learning loop's verdict with r,
        its interval and n, or how it came into the bank when there is no outcome data yet."""
        if self.is_retired:
            return gettext("已停用：与入职后绩效没有可辨别的关系，经审核后不再使用。")
        if self.effect in (self.Effect.STRONG, self.Effect.EFFECTIVE, self.Effect.FLAGGED, self.Effect.NEGATIVE):
            values = {"r": f"{float(self.effectiveness or 0):.2f}", "low": f"{float(self.effectiveness_low or 0):.2f}",
                      "high": f"{float(self.effectiveness_high or 0):.2f}", "n": self.effectiveness_n}
            texts = {
                self.Effect.STRONG: gettext("高效：本题得分与入职后绩效相关 r=%(r)s（95%% 区间 %(low)s–%(high)s，n=%(n)s）。"),
                self.Effect.EFFECTIVE: gettext("有效：本题得分与入职后绩效相关 r=%(r)s（95%% 区间 %(low)s–%(high)s，n=%(n)s）。"),
                self.Effect.FLAGGED: gettext("待审核：与绩效的相关 r=%(r)s 的区间 %(low)s–%(high)s 含 0（n=%(n)s），看不出效果。"),
                self.Effect.NEGATIVE: gettext("待审核：得分越高绩效越低 r=%(r)s（区间 %(low)s–%(high)s，n=%(n)s）。"),
            }
            return texts[self.effect] % values
        if self.effect == self.Effect.INSUFFICIENT:
            return gettext("样本不足：只有 %(n)s 名录用员工答过本题，尚不能判断效果。") % {"n": self.effectiveness_n or 0}
        if self.source == self.Source.GENERATED:
            return gettext("尚无绩效数据：按“%(competency)s”的%(type)s模板生成。") % {
                "competency": self.competency.display_name, "type": self.get_question_type_display()}
        return gettext("尚无绩效数据：人工添加的题目。")

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
            return gettext("“%(name)s”没有任何轮次考察。") % {"name": self.competency.display_name}
        return gettext("“%(name)s”还没有选定的题目。") % {"name": self.competency.display_name}


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
    name_en = models.CharField(_("英文名称"), max_length=60, blank=True, help_text=_("例如：First interview"))
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

    @property
    def display_name(self) -> str:
        """The English name in English when there is one, else the Chinese name (hrportal.display_names)."""
        return display_names.display_name(self)

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
