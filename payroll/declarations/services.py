"""Writes of tax-year declarations: the No. 13 / No. 19 flags and special additional deductions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hrportal import audit
from payroll.models import AdditionalDeduction, TaxYearProfile
from payroll.tax import tables


@transaction.atomic
def set_tax_year_flags(
    *, employee, year: int, by, first_wage_income_in_year: bool = False, first_wage_income_evidence: str = "",
    prior_year_same_employer_le_60000: bool = False, prior_year_evidence: str = "",
) -> TaxYearProfile:
    """Record the mid-year rules that apply, each with its evidence (a flag without evidence is refused)."""
    if first_wage_income_in_year and not first_wage_income_evidence.strip():
        raise ValidationError(_("“本年首次取得工资薪金”须注明证明材料（如毕业证或本人声明）。"))
    if prior_year_same_employer_le_60000 and not prior_year_evidence.strip():
        raise ValidationError(_("“上年在本单位收入不超过6万元”须注明证明材料。"))
    profile, _created = TaxYearProfile.objects.select_for_update().get_or_create(employee=employee, year=year)
    if profile.closed_month:
        raise ValidationError(_("%(year)s 年已有关账月份，年度标志不能再更改。") % {"year": year})
    profile.first_wage_income_in_year = first_wage_income_in_year
    profile.first_wage_income_evidence = first_wage_income_evidence.strip()
    profile.prior_year_same_employer_le_60000 = prior_year_same_employer_le_60000
    profile.prior_year_evidence = prior_year_evidence.strip()
    profile.save()
    audit.record(action="change", obj=employee, actor=by, note=f"payroll.tax_year_flags {year}")
    return profile


@transaction.atomic
def declare_additional_deduction(
    *, employee, year: int, item: str, monthly_amount: Decimal, from_month: int, to_month: int = 12, units: int = 1,
    by, declared_on: dt.date | None = None, note: str = "",
) -> AdditionalDeduction:
    """A special additional deduction, checked against the year's caps. A declaration may reach back to
    earlier months of the year: the next payroll counts those months at once (cumulative withholding)."""
    rules = tables.deductions(year)
    if item in rules.monthly_withholding_excludes:
        raise ValidationError(_("大病医疗只能在年度汇算时扣除，不能在工资预扣中申报。"))
    if not (1 <= from_month <= to_month <= 12):
        raise ValidationError(_("起止月份应在 1–12 之间，且起始月不晚于截止月。"))
    if monthly_amount <= 0 or units < 1:
        raise ValidationError(_("金额须大于 0。"))
    cap = rules.additional_monthly_caps.get(item) or rules.additional_lump_caps.get(item)
    if cap is None:
        raise ValidationError(_("未知的专项附加扣除项目。"))
    if monthly_amount > cap:
        raise ValidationError(_("%(item)s 每月（或每次）最多 %(cap)s 元。") % {
            "item": AdditionalDeduction.Item(item).label, "cap": cap})
    existing = AdditionalDeduction.objects.filter(employee=employee, year=year)
    has_loan = existing.filter(item=AdditionalDeduction.Item.HOUSING_LOAN_INTEREST).exists()
    has_rent = existing.filter(item=AdditionalDeduction.Item.HOUSING_RENT).exists()
    if (item == AdditionalDeduction.Item.HOUSING_RENT and has_loan) or (item == AdditionalDeduction.Item.HOUSING_LOAN_INTEREST and has_rent):
        raise ValidationError(_("住房贷款利息与住房租金同一年度不能同时扣除。"))
    row = AdditionalDeduction.objects.create(
        employee=employee, year=year, item=item, monthly_amount=monthly_amount, units=units, from_month=from_month,
        to_month=to_month, declared_on=declared_on or dt.date.today(), note=note,
    )
    audit.record(action="create", obj=employee, actor=by, note=f"payroll.deduction_declared {year} {item}")
    return row
