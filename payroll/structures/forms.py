from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import display_name, with_note
from payroll.models import City, PayRecord, SalaryStructure


class PayRecordForm(forms.Form):
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    city = forms.ModelChoiceField(label=_("社保缴纳城市"), queryset=City.objects.order_by("code"))
    structure = forms.ModelChoiceField(label=_("薪酬结构"), queryset=SalaryStructure.objects.all(), required=False)
    base = forms.DecimalField(label=_("基本工资（元/月）"), max_digits=10, decimal_places=2, min_value=0)
    post = forms.DecimalField(label=_("岗位工资（元/月）"), max_digits=10, decimal_places=2, min_value=0, required=False)
    performance = forms.DecimalField(label=_("绩效奖金（元/月，达标）"), max_digits=10, decimal_places=2, min_value=0, required=False)
    meal = forms.DecimalField(label=_("餐补（元/月，免税）"), max_digits=8, decimal_places=2, min_value=0, required=False)
    transport = forms.DecimalField(label=_("交通补（元/月，计税）"), max_digits=8, decimal_places=2, min_value=0, required=False)
    contribution_base = forms.DecimalField(label=_("社保缴费基数（元）"), max_digits=10, decimal_places=2, min_value=0, required=False)
    bonus_method = forms.ChoiceField(label=_("年终奖计税方式"), choices=PayRecord.BonusMethod.choices)
    bank_name = forms.CharField(label=_("开户行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("银行账号"), max_length=40, required=False)
    reason = forms.CharField(label=_("变动原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].label_from_instance = display_name
        self.fields["structure"].label_from_instance = (
            lambda structure: with_note(display_name(structure), f"{structure.valid_from:%Y-%m-%d}")
        )

    COMPONENTS = (
        ("base", "base", "基本工资", True), ("post", "post", "岗位工资", True),
        ("performance", "performance", "绩效奖金", True), ("meal", "allowance", "餐补", False),
        ("transport", "allowance", "交通补", True),
    )

    def components(self) -> list[dict]:
        return [
            {"code": field, "kind": kind, "name": name, "amount": self.cleaned_data[field], "taxable": taxable}
            for field, kind, name, taxable in self.COMPONENTS
            if self.cleaned_data.get(field)
        ]
