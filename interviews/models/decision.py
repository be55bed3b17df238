"""Calibration models, versioned interview weight sets for the composite, and the hiring decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    the score→performance model (interviews/learning) stores each fit as a new version with method
    "regression", **proposed** (inactive) until HR or an admin activates or rejects it — new weights are never
    applied silently. A fitted set keeps its data hash, n, metrics and the whole fit (coefficients, intervals,
    question effects) and who activated or rejected it."""

    class Method(models.TextChoices):
        EQUAL = "equal", _("等权")
        MANUAL = "manual", _("人工设定")
        REGRESSION = "regression", _("绩效回归")

    class Review(models.TextChoices):
        NONE = "", _("无需审核")
        PROPOSED = "proposed", _("待审核")
        ACTIVATED = "activated", _("已启用")
        REJECTED = "rejected", _("已拒绝")

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
    review = models.CharField(_("审核"), max_length=10, choices=Review.choices, default=Review.NONE, blank=True,
                              db_index=True)
    data_hash = models.CharField(_("数据指纹"), max_length=64, blank=True)
    hires_used = models.PositiveIntegerField(_("样本数"), null=True, blank=True)
    metrics = models.JSONField(_("指标"), default=dict, blank=True)
    fit = models.JSONField(_("拟合结果"), default=dict, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("启用人"),
    )
    activated_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("拒绝人"),
    )
    rejected_at = models.DateTimeField(_("拒绝时间"), null=True, blank=True)
    review_note = models.CharField(_("审核说明"), max_length=300, blank=True)

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
