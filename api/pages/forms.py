"""Forms of the integration pages (admins): a new API token, a webhook subscription."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from api.models import WebhookSubscription
from api.webhooks.events import EVENTS
from hrportal import policy


class TokenForm(forms.Form):
    user = forms.ModelChoiceField(label=_("用户"), queryset=get_user_model().objects.filter(is_active=True)
                                  .order_by("username"))
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    scopes = forms.MultipleChoiceField(label=_("权限范围"), widget=forms.CheckboxSelectMultiple,
                                       choices=[(s, s) for s in policy.API_SCOPE_POLICY])
    expires_days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=3650, initial=90)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("地址"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("事件"), widget=forms.CheckboxSelectMultiple,
                                       choices=list(EVENTS.items()))
    secret = forms.CharField(label=_("签名密钥"), required=False, max_length=200,
                             help_text=_("留空则自动生成（编辑时留空表示不变）。"))

    class Meta:
        model = WebhookSubscription
        fields = ["name", "events", "active"]  # url: declared above (https assumed), copied in save()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("url", self.instance.url)

    def save(self, commit=True):
        self.instance.url = self.cleaned_data["url"]
        return super().save(commit=commit)
