"""Monthly payroll runs, their lines (figures encrypted as one JSON per line) and the adjustments that carry
corrections into a later month."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedDecimalField, EncryptedTextField
from hrportal.models import TimeStampedModel


class PayrollRun(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        CALCULATING = "calculating", _("计算中")
        CALCULATED = "calculated", _("已计算")
        APPROVED = "approved", _("已审批")
        CLOSED = "closed", _("已关账")
        FAILED = "failed", _("计算失败")

    # draft → calculated → approved → closed; a calculated run may be recalculated or sent back to draft,
    # an approved one reopened to calculated; a closed run never changes (payroll/runs/services.py).
    TRANSITIONS = {
        Status.DRAFT: {Status.CALCULATING},
        Status.CALCULATING: {Status.CALCULATED, Status.FAILED},
        Status.FAILED: {Status.CALCULATING},
        Status.CALCULATED: {Status.CALCULATING, Status.APPROVED},
        Status.APPROVED: {Status.CALCULATED, Status.CLOSED},
        Status.CLOSED: set(),
    }

    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    departments = models.ManyToManyField(
        "recruiting.Department", blank=True, related_name="+", verbose_name=_("部门"), help_text=_("不选表示全部部门"),
    )
    pay_date = models.DateField(_("发薪日"))
    employee_count = models.PositiveIntegerField(_("人数"), default=0)
    processed = models.PositiveIntegerField(_("已计算人数"), default=0)
    cursor = models.BigIntegerField(default=0, editable=False)  # the last employee id whose line is committed
    calculation = models.PositiveIntegerField(default=0, editable=False)  # bumps on every (re)calculation
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    job_id = models.CharField(max_length=80, blank=True, editable=False)  # the RQ job now working on it
    error = models.TextField(_("错误"), blank=True)
    summary_data = EncryptedTextField(_("汇总"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("创建人"),
    )
    calculated_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("审批人"),
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("关账人"),
    )
    closed_at = models.DateTimeField(_("关账时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("工资核算")
        verbose_name_plural = _("工资核算")
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="uniq_payroll_period")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def period_label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def summary(self) -> dict:
        return json.loads(self.summary_data) if self.summary_data else {}

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.employee_count) if self.employee_count else (100 if self.processed else 0)


class PayrollLine(models.Model):
    """One employee's pay for a run. ``figures_data`` holds every amount (payroll/runs/compute.py's
    ``LineFigures.as_dict``), encrypted as one value."""

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="lines", verbose_name=_("工资核算"))
    employee = models.ForeignKey("recruiting.Employee", on_delete=models.PROTECT, related_name="payroll_lines", verbose_name=_("员工"))
    department = models.ForeignKey("recruiting.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门"))
    calculation = models.PositiveIntegerField(default=0)
    figures_data = EncryptedTextField(_("金额"))
    payslip_sent_at = models.DateTimeField(_("工资条发送时间"), null=True, blank=True)
    payslip_opened_at = models.DateTimeField(_("工资条查看时间"), null=True, blank=True)

    class Meta:
        ordering = ["run", "employee_id"]
        verbose_name = _("工资明细")
        verbose_name_plural = _("工资明细")
        constraints = [models.UniqueConstraint(fields=["run", "employee"], name="uniq_payroll_line")]

    def __str__(self) -> str:
        return f"{self.run} {self.employee_id}"

    @property
    def figures(self) -> dict:
        return json.loads(self.figures_data)


class PayrollAdjustment(TimeStampedModel):
    """An amount to add to (or take from) one employee's pay in a given month: a correction of a closed month,
    a performance payout, an unpaid-leave deduction or the annual one-off bonus."""

    class Kind(models.TextChoices):
        TAXABLE = "taxable", _("计税收入调整")
        TAX_FREE = "tax_free", _("免税收入调整")
        AFTER_TAX = "after_tax", _("税后扣款/补发")
        ANNUAL_BONUS = "annual_bonus", _("全年一次性奖金")

    employee = models.ForeignKey("recruiting.Employee", on_delete=models.PROTECT, related_name="payroll_adjustments", verbose_name=_("员工"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("计入月份"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    amount = EncryptedDecimalField(_("金额（元）"), help_text=_("扣款填负数"))
    reason = models.CharField(_("原因"), max_length=200)
    corrects = models.ForeignKey(
        PayrollRun, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("更正的期间"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("创建人"),
    )

    class Meta:
        ordering = ["year", "month", "employee"]
        verbose_name = _("工资调整")
        verbose_name_plural = _("工资调整")
        indexes = [models.Index(fields=["year", "month"], name="payroll_adjustment_period")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}-{self.month:02d} {self.get_kind_display()}"
