"""Input of the cost pages (finance)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import name_with_code
from payroll.models import TravelClaim
from recruiting.models import Employee, Position


class RateFilterForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class InterviewerRateForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("员工"), queryset=Employee.objects.order_by("employee_no"), required=False)
    grade = forms.ModelChoiceField(label=_("职级（职位）"), queryset=Position.objects.order_by("code"), required=False)
    hourly_rate = forms.DecimalField(label=_("时薪（元/小时）"), min_value=0, max_digits=10, decimal_places=2)
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].label_from_instance = name_with_code

    def clean(self):
        data = super().clean()
        if bool(data.get("employee")) == bool(data.get("grade")):
            raise forms.ValidationError(_("请选择员工或职级（二选一）。"))
        return data


class RoomRateForm(forms.Form):
    room = forms.CharField(label=_("会议室"), max_length=80)
    hourly_price = forms.DecimalField(label=_("每小时价格（元）"), min_value=0, max_digits=10, decimal_places=2)
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))


class TravelClaimForm(forms.Form):
    interview_id = forms.IntegerField(label=_("面试编号"), min_value=1)
    kind = forms.ChoiceField(label=_("类型"), choices=TravelClaim.Kind.choices)
    amount = forms.DecimalField(label=_("金额（元）"), min_value=0, max_digits=10, decimal_places=2)
    external_ref = forms.CharField(label=_("报销单号"), max_length=64, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class TravelImportForm(forms.Form):
    file = forms.FileField(label=_("CSV 文件"), help_text=_("列：claim_no,interview_id,kind,amount,note"))
