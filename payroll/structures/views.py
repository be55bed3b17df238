"""Employees' pay for finance: the list with each one's current monthly pay, and one employee's history of
pay records with a form for the next version (a change never overwrites). HR never reaches these pages
(hrportal.policy); every view of salary figures is audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hrportal import audit
from payroll.declarations.forms import DeductionForm, TaxYearFlagsForm
from payroll.models import AdditionalDeduction, PayRecord, SalaryStructure, TaxYearProfile
from payroll.structures.forms import PayRecordForm
from payroll.structures.services import create_pay_record
from recruiting.models import Employee

PER_PAGE = 50


def pay_records(request):
    employees = Employee.objects.select_related("department", "position").order_by("employee_no")
    query = request.GET.get("q", "").strip()
    if query:
        employees = employees.filter(employee_no__icontains=query) | employees.filter(name__icontains=query)
    page = Paginator(employees, PER_PAGE).get_page(request.GET.get("page"))
    current = {}
    for record in PayRecord.objects.filter(employee__in=list(page.object_list)).select_related("city").order_by("employee_id", "valid_from"):
        current[record.employee_id] = record
    rows = [{"employee": e, "record": current.get(e.pk)} for e in page.object_list]
    audit.record(action="view", request=request, object_type="payroll.PayRecord", note=f"payroll.pay_list_viewed page {page.number}")
    return render(request, "payroll/pay_records.html", {"page": page, "rows": rows, "query": query,
                                                         "structures": SalaryStructure.objects.prefetch_related("components")})


def pay_record_detail(request, employee_id: int):
    employee = get_object_or_404(Employee.objects.select_related("department"), pk=employee_id)
    form = PayRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_pay_record(
                employee=employee, valid_from=data["valid_from"], city=data["city"], structure=data["structure"],
                components=form.components(), contribution_base=data["contribution_base"], bonus_method=data["bonus_method"],
                bank_name=data["bank_name"], bank_account=data["bank_account"], reason=data["reason"], by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新增薪资记录，历史记录保持不变。"))
            return redirect("payroll:pay_record_detail", employee.pk)
    records = PayRecord.objects.filter(employee=employee).select_related("city", "structure", "created_by").order_by("-valid_from")
    audit.record(action="view", obj=employee, request=request, fields=["components", "contribution_base", "bank_account"],
                 note=f"payroll.pay_record_viewed {employee.employee_no}")
    declarations = AdditionalDeduction.objects.filter(employee=employee).order_by("-year", "item")
    profiles = TaxYearProfile.objects.filter(employee=employee).order_by("-year")
    return render(request, "payroll/pay_record_detail.html", {
        "employee": employee, "records": records, "form": form, "declarations": declarations, "profiles": profiles,
        "deduction_form": DeductionForm(), "flags_form": TaxYearFlagsForm(),
    })
