"""Salary structures (company policy: components and ranges per position or grade) and employees' pay
records (personal: encrypted, versioned by effective date, never overwritten)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedDecimalField, EncryptedTextField
from hrportal.models import TimeStampedModel


class SalaryStructure(TimeStampedModel):
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    position = models.ForeignKey(
        "recruiting.Position", null=True, blank=True, on_delete=models.PROTECT, related_name="salary_structures",
        verbose_name=_("职位"),
    )
    grade = models.CharField(_("职级"), max_length=20, blank=True, help_text=_("不按职位时按职级，例如 P5"))
    valid_from = models.DateField(_("生效日期"))

    class Meta:
        ordering = ["name", "-valid_from"]
        verbose_name = _("薪酬结构")
        verbose_name_plural = _("薪酬结构")

    def __str__(self) -> str:
        return f"{self.name}（{self.valid_from:%Y-%m-%d}）"

    def clean(self):
        super().clean()
        if not self.position_id and not self.grade:
            raise ValidationError(gettext("薪酬结构须关联职位或职级。"))

    def midpoint_total(self) -> Decimal:
        return sum((c.midpoint for c in self.components.all()), Decimal("0"))


class SalaryComponent(models.Model):
    class Kind(models.TextChoices):
        BASE = "base", _("基本工资")
        POST = "post", _("岗位工资")
        PERFORMANCE = "performance", _("绩效奖金")
        ALLOWANCE = "allowance", _("补贴")

    structure = models.ForeignKey(SalaryStructure, on_delete=models.CASCADE, related_name="components", verbose_name=_("薪酬结构"))
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    code = models.SlugField(_("编码"), max_length=32, help_text=_("例如 base、post、bonus、meal"))
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=50, blank=True)
    minimum = models.DecimalField(_("下限（元/月）"), max_digits=10, decimal_places=2)
    midpoint = models.DecimalField(_("中位值（元/月）"), max_digits=10, decimal_places=2)
    maximum = models.DecimalField(_("上限（元/月）"), max_digits=10, decimal_places=2)
    target_percent = models.DecimalField(
        _("目标比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("绩效奖金：达标时占固定工资（基本工资＋岗位工资）的百分比"),
    )
    taxable = models.BooleanField(_("计税"), default=True, help_text=_("不计税的补贴（如符合规定的餐补）取消勾选"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["structure", "order", "id"]
        verbose_name = _("薪酬项目")
        verbose_name_plural = _("薪酬项目")
        constraints = [
            models.UniqueConstraint(fields=["structure", "code"], name="uniq_structure_component_code"),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("midpoint")) & models.Q(midpoint__lte=models.F("maximum")),
                name="component_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if None not in (self.minimum, self.midpoint, self.maximum) and not (self.minimum <= self.midpoint <= self.maximum):
            raise ValidationError(gettext("须满足 下限 ≤ 中位值 ≤ 上限。"))
        if self.kind == self.Kind.PERFORMANCE and self.target_percent is None:
            raise ValidationError({"target_percent": gettext("绩效奖金须填写目标比例。")})


class PayRecord(models.Model):
    """An employee's pay from ``valid_from`` until the next record: components (encrypted JSON), the
    contribution base, city and bank account. A change is a new record; existing records are never updated."""

    class BonusMethod(models.TextChoices):
        SEPARATE = "separate", _("单独计税")
        MERGED = "merged", _("并入综合所得")

    employee = models.ForeignKey("recruiting.Employee", on_delete=models.PROTECT, related_name="pay_records", verbose_name=_("员工"))
    valid_from = models.DateField(_("生效日期"))
    structure = models.ForeignKey(
        SalaryStructure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("薪酬结构"),
    )
    city = models.ForeignKey("payroll.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("社保缴纳城市"))
    components_data = EncryptedTextField(_("薪酬项目"), default="[]")
    contribution_base = EncryptedDecimalField(
        _("社保缴费基数（元）"), null=True, blank=True, help_text=_("通常为上年月平均工资；空则按本记录的计税固定工资"),
    )
    housing_fund_rate = models.DecimalField(
        _("公积金比例"), max_digits=5, decimal_places=4, null=True, blank=True, help_text=_("空则按城市政策的比例"),
    )
    bonus_method = models.CharField(_("年终奖计税方式"), max_length=10, choices=BonusMethod.choices, default=BonusMethod.SEPARATE)
    bank_name = models.CharField(_("开户行"), max_length=100, blank=True)
    bank_account = EncryptedTextField(_("银行账号"), blank=True, default="")
    reason = models.CharField(_("变动原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["employee", "-valid_from"]
        verbose_name = _("员工薪资记录")
        verbose_name_plural = _("员工薪资记录")
        constraints = [models.UniqueConstraint(fields=["employee", "valid_from"], name="uniq_pay_record_start")]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.valid_from}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("allow_update", False):
            raise ValidationError(gettext("薪资记录不可修改：请新增一条生效日期更晚的记录。"))
        super().save(*args, **kwargs)

    @property
    def components(self) -> list[dict]:
        """``[{"code", "name", "kind", "amount" (Decimal), "taxable"}]``"""
        rows = json.loads(self.components_data or "[]")
        return [{**row, "amount": Decimal(row["amount"])} for row in rows]

    @components.setter
    def components(self, rows: list[dict]) -> None:
        self.components_data = json.dumps(
            [{"code": r["code"], "name": r["name"], "kind": r.get("kind", "allowance"),
              "amount": str(Decimal(str(r["amount"])).quantize(Decimal("0.01"))), "taxable": bool(r.get("taxable", True))}
             for r in rows],
            ensure_ascii=False,
        )

    def monthly_total(self) -> Decimal:
        return sum((c["amount"] for c in self.components), Decimal("0"))
