"""Screening: versioned weight sets per position, screening runs with their items, and results with engine version, breakdown and explanation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrportal.models import TimeStampedModel
from recruiting.models.ehr import Position


class ScreeningWeightSet(models.Model):
    """A versioned set of screening component weights for a position: the configured defaults or an
    adjustment learned from past hires. Every screening result names the set it used."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="weight_sets", verbose_name=_("职位"))
    version = models.PositiveIntegerField(_("版本"))
    weights = models.JSONField(_("权重"), default=dict)
    insights = models.JSONField(_("历史洞察"), default=list, blank=True)
    hires_used = models.PositiveIntegerField(_("参与拟合的入职人数"), default=0)
    method = models.CharField(_("方法"), max_length=60, blank=True)
    is_active = models.BooleanField(_("当前生效"), default=False, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["position", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["position", "version"], name="uniq_weight_set_version"),
            models.UniqueConstraint(
                fields=["position"], condition=models.Q(is_active=True), name="one_active_weight_set"
            ),
        ]
        verbose_name = _("筛选权重版本")
        verbose_name_plural = _("筛选权重版本")

    def __str__(self) -> str:
        return f"{self.position.code} v{self.version}"


class ScreeningRun(TimeStampedModel):
    """A batch screening of applications for a position, processed on the queue with progress n/N."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="screening_runs", verbose_name=_("职位"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField(_("总数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    failed = models.PositiveIntegerField(_("失败数"), default=0)
    engine_version = models.CharField(_("引擎版本"), max_length=20, blank=True)
    weight_set = models.ForeignKey(
        ScreeningWeightSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("权重版本")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("发起人"),
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    timings = models.JSONField(_("耗时统计"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("筛选批次")
        verbose_name_plural = _("筛选批次")

    def __str__(self) -> str:
        return f"{self.position.code} #{self.pk}"


class ScreeningRunItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("Application", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(_("错误"), blank=True)
    result = models.ForeignKey("ScreeningResult", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "application"], name="uniq_run_application")]
        verbose_name = _("筛选明细")
        verbose_name_plural = _("筛选明细")

    def __str__(self) -> str:
        return f"{self.run_id}/{self.application_id}: {self.status}"


class ScreeningResult(models.Model):
    """One explainable AI screening score of an application. The same inputs (resume, position model,
    weights, engine version) always give the same row: ``inputs_hash`` is unique per application."""

    application = models.ForeignKey(
        "Application", on_delete=models.CASCADE, related_name="screening_results", verbose_name=_("应聘申请")
    )
    run = models.ForeignKey(ScreeningRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="results")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    breakdown = models.JSONField(_("得分构成"), default=dict)
    flags = models.JSONField(_("提示"), default=list, blank=True)
    matched_terms = models.JSONField(_("匹配词"), default=list, blank=True)
    explanation_zh = models.TextField(_("中文解释"), blank=True)
    explanation_en = models.TextField(_("英文解释"), blank=True)
    engine_version = models.CharField(_("引擎版本"), max_length=20)
    weight_set = models.ForeignKey(
        ScreeningWeightSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("权重版本")
    )
    weights_version = models.CharField(_("权重标识"), max_length=80, blank=True)
    inputs_hash = models.CharField(_("输入摘要"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "inputs_hash"], name="uniq_result_inputs")
        ]
        verbose_name = _("筛选结果")
        verbose_name_plural = _("筛选结果")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.score}"
