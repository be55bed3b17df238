"""Candidates and their applications: the stage pipeline (``Application.set_stage`` enforces ``recruiting.pipeline``), its history and the interview dimension scores rolled up per application."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal import crypto
from hrportal.fields import EncryptedDecimalField, EncryptedTextField
from hrportal.models import TimeStampedModel
from recruiting import pipeline
from recruiting.models.ehr import Competency, Education, Position
from recruiting.pipeline import Stage
from recruiting.signals import application_stage_changed


class Candidate(TimeStampedModel):
    class Source(models.TextChoices):
        REFERRAL = "referral", _("内部推荐")
        JOB_BOARD = "job_board", _("招聘网站")
        CAMPUS = "campus", _("校园招聘")
        HEADHUNTER = "headhunter", _("猎头")
        WEBSITE = "website", _("公司官网")
        OTHER = "other", _("其他")

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    phone = EncryptedTextField(_("手机号"), blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email = EncryptedTextField(_("邮箱"), blank=True, default="")
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number = EncryptedTextField(_("身份证号"), blank=True, default="")
    city = models.CharField(_("所在城市"), max_length=40, blank=True)
    current_title = models.CharField(_("当前职位"), max_length=100, blank=True)
    current_company = models.CharField(_("当前公司"), max_length=120, blank=True)
    years_experience = models.DecimalField(_("工作年限"), max_digits=4, decimal_places=1, null=True, blank=True)
    highest_education = models.CharField(_("最高学历"), max_length=10, choices=Education.choices, blank=True)
    expected_salary = EncryptedDecimalField(_("期望月薪（元）"), null=True, blank=True)
    resume_text = EncryptedTextField(_("简历文本"), blank=True, default="")
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.OTHER)
    # Consent at intake (PIPL Art. 13/14/17): what was agreed, when, and until when the data is kept.
    consent_at = models.DateTimeField(_("同意时间"), null=True, blank=True)
    consent_version = models.CharField(_("告知书版本"), max_length=20, blank=True)
    retention_until = models.DateField(_("保存期限至"), null=True, blank=True, db_index=True)
    talent_pool_consent = models.BooleanField(_("同意进入人才库"), default=False)
    # Set by the retention purge (recruiting/retention/erasers.py): the row then holds only figures for
    # statistics, and ``name`` is a random pseudonym.
    purged_at = models.DateTimeField(_("个人信息清除时间"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.phone_hash = crypto.blind_index(self.phone or "", kind="phone")
        self.email_hash = crypto.blind_index(self.email or "", kind="email")
        super().save(*args, **kwargs)

    def record_consent(self, *, version: str, at=None, retention_days: int | None = None) -> None:
        at = at or timezone.now()
        if retention_days is None:
            # A candidate who agreed to the talent pool keeps their own, longer date (PIPL Art. 19 / 47).
            pool = self.talent_pool_consent
            retention_days = settings.TALENT_POOL_RETENTION_DAYS if pool else settings.CANDIDATE_RETENTION_DAYS
        days = retention_days
        self.consent_at = at
        self.consent_version = version
        self.retention_until = (timezone.localtime(at) + timedelta(days=days)).date()


class IllegalStageMove(ValidationError):
    """An application was asked to move along an edge the pipeline does not declare."""


class Application(TimeStampedModel):
    class Source(models.TextChoices):
        """Where the application came from (issue 23 item 4; the analytics' source report reads it)."""

        CAREERS = "careers", _("招聘官网")
        REFERRAL = "referral", _("内部推荐")
        EMAIL = "email", _("邮件投递")
        HR_UPLOAD = "hr_upload", _("HR 上传")
        API = "api", _("接口")
        JOB_BOARD = "job_board", _("招聘网站")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications", verbose_name=_("候选人"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="applications", verbose_name=_("职位"))
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.NEW, db_index=True)
    stage_changed_at = models.DateTimeField(_("阶段变更时间"), default=timezone.now)
    applied_at = models.DateTimeField(_("投递时间"), default=timezone.now, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("负责招聘专员"),
    )
    screening_score = models.DecimalField(_("筛选得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("投递来源"), max_length=20, choices=Source.choices, default=Source.HR_UPLOAD, db_index=True)
    # the job board's name of a tagged link (?src=...); empty for the other sources
    source_detail = models.CharField(_("来源说明"), max_length=40, blank=True)
    referrer = models.ForeignKey(
        "recruiting.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals",
        verbose_name=_("推荐人"),
    )
    # The candidate's own consent to this application (careers page): notice version, time and client address.
    consent_at = models.DateTimeField(_("申请同意时间"), null=True, blank=True)
    consent_version = models.CharField(_("申请告知书版本"), max_length=20, blank=True)
    consent_ip = EncryptedTextField(_("同意时的 IP 地址"), blank=True, default="")
    # answers to the position's questions, as the candidate typed them (JSON list of {"q", "a"})
    answers = EncryptedTextField(_("附加问题回答"), blank=True, default="")
    # Written by the history import (recruiting/history/writers.py) and the demo's past applications: such a
    # row is counted apart from live ones in every figure (analytics, the dashboard), never mixed in.
    is_historical = models.BooleanField(_("历史导入"), default=False, db_index=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "position"], name="uniq_application")]
        indexes = [models.Index(fields=["position", "stage"]),
                   models.Index(fields=["updated_at"], name="application_updated_idx")]  # API ?updated_since=
        verbose_name = _("应聘申请")
        verbose_name_plural = _("应聘申请")

    def __str__(self) -> str:
        return f"{self.candidate} → {self.position.title_zh}"

    def answer_list(self) -> list[dict]:
        """The candidate's answers to the position's questions ([{"q", "a"}]); [] when none or unreadable."""
        try:
            value = json.loads(self.answers) if self.answers else []
        except ValueError:
            return []
        return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []

    def source_label(self) -> str:
        """The source as HR reads it: "招聘网站 · boss" for a tagged link."""
        label = str(self.get_source_display())
        return f"{label} · {self.source_detail}" if self.source_detail else label

    def allowed_moves(self) -> tuple[str, ...]:
        return pipeline.allowed_moves(self.stage)

    @transaction.atomic
    def set_stage(self, new_stage: str, *, by=None, reason: str = "", at=None) -> ApplicationStageChange:
        """Move along a declared pipeline edge, or raise IllegalStageMove with a message HR can read.

        Records who/when/why in the stage history and sends ``application_stage_changed``. The row is
        locked while it moves so two clicks cannot both pass the check.
        """
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        self.stage = locked.stage
        if new_stage not in Stage.values:
            raise IllegalStageMove(gettext("未知的阶段：%(stage)s") % {"stage": new_stage})
        if not pipeline.is_legal(self.stage, new_stage):
            raise IllegalStageMove(
                gettext("不能从“%(from)s”转到“%(to)s”。") % {"from": Stage(self.stage).label, "to": Stage(new_stage).label}
            )
        reason = (reason or "").strip()
        if new_stage in pipeline.REASON_REQUIRED and not reason:
            raise IllegalStageMove(gettext("转到“%(to)s”需要填写原因。") % {"to": Stage(new_stage).label})
        at = at or timezone.now()
        change = ApplicationStageChange.objects.create(
            application=self, from_stage=self.stage, to_stage=new_stage, changed_by=by, reason=reason[:500], at=at,
            entered_at=ApplicationStageChange.objects.filter(application=self, to_stage=self.stage)
            .aggregate(last=models.Max("at"))["last"] or locked.applied_at,
        )
        previous = self.stage
        self.stage = new_stage
        self.stage_changed_at = at
        # updated_at too: API clients sync by ?updated_since= (issue 21)
        type(self).objects.filter(pk=self.pk).update(stage=new_stage, stage_changed_at=at, updated_at=timezone.now())
        application_stage_changed.send(sender=type(self), application=self, previous=previous, change=change)
        return change


class ApplicationStageChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_history")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("操作人"),
    )
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    # When the application entered ``from_stage``: the move into it, or 投递时间 for 新投递. Kept so time in stage
    # is one subtraction, not a self-join of the history (recruiting/stage_facts.py writes and rebuilds it).
    entered_at = models.DateTimeField(_("进入原阶段时间"), null=True, blank=True)

    class Meta:
        ordering = ["application", "at", "id"]
        indexes = [models.Index(fields=["application", "to_stage"], name="stagechange_app_to"),
                   models.Index(fields=["at"], name="stagechange_at")]  # the analytics' part-months
        verbose_name = _("阶段变更记录")
        verbose_name_plural = _("阶段变更记录")

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class ApplicationCompetencyScore(models.Model):
    """A per-competency interview score (1–5 BARS) of an application: imported history today,
    rolled up from scorecards once the interviews app writes them."""

    class Source(models.TextChoices):
        IMPORT = "import", _("历史导入")
        INTERVIEW = "interview", _("面试评分")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="competency_scores")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("胜任力"))
    score = models.DecimalField(
        _("得分"), max_digits=3, decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.IMPORT)
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "competency", "source"], name="uniq_app_competency_score")
        ]
        verbose_name = _("胜任力得分")
        verbose_name_plural = _("胜任力得分")

    def __str__(self) -> str:
        return f"{self.competency}: {self.score}"
