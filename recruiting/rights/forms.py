"""Forms of the rights pages: what to correct, and HR's answer in the queue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hrportal.models import RightsRequest


class CorrectionForm(forms.Form):
    details = forms.CharField(label=_("需要更正的内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    status = forms.ChoiceField(label=_("处理结果"), choices=[
        (RightsRequest.Status.DONE, RightsRequest.Status.DONE.label),
        (RightsRequest.Status.REFUSED, RightsRequest.Status.REFUSED.label),
    ])
    resolution = forms.CharField(label=_("说明"), max_length=500)
