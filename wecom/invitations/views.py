"""HR pages: send an interview's invitations (preview first), and edit the message templates.

Thin: URL access comes from hrportal.policy (recruiters), the interview is loaded through
``interviews.access`` (404/403), writes go through ``wecom.invitations.services``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from hrportal import policy
from interviews import access as interview_access
from wecom import access
from wecom.invitations import services as invitations
from wecom.messages import templates as message_templates
from wecom.models import MessageTemplate
from wecom.sandbox import mode as sandbox_mode


def _require_send(user) -> None:
    if not policy.can(user, "send_messages"):
        raise PermissionDenied("sending messages needs the send_messages capability")


class SendInvitationForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("候选人语言"), choices=[("zh-hans", "中文"), ("en", "English")], initial="zh-hans",
    )
    materials = forms.CharField(label=gettext_lazy("请携带的材料"), max_length=300, required=False)
    contact = forms.CharField(label=gettext_lazy("联系人"), max_length=200, required=False)

    def options(self) -> message_templates.InvitationOptions:
        data = self.cleaned_data
        return message_templates.InvitationOptions(
            language=data["language"], materials=data["materials"].strip(), contact=data["contact"].strip(),
        )


@require_http_methods(["GET", "POST"])
def send_invitations(request, pk):
    interview = interview_access.get_interview_for_user(request.user, pk)
    _require_send(request.user)
    previous = message_templates.options_for(interview)
    initial = {
        "language": previous.language,
        "materials": previous.materials or message_templates.default_materials(),
        "contact": previous.contact or message_templates.default_contact(interview),
    }
    # GET with the form's fields (the "更新预览" button) re-renders the preview; only a POST sends.
    data = request.POST if request.method == "POST" else (request.GET if "language" in request.GET else None)
    form = SendInvitationForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = invitations.send_invitations(interview=interview, by=request.user, options=form.options())
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            if result.queued:
                messages.success(request, _("已发送 %(n)d 条邀请。") % {"n": result.queued})
            else:
                messages.info(request, _("本次排期的邀请已发送过，没有重复发送。"))
            for person in result.unreachable:
                messages.warning(request, _("%(name)s 没有可用的联系方式，未发送。") % {"name": person.label})
            return redirect("interviews:interview_detail", pk=interview.pk)
    options = form.options() if form.is_bound and form.is_valid() else message_templates.InvitationOptions(**initial)
    rendered, people = invitations.preview(interview, options=options)
    return render(request, "wecom/send_invitations.html", {
        "interview": interview, "form": form, "rendered": rendered, "people": people,
        "already_sent": invitations.invitations_sent(interview, version=interview.schedule_version),
        "sandbox": sandbox_mode.is_active(),
    }, status=200 if not form.is_bound or form.is_valid() else 422)


# --- templates -----------------------------------------------------------------------------------------


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def _check(self, field: str) -> str:
        value = self.cleaned_data[field]
        unknown = message_templates.unknown_placeholders(value)
        if unknown:
            raise forms.ValidationError(
                _("未知的占位符：%(names)s。可用的占位符见下方说明。") % {"names": "、".join("{" + n + "}" for n in unknown)}
            )
        return value

    def clean_subject(self) -> str:
        return self._check("subject")

    def clean_body(self) -> str:
        return self._check("body")


@require_GET
def template_list(request):
    message_templates.ensure_default_templates()
    rows = MessageTemplate.objects.filter(kind__in=message_templates.TEMPLATE_KINDS).select_related("updated_by")
    order = {kind: i for i, kind in enumerate(message_templates.TEMPLATE_KINDS)}
    templates = sorted(rows, key=lambda t: (order.get(t.kind, 99), t.language != "zh-hans"))
    return render(request, "wecom/templates.html", {"templates": templates})


@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    template = access.get_template_for_user(request.user, pk)
    form = MessageTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        message_templates.save_template(template=template, subject=form.cleaned_data["subject"],
                                  body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("模板已保存。"))
        return redirect("wecom:templates")
    return render(request, "wecom/template_form.html", {
        "template": template, "form": form, "placeholders": message_templates.placeholder_help(),
    }, status=422 if form.is_bound and not form.is_valid() else 200)
