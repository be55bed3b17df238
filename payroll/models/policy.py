"""City social-insurance and housing-fund policy as date-effective data (never literals in formulas)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.models import TimeStampedModel


class City(TimeStampedModel):
    code = models.CharField(_("编码"), max_length=16, unique=True, help_text=_("例如 beijing、shanghai"))
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=50, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("城市")
        verbose_name_plural = _("城市")

    def __str__(self) -> str:
        return self.name


class InsuranceLine(models.TextChoices):
    PENSION = "pension", _("养老保险")
    MEDICAL = "medical", _("医疗保险")
    UNEMPLOYMENT = "unemployment", _("失业保险")
    WORK_INJURY = "work_injury", _("工伤保险")
    MATERNITY = "maternity", _("生育保险")
    HOUSING_FUND = "housing_fund", _("住房公积金")
    SUPPLEMENTARY_HOUSING_FUND = "supplementary_hf", _("补充住房公积金")


class Rounding(models.TextChoices):
    FEN_HALF_UP = "fen_half_up", _("到分，四舍五入")
    JIAO_UP = "jiao_up", _("到角，见分进角")
    YUAN_HALF_UP = "yuan_half_up", _("到元，四舍五入")


class ContributionRule(TimeStampedModel):
    """One insurance line of one city over one effective-date range: the base's bounds, both sides' rates,
    fixed add-ons and the rounding rule, with the source that gives them."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="rules", verbose_name=_("城市"))
    line = models.CharField(_("险种"), max_length=20, choices=InsuranceLine.choices)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("含当日；空表示仍有效"))
    base_lower = models.DecimalField(_("缴费基数下限（元）"), max_digits=10, decimal_places=2)
    base_upper = models.DecimalField(_("缴费基数上限（元）"), max_digits=10, decimal_places=2)
    employer_rate = models.DecimalField(_("单位比例"), max_digits=6, decimal_places=5)
    employee_rate = models.DecimalField(_("个人比例"), max_digits=6, decimal_places=5)
    employer_fixed = models.DecimalField(_("单位固定额（元/月）"), max_digits=8, decimal_places=2, default=0)
    employee_fixed = models.DecimalField(_("个人固定额（元/月）"), max_digits=8, decimal_places=2, default=0)
    rounding = models.CharField(_("舍入规则"), max_length=16, choices=Rounding.choices, default=Rounding.FEN_HALF_UP)
    source = models.TextField(_("来源"))
    unverified = models.TextField(
        _("未核实的内容"), blank=True, help_text=_("参考资料标为 UNVERIFIED 的数字；政策页上会标出"),
    )

    class Meta:
        ordering = ["city", "line", "valid_from"]
        verbose_name = _("社保公积金政策")
        verbose_name_plural = _("社保公积金政策")
        constraints = [
            models.UniqueConstraint(fields=["city", "line", "valid_from"], name="uniq_contribution_rule_start"),
            models.CheckConstraint(condition=Q(base_lower__lte=models.F("base_upper")), name="rule_base_bounds_ordered"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="rule_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.get_line_display()} {self.valid_from:%Y-%m}"

    def clean(self):
        super().clean()
        if self.base_lower is not None and self.base_upper is not None and self.base_lower > self.base_upper:
            raise ValidationError({"base_upper": gettext("基数上限不能低于下限。")})
        for rate in ("employer_rate", "employee_rate"):
            value = getattr(self, rate)
            if value is not None and not (0 <= value < 1):
                raise ValidationError({rate: gettext("比例应在 0 与 1 之间（例如 0.08 表示 8%）。")})
        if self.city_id and self.line and self.valid_from:
            overlapping = ContributionRule.objects.filter(city_id=self.city_id, line=self.line).exclude(pk=self.pk)
            overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
            if self.valid_to is not None:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            if overlapping.exists():
                raise ValidationError(gettext("同一城市同一险种的生效期间不能重叠。"))


class MinimumWage(TimeStampedModel):
    """The city's monthly minimum wage from a date (probation pay checks, the housing fund's lower bound)."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="minimum_wages", verbose_name=_("城市"))
    valid_from = models.DateField(_("生效日期"))
    monthly = models.DecimalField(_("月最低工资（元）"), max_digits=8, decimal_places=2)
    source = models.TextField(_("来源"))
    unverified = models.TextField(_("未核实的内容"), blank=True)

    class Meta:
        ordering = ["city", "valid_from"]
        verbose_name = _("最低工资标准")
        verbose_name_plural = _("最低工资标准")
        constraints = [models.UniqueConstraint(fields=["city", "valid_from"], name="uniq_minimum_wage_start")]

    def __str__(self) -> str:
        return f"{self.city} {self.monthly} ({self.valid_from})"
