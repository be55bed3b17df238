"""The extension form: a new date and a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExtendRetentionForm(forms.Form):
    until = forms.DateField(label=_("新的保存期限"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("原因"), max_length=200, widget=forms.TextInput())
