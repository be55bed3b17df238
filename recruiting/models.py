"""EHR core: organisation, positions with competency models, employees with performance history,
candidates and their applications. Historical hiring data is real rows here (past applications that
reached "hired", linked to the Employee and their reviews), so learning features read the same tables
HR works in.
"""

from __future__ import annotations

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
from recruiting.pipeline import Stage
from recruiting.signals import application_stage_changed


class Education(models.TextChoices):
    """The five canonical degrees (shared with the resume parser)."""

    SECONDARY = "中专/高中", _("中专/高中")
    ASSOCIATE = "大专", _("大专")
    BACHELOR = "本科", _("本科")
    MASTER = "硕士", _("硕士")
    DOCTORATE = "博士", _("博士")


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values, start=1)}


class Department(TimeStampedModel):
    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级部门")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """One entry of the skill lexicon: a canonical name and every zh/en spelling that means it."""

    name = models.CharField(_("标准名称"), max_length=80, unique=True)
    category = models.CharField(_("类别"), max_length=40, blank=True)
    aliases = models.JSONField(_("别名与同义词"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("技能")
        verbose_name_plural = _("技能词库")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": gettext("别名必须是字符串列表。")})

    def spellings(self) -> list[str]:
        return [self.name, *self.aliases]


class Competency(TimeStampedModel):
    """A competency dimension with behaviourally anchored rating scale (BARS) anchors for 1, 3 and 5."""

    code = models.CharField(_("编码"), max_length=40, unique=True)
    name_zh = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    description = models.TextField(_("定义"), blank=True)
    anchor_1 = models.TextField(_("1分行为描述"))
    anchor_3 = models.TextField(_("3分行为描述"))
    anchor_5 = models.TextField(_("5分行为描述"))
    evidence_keywords = models.JSONField(_("证据关键词"), default=list, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("胜任力")
        verbose_name_plural = _("胜任力")

    def __str__(self) -> str:
        return self.name_zh


class Position(TimeStampedModel):
    class Priority(models.TextChoices):
        LOW = "low", _("低")
        NORMAL = "normal", _("普通")
        HIGH = "high", _("高")
        URGENT = "urgent", _("紧急")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("招聘中")
        PAUSED = "paused", _("暂停")
        CLOSED = "closed", _("已关闭")

    code = models.CharField(_("职位编码"), max_length=32, unique=True)
    title_zh = models.CharField(_("职位名称"), max_length=100)
    title_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="positions", verbose_name=_("部门"))
    duties = models.TextField(_("岗位职责"), blank=True)
    requirements = models.TextField(_("任职要求"), blank=True)
    min_years = models.PositiveSmallIntegerField(_("最低工作年限"), default=0)
    min_education = models.CharField(_("最低学历"), max_length=10, choices=Education.choices, blank=True)
    headcount = models.PositiveSmallIntegerField(_("招聘人数"), default=1, validators=[MinValueValidator(1)])
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    salary_min = models.DecimalField(_("月薪下限（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(_("月薪上限（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("用人经理"),
    )
    competencies = models.ManyToManyField(Competency, through="PositionCompetency", related_name="positions")

    class Meta:
        ordering = ["code"]
        verbose_name = _("职位")
        verbose_name_plural = _("职位")

    def __str__(self) -> str:
        return f"{self.title_zh}（{self.code}）"

    def clean(self) -> None:
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            raise ValidationError({"salary_max": gettext("月薪上限不能低于下限。")})

    def weight_total(self) -> Decimal:
        return sum((pc.weight for pc in self.position_competencies.all()), Decimal("0"))


class PositionCompetency(models.Model):
    """One dimension of a position's competency model; weights of a position sum to 100 %."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="position_competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("胜任力"))
    weight = models.DecimalField(
        _("权重（%）"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    must_have_skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("必备技能"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["position", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["position", "competency"], name="uniq_position_competency")]
        verbose_name = _("职位胜任力")
        verbose_name_plural = _("职位胜任力模型")

    def __str__(self) -> str:
        return f"{self.competency} {self.weight}%"


class Employee(TimeStampedModel):
    employee_no = models.CharField(_("工号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="employee",
        verbose_name=_("登录账号"),
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="employees", verbose_name=_("部门"))
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="employees", verbose_name=_("职位")
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports", verbose_name=_("直属上级")
    )
    hire_date = models.DateField(_("入职日期"))
    leave_date = models.DateField(_("离职日期"), null=True, blank=True)
    wecom_userid = models.CharField(_("企业微信账号"), max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(_("手机号"), blank=True, default="")
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    email = EncryptedTextField(_("邮箱"), blank=True, default="")
    id_number = EncryptedTextField(_("身份证号"), blank=True, default="")
    base_salary = EncryptedDecimalField(_("月基本工资（元）"), null=True, blank=True)
    hired_through = models.OneToOneField(
        "Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="employee",
        verbose_name=_("录用来源申请"),
    )

    class Meta:
        ordering = ["employee_no"]
        verbose_name = _("员工")
        verbose_name_plural = _("员工")
        constraints = [
            models.UniqueConstraint(
                fields=["wecom_userid"], condition=~models.Q(wecom_userid=""), name="uniq_employee_wecom_userid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    def save(self, *args, **kwargs):
        self.phone_hash = crypto.blind_index(self.phone or "", kind="phone")
        super().save(*args, **kwargs)


class PerformanceReview(models.Model):
    class Rating(models.TextChoices):
        S = "S", _("S 卓越")
        A = "A", _("A 优秀")
        B = "B", _("B 达标")
        C = "C", _("C 待改进")
        D = "D", _("D 不合格")

    RATING_SCORE = {"S": 95, "A": 85, "B": 75, "C": 60, "D": 40}

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("员工"))
    period = models.CharField(_("考核周期"), max_length=10, help_text=_("例如 2024H1 或 2024"))
    rating = models.CharField(_("等级"), max_length=1, choices=Rating.choices)
    score = models.DecimalField(
        _("分数"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    reviewed_on = models.DateField(_("考核日期"), null=True, blank=True)

    class Meta:
        ordering = ["employee", "period"]
        constraints = [models.UniqueConstraint(fields=["employee", "period"], name="uniq_review_period")]
        verbose_name = _("绩效考核")
        verbose_name_plural = _("绩效考核")

    def __str__(self) -> str:
        return f"{self.employee.name} {self.period} {self.rating}"


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
        days = settings.CANDIDATE_RETENTION_DAYS if retention_days is None else retention_days
        self.consent_at = at
        self.consent_version = version
        self.retention_until = (timezone.localtime(at) + timedelta(days=days)).date()



class IllegalStageMove(ValidationError):
    """An application was asked to move along an edge the pipeline does not declare."""


class Application(TimeStampedModel):
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

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "position"], name="uniq_application")]
        indexes = [models.Index(fields=["position", "stage"])]
        verbose_name = _("应聘申请")
        verbose_name_plural = _("应聘申请")

    def __str__(self) -> str:
        return f"{self.candidate} → {self.position.title_zh}"

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
            application=self, from_stage=self.stage, to_stage=new_stage, changed_by=by, reason=reason[:500], at=at
        )
        previous = self.stage
        self.stage = new_stage
        self.stage_changed_at = at
        type(self).objects.filter(pk=self.pk).update(stage=new_stage, stage_changed_at=at)
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

    class Meta:
        ordering = ["application", "at", "id"]
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


# --- Resume intake and screening (issue 3) -------------------------------------------------------


class IntakeBatch(TimeStampedModel):
    """One upload (files, a zip, pasted text) or one `import_resumes` call, with a line per file."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("上传")
        PASTE = "paste", _("粘贴文本")
        COMMAND = "command", _("命令行")

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
