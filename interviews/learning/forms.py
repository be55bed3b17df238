"""Input of the learning page: which version to compare, and the note of an activation or rejection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ProposalChoiceForm(forms.Form):
    version_id = forms.IntegerField(required=False, min_value=1)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("例如：样本量足够，区间均不含 0")}))
