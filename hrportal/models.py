"""Core models: the audit log of personal-data access, and common abstract bases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedTextField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who viewed, changed, exported or deleted which personal data, when and from where."""

    class Action(models.TextChoices):
        VIEW = "view", _("查看")
        CREATE = "create", _("创建")
        CHANGE = "change", _("修改")
        EXPORT = "export", _("导出")
        DELETE = "delete", _("删除")
        LOGIN_FAILED = "login_fail", _("登录失败")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("操作人"),
    )
    actor_label = models.CharField(_("操作人标识"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    fields = models.JSONField(_("字段"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"


class PurgeRun(models.Model):
    """One run of the retention purge (hrportal.privacy.purge): its cut-off date, where it has got to and
    its counts. Each batch of candidates and the run's counters commit together, so a run that died
    mid-way is continued from ``cursor`` by the next start and its counts stay exact."""

    class Status(models.TextChoices):
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")

    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RUNNING, db_index=True)
    cutoff = models.DateField(_("保存期限早于"))
    cursor = models.BigIntegerField(_("已处理至候选人ID"), default=0)
    purged = models.PositiveIntegerField(_("已清除"), default=0)
    files_removed = models.PositiveIntegerField(_("已删除文件"), default=0)
    skipped = models.PositiveIntegerField(_("因法定保留跳过"), default=0)
    batches = models.PositiveIntegerField(_("批次数"), default=0)
    job_id = models.CharField(_("任务ID"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("保存期限清除任务")
        verbose_name_plural = _("保存期限清除任务")

    def __str__(self) -> str:
        return f"purge #{self.pk} {self.status} purged={self.purged}"

    def counts(self, *, dry_run: bool = False) -> dict:
        """The CLI contract's figures: ``{"purged", "files_removed", "skipped", "dry_run"}``."""
        return {"purged": self.purged, "files_removed": self.files_removed, "skipped": self.skipped,
                "dry_run": dry_run}


class RightsRequest(models.Model):
    """A candidate's request under PIPL Art. 44–47 / 24, made through their signed link: a reference number, a
    deadline of 15 working days, a status HR moves in the queue. ``subject_id`` is the candidate's id (the row
    stays after a purge, as a record that the request was answered); ``details`` is what the person wrote."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("查阅与复制（第45条）")
        CORRECTION = "correction", _("更正（第46条）")
        DELETION = "deletion", _("撤回同意并删除（第47条）")
        EXPLANATION = "explanation", _("自动化决策说明（第24条）")
        REVIEW = "review", _("要求人工复核（第24条）")

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        DONE = "done", _("已完成")
        HELD = "held", _("法定保留，暂不删除")
        REFUSED = "refused", _("已拒绝（附理由）")

    reference = models.CharField(_("受理编号"), max_length=24, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    subject_id = models.BigIntegerField(_("候选人ID"), db_index=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    details = EncryptedTextField(_("申请内容"), blank=True, default="")
    resolution = models.CharField(_("处理结果"), max_length=500, blank=True)
    due_on = models.DateField(_("答复期限"))
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("处理人"),
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("个人信息权利请求")
        verbose_name_plural = _("个人信息权利请求")

    def __str__(self) -> str:
        return f"{self.reference} {self.kind} {self.status}"


class AIOutput(models.Model):
    """One answer of an AI task (hrportal/ai): which backend and model produced it, under which prompt version,
    from inputs with which hash — so a candidate's request for an explanation (PIPL Art. 24) stays answerable.
    Holds no text of the inputs or the answer: the app that asked keeps the answer on its own rows and points
    here. ``fallback_reason`` says why the deterministic engine answered although an endpoint was configured."""

    class Backend(models.TextChoices):
        DETERMINISTIC = "deterministic", _("确定性引擎")
        OPENAI_COMPATIBLE = "openai_compatible", _("OpenAI 兼容接口")

    task = models.CharField(_("任务"), max_length=60, db_index=True)
    backend = models.CharField(_("后端"), max_length=20, choices=Backend.choices)
    model = models.CharField(_("模型/引擎版本"), max_length=120)
    prompt_version = models.CharField(_("提示词版本"), max_length=40, blank=True)
    inputs_hash = models.CharField(_("输入哈希"), max_length=64, db_index=True)
    fallback_reason = models.CharField(_("回退原因"), max_length=60, blank=True)
    latency_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("AI输出记录")
        verbose_name_plural = _("AI输出记录")

    def __str__(self) -> str:
        return f"{self.task} {self.backend}:{self.model}"

    @property
    def provenance(self) -> dict:
        """What an app stores beside its answer (and shows in an explanation)."""
        return {"ai_output": self.pk, "backend": self.backend, "model": self.model,
                "prompt_version": self.prompt_version, "inputs_hash": self.inputs_hash,
                "fallback_reason": self.fallback_reason}
