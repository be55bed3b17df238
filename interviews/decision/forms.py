"""Forms of the hiring decision and the interview-weights editor."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import HiringDecision


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("决定"), choices=HiringDecision.Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写决定的原因。")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("请填写决定的原因。"))
        return reason


class WeightsForm(forms.Form):
    """One weight field per competency of the position's model (0–1, four places)."""

    note = forms.CharField(label=_("说明"), max_length=300, required=False,
                           help_text=_("为什么调整权重（例如：岗位更看重沟通能力）"))

    def __init__(self, *args, dimensions, initial_weights: dict[str, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for dimension in dimensions:
            code = dimension.competency.code
            self.fields[self.field_name(code)] = forms.DecimalField(
                label=dimension.competency.display_name, min_value=Decimal(0), max_value=Decimal(1), max_digits=5,
                decimal_places=4, initial=initial_weights.get(code, Decimal(0)),
                widget=forms.NumberInput(attrs={"step": "0.0001", "inputmode": "decimal"}),
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"w_{code}"

    def weight_fields(self):
        return [self[self.field_name(d.competency.code)] for d in self.dimensions]

    def weights(self) -> dict[str, Decimal]:
        return {d.competency.code: self.cleaned_data[self.field_name(d.competency.code)] for d in self.dimensions}
