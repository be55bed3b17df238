"""The sandbox phone pages (only while WeCom is not configured; 404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import params, policy
from wecom.sandbox import mode as sandbox_mode
from wecom.sandbox import services as sandbox


@require_GET
def sandbox_phones(request):
    sandbox_mode.require_active()
    own = sandbox.phone_of_user(request.user)
    return render(request, "wecom/sandbox_phones.html", {
        "own": own,
        "directory": sandbox.phone_directory(request.user),
        "sees_all": policy.can(request.user, "view_all_sandbox_phones"),
    })


@require_GET
def sandbox_phone(request, kind: str, pk: int):
    phone = sandbox.load_phone(request, kind, pk)
    own = phone.kind == sandbox.USER and phone.pk == request.user.pk
    version = sandbox.inbox_version(phone)
    if request.headers.get("HX-Request") and request.GET.get("seen") == version:
        return HttpResponse(status=204)  # the page's poll: nothing new arrived
    return render(request, "wecom/sandbox_phone.html", {
        "phone": phone,
        "bubbles": sandbox.phone_messages(phone),
        "can_act": own and bool(phone.userid),
        "own": own,
        "inbox_version": version,
    })


@require_POST
def sandbox_action(request):
    """Press a card button or write a text reply on one's own phone: WeCom's callback is built and posted."""
    sandbox_mode.require_active()
    phone = sandbox.phone_of_user(request.user)
    action = request.POST.get("action", "")
    url = sandbox.callback_url()
    anchor = ""
    try:
        if action == "press":
            message_id = params.id_param(request.POST, "message")
            if message_id is None:
                raise sandbox.SandboxError(_("这张卡片上没有这个按钮。"))
            key = request.POST.get("key", "")
            bubble = sandbox.press_button(phone=phone, user=request.user, message_id=message_id, key=key, url=url)
            label = next((b["text"] for b in bubble.buttons if b["key"] == key), key)
            if sandbox.is_superseded(bubble.message):  # pressed before the card's final update arrived
                messages.warning(request, str(sandbox.STALE_CARD))
            else:
                messages.success(request, _("已点击“%(button)s”，企业微信回调已送达。") % {"button": label})
            anchor = f"#m{bubble.message.pk}"
        elif action == "text":
            sandbox.send_text(phone=phone, user=request.user, content=request.POST.get("content", ""), url=url)
            messages.success(request, _("回复已发送。"))
        else:
            raise sandbox.SandboxError(_("未知的操作。"))
    except sandbox.SandboxError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("wecom:sandbox_phone", kwargs={"kind": sandbox.USER, "pk": request.user.pk}) + anchor)
