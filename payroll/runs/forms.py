from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import display_name
from payroll.models import PayrollAdjustment
from recruiting.models import Department, Employee


class RunForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2019, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    departments = forms.ModelMultipleChoiceField(
        label=_("部门"), queryset=Department.objects.order_by("code"), required=False,
        help_text=_("不选表示全部部门"), widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["departments"].label_from_instance = display_name
        self.fields["year"].initial, self.fields["month"].initial = today.year, today.month


class AdjustmentForm(forms.Form):
    employee_no = forms.CharField(label=_("工号"), max_length=20)
    kind = forms.ChoiceField(label=_("类型"), choices=PayrollAdjustment.Kind.choices)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=12, decimal_places=2, help_text=_("扣款填负数"))
    reason = forms.CharField(label=_("原因"), max_length=200)

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        employee = Employee.objects.filter(employee_no=number).first()
        if employee is None:
            raise forms.ValidationError(_("没有这个工号的员工。"))
        self.cleaned_data["employee"] = employee
        return number
