"""EHR core: organisation, positions with competency models, employees with performance history. Historical hiring data is real rows (past applications that reached "hired", linked to the Employee and their reviews), so learning features read the same tables HR works in."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal import crypto, display_names
from hrportal.fields import EncryptedDecimalField, EncryptedTextField
from hrportal.models import TimeStampedModel


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

    @property
    def display_name(self) -> str:
        """The English name in English when there is one, else the Chinese name (hrportal.display_names)."""
        return display_names.display_name(self)


class Skill(models.Model):
    """One entry of the skill lexicon: a canonical name and every zh/en spelling that means it."""

    name = models.CharField(_("标准名称"), max_length=80, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    category = models.CharField(_("类别"), max_length=40, blank=True)
    aliases = models.JSONField(_("别名与同义词"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("技能")
        verbose_name_plural = _("技能词库")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The English name in English when there is one, else the Chinese name (hrportal.display_names)."""
        return display_names.display_name(self)

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

    @property
    def display_name(self) -> str:
        """The English name in English when there is one, else the Chinese name (hrportal.display_names)."""
        return display_names.display_name(self)


class SensitiveData(models.TextChoices):
    """Sensitive personal information a resume may carry (PIPL Art. 28): hidden and never parsed into fields
    unless the position requires the kind and HR recorded why (``Position.sensitive_data``)."""

    ID_NUMBER = "id_number", _("身份证号")
    HEALTH = "health", _("健康状况")
    RELIGION = "religion", _("宗教信仰")
    MARITAL = "marital", _("婚姻状况")


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
    # PIPL Art. 28–30: the sensitive data this position needs (e.g. a health certificate for food handling),
    # with the reason HR recorded; everything else stays masked and unparsed.
    sensitive_data = models.JSONField(_("岗位必需的敏感个人信息"), default=list, blank=True)
    sensitive_reason = models.CharField(_("必需的理由"), max_length=300, blank=True)
    # the careers page (issue 23): a position is public only when published, open and not past its closing date
    city = models.CharField(_("工作城市"), max_length=40, blank=True)
    published = models.BooleanField(_("在招聘官网发布"), default=False, db_index=True)
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    application_questions = models.TextField(_("附加问题"), blank=True, help_text=_("每行一个问题，求职者投递时可选填。"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("职位")
        verbose_name_plural = _("职位")

    def __str__(self) -> str:
        return f"{self.title_zh}（{self.code}）"

    @property
    def display_name(self) -> str:
        """The English name in English when there is one, else the Chinese name (hrportal.display_names)."""
        return display_names.display_name(self)

    def clean(self) -> None:
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            raise ValidationError({"salary_max": gettext("月薪上限不能低于下限。")})
        if self.sensitive_data and not self.sensitive_reason.strip():
            raise ValidationError({"sensitive_reason": gettext("选择了敏感个人信息时必须写明岗位必需的理由。")})

    def question_list(self) -> list[str]:
        return [line.strip() for line in (self.application_questions or "").splitlines() if line.strip()][:10]

    def required_sensitive(self) -> frozenset[str]:
        """The sensitive kinds this position may see and parse — only with a recorded reason."""
        if not self.sensitive_reason.strip():
            return frozenset()
        return frozenset(k for k in (self.sensitive_data or []) if k in SensitiveData.values)

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
