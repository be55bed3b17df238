from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import display_name
from payroll.models import City, ContractType

DEFAULT_COMPONENTS = (
    {"code": "base", "name": "基本工资", "kind": "base", "taxable": True},
    {"code": "post", "name": "岗位工资", "kind": "post", "taxable": True},
    {"code": "performance", "name": "绩效奖金", "kind": "performance", "taxable": True},
)


class OfferForm(forms.Form):
    """The offer's terms; one amount field per component (``c_<code>``), from the position's salary structure
    (pre-filled at its midpoints) or the offer's own components."""

    start_date = forms.DateField(label=_("入职日期"), widget=forms.DateInput(attrs={"type": "date"}))
    city = forms.ModelChoiceField(label=_("工作城市（社保公积金缴纳地）"), queryset=City.objects.order_by("code"))
    work_place = forms.CharField(label=_("工作地点"), max_length=200, required=False)
    contract_type = forms.ChoiceField(label=_("合同类型"), choices=ContractType.choices)
    term_months = forms.IntegerField(label=_("合同期限（月）"), min_value=1, max_value=240, required=False)
    probation_months = forms.IntegerField(label=_("试用期（月）"), min_value=0, max_value=6, initial=0)
    probation_pay = forms.DecimalField(label=_("试用期月工资（元）"), max_digits=10, decimal_places=2, min_value=0, required=False)
    out_of_range_reason = forms.CharField(label=_("超出薪酬范围的原因"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("合同语言"), choices=[("zh-hans", "中文"), ("en", "English")])

    def __init__(self, *args, components: list[dict], ranges: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].label_from_instance = display_name
        self.component_rows = components
        ranges = ranges or {}
        for row in components:
            low_high = ranges.get(row["code"])
            help_text = f"{low_high[0]} – {low_high[1]}" if low_high else ""
            self.fields[f"c_{row['code']}"] = forms.DecimalField(
                label=row["name"], max_digits=10, decimal_places=2, min_value=0, required=False, help_text=help_text,
                initial=row.get("amount"),
            )

    def components(self) -> list[dict]:
        return [
            {**{k: row[k] for k in ("code", "name", "kind", "taxable")}, "amount": self.cleaned_data[f"c_{row['code']}"]}
            for row in self.component_rows if self.cleaned_data.get(f"c_{row['code']}")
        ]

    def terms(self) -> dict:
        data = self.cleaned_data
        return {
            "components": self.components(), "start_date": data["start_date"], "city": data["city"],
            "work_place": data["work_place"], "contract_type": data["contract_type"], "term_months": data["term_months"],
            "probation_months": data["probation_months"] or 0, "probation_pay": data["probation_pay"],
            "out_of_range_reason": data["out_of_range_reason"], "language": data["language"],
        }
