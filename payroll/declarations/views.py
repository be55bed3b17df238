"""Finance records what an employee declared for the tax year (flags with evidence, special additional
deductions) from the employee's pay page; a refused declaration says why (caps, rent vs loan, 大病医疗)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payroll.declarations.forms import DeductionForm, TaxYearFlagsForm
from payroll.declarations.services import declare_additional_deduction, set_tax_year_flags
from recruiting.models import Employee


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
def declare(request, employee_id: int, kind: str):
    employee = get_object_or_404(Employee, pk=employee_id)
    form = (DeductionForm if kind == "deduction" else TaxYearFlagsForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("payroll:pay_record_detail", employee.pk)
    data = form.cleaned_data
    try:
        if kind == "deduction":
            declare_additional_deduction(
                employee=employee, year=data["year"], item=data["item"], monthly_amount=data["monthly_amount"],
                units=data["units"], from_month=data["from_month"], to_month=data["to_month"], note=data["note"], by=request.user,
            )
            messages.success(request, _("已记录专项附加扣除；下次核算起计入（可追溯到起始月）。"))
        else:
            set_tax_year_flags(employee=employee, by=request.user, **data)
            messages.success(request, _("已更新个税年度信息。"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("payroll:pay_record_detail", employee.pk)
