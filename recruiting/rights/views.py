"""The candidate's rights pages (public: the signed token is the credential) and HR's request queue."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import audit, policy
from hrportal.models import RightsRequest
from hrportal.privacy import rights
from recruiting.models import Candidate
from recruiting.rights import links, selectors
from recruiting.rights.forms import CorrectionForm, ResolveForm

Kind, Status = RightsRequest.Kind, RightsRequest.Status


def _candidate(token: str) -> Candidate:
    candidate_id = links.candidate_id_for(token)
    if candidate_id is None:
        raise Http404("invalid or expired rights link")
    return get_object_or_404(Candidate, pk=candidate_id)


@require_GET
def home(request, token: str):
    candidate = _candidate(token)
    context = {"candidate": candidate, "token": token, "form": CorrectionForm(), "purged": candidate.purged_at is not None}
    if not context["purged"]:
        context.update(selectors.own_data(candidate))
        audit.record(action="view", obj=candidate, fields=["own_data"], request=request, note="rights page (Art. 45)")
    else:
        context["requests"] = selectors.own_data(candidate)["requests"]
    return render(request, "recruiting/rights_home.html", context)


@require_GET
def export(request, token: str):
    candidate = _candidate(token)
    if candidate.purged_at is not None:
        raise Http404("purged")
    data = {"subject": candidate.pk, "holders": rights.export_for(candidate.pk)}
    made = rights.open_request(subject_id=candidate.pk, kind=Kind.ACCESS, status=Status.DONE,
                               resolution="JSON export downloaded")
    audit.record(action="export", obj=candidate, fields=["all"], request=request, note=f"Art. 45 copy {made.reference}")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{made.reference}.json"'
    return response


@require_POST
def correction(request, token: str):
    candidate = _candidate(token)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明需要更正的内容。"))
    else:
        made = rights.open_request(subject_id=candidate.pk, kind=Kind.CORRECTION, details=form.cleaned_data["details"])
        messages.success(request, _("已收到您的更正申请，受理编号 %(ref)s，我们将在 %(due)s 前答复。")
                         % {"ref": made.reference, "due": f"{made.due_on:%Y-%m-%d}"})
    return redirect("recruiting:rights_home", token=token)


@require_POST
def deletion(request, token: str):
    candidate = _candidate(token)
    holds = rights.erase_now(subject_id=candidate.pk)
    if holds:
        reason = "、".join(holds)
        made = rights.open_request(subject_id=candidate.pk, kind=Kind.DELETION, status=Status.HELD, resolution=reason)
        messages.warning(request, _("受理编号 %(ref)s：因“%(holds)s”，依法暂不删除；在此期间除存储和安全保护外不再处理您的信息，保留事由消失后将删除。")
                         % {"ref": made.reference, "holds": reason})
    else:
        made = rights.open_request(subject_id=candidate.pk, kind=Kind.DELETION, status=Status.DONE,
                                   resolution="erased on request")
        messages.success(request, _("受理编号 %(ref)s：您已撤回同意，您的个人信息已删除。") % {"ref": made.reference})
    return redirect("recruiting:rights_home", token=token)


@require_POST
def review(request, token: str):
    candidate = _candidate(token)
    made = rights.open_request(subject_id=candidate.pk, kind=Kind.REVIEW, details=request.POST.get("note", "")[:2000])
    messages.success(request, _("已收到您的人工复核申请，受理编号 %(ref)s，招聘人员将在 %(due)s 前重新审阅并答复。")
                     % {"ref": made.reference, "due": f"{made.due_on:%Y-%m-%d}"})
    return redirect("recruiting:rights_home", token=token)


def _require_queue(user) -> None:
    if not policy.can(user, "handle_rights_requests"):
        raise PermissionDenied("handle_rights_requests capability required")


@require_GET
def queue(request):
    _require_queue(request.user)
    status = request.GET.get("status", "")
    rows = list(selectors.queue(status=status)[:500])
    names = selectors.subject_names(rows)
    audit.record(action="view", object_type="privacy.rights_request", fields=["details"], request=request,
                 note="rights queue: " + ",".join(r.reference for r in rows[:50]))
    return render(request, "recruiting/rights_queue.html", {
        "rows": [(r, names.get(r.subject_id, "")) for r in rows], "statuses": Status.choices, "status": status,
        "today": selectors.today(), "form": ResolveForm(),
    })


@require_POST
def resolve(request, pk: int):
    _require_queue(request.user)
    made = get_object_or_404(RightsRequest, pk=pk)
    form = ResolveForm(request.POST)
    if made.status != Status.OPEN:
        messages.error(request, _("该申请已处理。"))
    elif not form.is_valid():
        messages.error(request, _("请选择处理结果并填写说明。"))
    else:
        rights.resolve_request(request=made, status=form.cleaned_data["status"],
                               resolution=form.cleaned_data["resolution"], by=request.user)
        messages.success(request, _("已更新 %(ref)s。") % {"ref": made.reference})
    return redirect("recruiting:rights_queue")
