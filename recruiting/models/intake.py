"""Resume intake: batches, stored resume files (encrypted, sha256), per-file items with their outcome, and queued uploads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedTextField
from hrportal.models import TimeStampedModel
from recruiting.models.candidates import Candidate
from recruiting.models.ehr import Position


class IntakeBatch(TimeStampedModel):
    """One upload (files, a zip, pasted text) or one `import_resumes` call, with a line per file."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("上传")
        PASTE = "paste", _("粘贴文本")
        COMMAND = "command", _("命令行")
        CAREERS = "careers", _("招聘官网")
        EMAIL = "email", _("邮件")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")

    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="intake_batches",
        verbose_name=_("职位"), help_text=_("为空表示进入人才库"),
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("操作人"),
    )
    # Uploads from the page are processed by a job (recruiting.intake.jobs); the command runs inline.
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DONE, db_index=True)
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    screening_run = models.ForeignKey(
        "ScreeningRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("筛选任务"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("简历导入批次")
        verbose_name_plural = _("简历导入批次")

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class Resume(TimeStampedModel):
    """A stored resume file: bytes encrypted on disk, text and parse result encrypted in the row.

    One row per distinct file (sha256): the same file uploaded again links to the existing row.
    """

    class Status(models.TextChoices):
        PARSED = "parsed", _("已解析")
        FAILED = "failed", _("无法读取")

    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="resumes", verbose_name=_("候选人")
    )
    original_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    file_kind = models.CharField(_("格式"), max_length=10, blank=True)
    stored_path = models.CharField(_("存储路径"), max_length=300, blank=True)
    text = EncryptedTextField(_("文本"), blank=True, default="")
    parsed = EncryptedTextField(_("解析结果（JSON）"), blank=True, default="")
    parser_version = models.CharField(_("解析器版本"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PARSED)
    error_code = models.CharField(_("错误代码"), max_length=20, blank=True)
    error_message = models.TextField(_("错误说明"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("上传人"),
    )
    batch = models.ForeignKey(IntakeBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="resumes")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("简历文件")
        verbose_name_plural = _("简历文件")

    def __str__(self) -> str:
        return self.original_name


class IntakeItem(models.Model):
    """What happened to one file of a batch, in words HR can read."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("新建候选人")
        DUPLICATE_FILE = "duplicate_file", _("相同文件，已关联已有候选人")
        SAME_PERSON = "same_person", _("同一人（手机/邮箱相同），已关联已有候选人")
        FAILED = "failed", _("失败")

    batch = models.ForeignKey(IntakeBatch, on_delete=models.CASCADE, related_name="items")
    filename = models.CharField(_("文件名"), max_length=255)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    message = models.TextField(_("说明"), blank=True)
    candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resume = models.ForeignKey(Resume, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    application = models.ForeignKey("Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    upload = models.ForeignKey("IntakeUpload", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("导入明细")
        verbose_name_plural = _("导入明细")

    def __str__(self) -> str:
        return f"{self.filename}: {self.outcome}"


class IntakeUpload(models.Model):
    """One uploaded file (a resume or a zip) waiting for the intake job, kept encrypted until processed.

    Its documents are processed in order; the number of items already written for it is where a resumed job
    starts again, so a worker killed mid-upload neither loses nor repeats a document."""

    batch = models.ForeignKey(IntakeBatch, on_delete=models.CASCADE, related_name="uploads")
    order = models.PositiveIntegerField(default=0)
    filename = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    stored_path = models.CharField(max_length=300, blank=True)
    finished = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch", "order", "id"]
        verbose_name = _("待处理上传")
        verbose_name_plural = _("待处理上传")

    def __str__(self) -> str:
        return self.filename
