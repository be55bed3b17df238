"""The candidate's signing page (no account: the signed token is the credential). GET shows the contract
(``?format=pdf`` the exact PDF); POST ``action`` = code | sign | decline. Every refusal is a page that says
why (payroll/contracts/signing.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hrportal import audit
from hrportal.masking import mask_phone
from payroll.contracts import signing
from payroll.contracts.services import contract_pdf


def _page(request, token: str, *, opened, status: int = 200, notice: str = "", error: str = "", done: str = ""):
    context = {"token": token, "notice": notice, "error": error, "done": done}
    if opened.contract is not None and not opened.refusal:
        contract = opened.contract
        context.update(contract=contract, offer=contract.offer, consent_text=signing.CONSENT_TEXT,
                       phone=mask_phone(contract.offer.application.candidate.phone))
    else:
        context["refusal"] = opened.refusal
    response = render(request, "payroll/offer_sign.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def offer_sign(request, token: str):
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "code":
                signing.request_code(token=token)
                return _page(request, token, opened=signing.open_contract(token), notice=_("验证码已发送到您的联系方式，10 分钟内有效。"))
            if action == "sign":
                signing.sign(
                    token=token, name=request.POST.get("name", ""), code=request.POST.get("code", ""),
                    consent=request.POST.get("consent") == "on", ip=audit.client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
                return _page(request, token, opened=signing.Opened(None, _("签署成功：合同已归档，招聘专员会与您联系入职事宜。")), done="signed")
            if action == "decline":
                signing.decline(token=token, reason=request.POST.get("reason", ""))
                return _page(request, token, opened=signing.Opened(None, _("您已拒绝该录用通知，我们已通知招聘专员。")), done="declined")
        except signing.SigningRefused as exc:
            opened = signing.open_contract(token)
            return _page(request, token, opened=opened, status=exc.status, error=str(exc))
        return _page(request, token, opened=signing.open_contract(token), status=400, error=_("未知的操作。"))
    opened = signing.open_contract(token)
    if opened.refusal:
        return _page(request, token, opened=opened, status=opened.status)
    audit.record(action="view", obj=opened.contract.offer, request=request, note=f"payroll.contract_opened contract={opened.contract.pk}")
    if request.GET.get("format") == "pdf":
        response = HttpResponse(contract_pdf(opened.contract), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="contract-{opened.contract.pk}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
    return _page(request, token, opened=opened)
