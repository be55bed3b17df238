"""Admins' pages for integrations: API tokens (list, create — the secret is shown once —, revoke) and webhook
subscriptions (list, create/edit, send a test delivery). The URL policy admits admins only."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api import tokens
from api.models import ApiToken, WebhookSubscription
from api.pages.forms import TokenForm, WebhookForm
from api.webhooks import services as webhooks
from hrportal import audit
from wecom.models import OutboxMessage


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _token, new_secret = tokens.create_token(user=data["user"], scopes=data["scopes"], name=data["name"],
                                                 expires_days=data["expires_days"], by=request.user, request=request)
        form = TokenForm()
    rows = ApiToken.objects.select_related("user").order_by("-created_at", "-id")[:200]
    return render(request, "api/tokens.html", {"form": form, "rows": rows, "new_secret": new_secret})


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    tokens.revoke_token(token=token, by=request.user, request=request)
    messages.success(request, _("令牌 %(prefix)s… 已吊销。") % {"prefix": token.prefix})
    return redirect("integrations:tokens")


@require_http_methods(["GET", "POST"])
def webhook_list(request):
    return _webhook_form(request, None)


@require_http_methods(["GET", "POST"])
def webhook_edit(request, pk):
    return _webhook_form(request, get_object_or_404(WebhookSubscription, pk=pk))


def _webhook_form(request, subscription):
    form = WebhookForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        new_secret = form.cleaned_data["secret"] or (None if subscription else secrets.token_urlsafe(32))
        if new_secret:
            saved.secret = new_secret
        saved.save()
        audit.record(action="change" if subscription else "create", obj=saved, fields=list(form.changed_data),
                     request=request)
        if not (new_secret and not form.cleaned_data["secret"]):
            messages.success(request, _("已保存。"))
            return redirect("integrations:webhooks")
        # a generated secret is shown once, on this answer (never through the messages cookie)
        return _render(request, WebhookForm(), None, new_secret=new_secret)
    return _render(request, form, subscription)


def _render(request, form, subscription, *, new_secret=None):
    rows = WebhookSubscription.objects.all()
    recent = OutboxMessage.objects.filter(channel="webhook").order_by("-created_at", "-id")[:20]
    return render(request, "api/webhooks.html", {"form": form, "rows": rows, "editing": subscription,
                                                 "recent": recent, "new_secret": new_secret})


@require_POST
def webhook_test(request, pk):
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    webhooks.send_test(subscription=subscription, by=request.user, request=request)
    messages.success(request, _("测试推送已排队，结果见下方的发送记录。"))
    return redirect("integrations:webhooks")
