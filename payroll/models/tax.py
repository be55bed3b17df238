"""Tax-year data per employee: the mid-year flags with their evidence, the running totals after the last
closed month, and the special additional deductions the employee declared."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedDecimalField
from hrportal.models import TimeStampedModel


class TaxYearProfile(TimeStampedModel):
    employee = models.ForeignKey("recruiting.Employee", on_delete=models.PROTECT, related_name="tax_years", verbose_name=_("员工"))
    year = models.PositiveSmallIntegerField(_("纳税年度"))
    first_wage_income_in_year = models.BooleanField(
        _("本年首次取得工资薪金"), default=False, help_text=_("国家税务总局公告2020年第13号：减除费用从1月起算"),
    )
    first_wage_income_evidence = models.CharField(_("首次取得工资的证明"), max_length=200, blank=True)
    prior_year_same_employer_le_60000 = models.BooleanField(
        _("上年在本单位收入不超过6万元"), default=False, help_text=_("国家税务总局公告2020年第19号：全年6万元从1月起扣除"),
    )
    prior_year_evidence = models.CharField(_("上年收入的证明"), max_length=200, blank=True)
    # the line of the last closed month: its figures hold the year's running totals (encrypted with the line)
    last_closed_line = models.ForeignKey(
        "payroll.PayrollLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("最近关账的工资明细"),
    )
    closed_month = models.PositiveSmallIntegerField(_("已关账月份"), default=0)

    class Meta:
        ordering = ["employee", "year"]
        verbose_name = _("个税年度信息")
        verbose_name_plural = _("个税年度信息")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="uniq_tax_year_profile")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}"


class AdditionalDeduction(TimeStampedModel):
    """A special additional deduction (专项附加扣除) the employee declared for months of a year."""

    class Item(models.TextChoices):
        CHILDREN_EDUCATION = "children_education", _("子女教育")
        INFANT_CARE = "infant_care", _("3岁以下婴幼儿照护")
        ELDERLY_SUPPORT = "elderly_support", _("赡养老人")
        HOUSING_LOAN_INTEREST = "housing_loan_interest", _("住房贷款利息")
        HOUSING_RENT = "housing_rent", _("住房租金")
        CONTINUING_EDUCATION_DEGREE = "continuing_education_degree", _("继续教育（学历）")
        CONTINUING_EDUCATION_CERTIFICATE = "continuing_education_certificate", _("继续教育（职业资格）")
        SERIOUS_ILLNESS = "serious_illness", _("大病医疗")

    employee = models.ForeignKey("recruiting.Employee", on_delete=models.PROTECT, related_name="additional_deductions", verbose_name=_("员工"))
    year = models.PositiveSmallIntegerField(_("纳税年度"))
    item = models.CharField(_("项目"), max_length=40, choices=Item.choices)
    monthly_amount = EncryptedDecimalField(_("每月金额（元）"), help_text=_("职业资格继续教育：取得证书当月的金额"))
    units = models.PositiveSmallIntegerField(_("人数"), default=1, help_text=_("子女教育、婴幼儿照护：子女人数"))
    from_month = models.PositiveSmallIntegerField(_("起始月"))
    to_month = models.PositiveSmallIntegerField(_("截止月"), default=12)
    declared_on = models.DateField(_("申报日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["employee", "year", "item"]
        verbose_name = _("专项附加扣除")
        verbose_name_plural = _("专项附加扣除")

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.year}"
