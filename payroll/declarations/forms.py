from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payroll.models import AdditionalDeduction


class TaxYearFlagsForm(forms.Form):
    year = forms.IntegerField(label=_("纳税年度"), min_value=2019, max_value=2100)
    first_wage_income_in_year = forms.BooleanField(label=_("本年首次取得工资薪金（2020年第13号公告）"), required=False)
    first_wage_income_evidence = forms.CharField(label=_("证明材料"), max_length=200, required=False)
    prior_year_same_employer_le_60000 = forms.BooleanField(label=_("上年在本单位收入不超过6万元（2020年第19号公告）"), required=False)
    prior_year_evidence = forms.CharField(label=_("证明材料"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class DeductionForm(forms.Form):
    year = forms.IntegerField(label=_("纳税年度"), min_value=2019, max_value=2100)
    item = forms.ChoiceField(label=_("项目"), choices=[c for c in AdditionalDeduction.Item.choices if c[0] != "serious_illness"])
    monthly_amount = forms.DecimalField(label=_("每月金额（元）"), max_digits=8, decimal_places=2, min_value=0)
    units = forms.IntegerField(label=_("人数"), min_value=1, max_value=9, initial=1, help_text=_("子女教育、婴幼儿照护：子女人数"))
    from_month = forms.IntegerField(label=_("起始月"), min_value=1, max_value=12)
    to_month = forms.IntegerField(label=_("截止月"), min_value=1, max_value=12, initial=12)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial, self.fields["from_month"].initial = today.year, today.month
