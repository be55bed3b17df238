"""Offer pages: the list, drafting from an application decided as 录用, the offer page (status, legal checks,
contract versions, onboarding), its actions and the contract PDF. Who sees what comes from the one policy:
HR drafts and sends; finance approves out-of-range offers and sees the cost; a hiring manager sees the status
of their departments' offers, never pay or ID numbers; ID numbers are masked for everyone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrportal import audit, policy
from hrportal.masking import mask_id_number
from payroll.contracts.services import contract_pdf, latest_contract, signed_pdf
from payroll.models import City, OfferStatus
from payroll.offers import selectors, services
from payroll.offers.forms import DEFAULT_COMPONENTS, OfferForm
from payroll.onboarding import services as onboarding_services
from payroll.structures.services import components_from_structure
from recruiting.access import get_application_for_user


def offer_list(request):
    offers = selectors.offers_for(request.user).select_related("onboarding").order_by("-created_at")[:200]
    return render(request, "payroll/offer_list.html", {
        "offers": offers, "can_manage": policy.can(request.user, "manage_offers"),
        "awaiting": selectors.awaiting_offer(request.user) if policy.can(request.user, "manage_offers") else [],
    })


def _form_for(application, *, offer=None, data=None):
    start = offer.start_date if offer else timezone.localdate()
    structure = offer.structure if offer else selectors.structure_for(application.position, start)
    ranges = {c.code: (c.minimum, c.maximum) for c in structure.components.all()} if structure else {}
    if offer is not None:
        rows = offer.components
        known = {r["code"] for r in rows}
        rows += [dict(row, amount=None) for row in (components_from_structure(structure) if structure else DEFAULT_COMPONENTS)
                 if row["code"] not in known]
        initial = {"start_date": offer.start_date, "city": offer.city, "work_place": offer.work_place,
                   "contract_type": offer.contract_type, "term_months": offer.term_months,
                   "probation_months": offer.probation_months, "probation_pay": offer.probation_pay,
                   "out_of_range_reason": offer.out_of_range_reason, "language": offer.language}
    else:
        rows = components_from_structure(structure) if structure else [dict(r, amount=None) for r in DEFAULT_COMPONENTS]
        initial = {"contract_type": "fixed", "term_months": 36, "probation_months": 0, "language": "zh-hans",
                   "city": City.objects.order_by("code").first()}
    return OfferForm(data, components=rows, ranges=ranges, initial=initial), structure


def offer_create(request, pk):
    application = get_application_for_user(request.user, pk)
    existing = application.offers.filter(status__in=[s for s in services.Offer.OPEN_STATUSES]).first()
    if existing is not None:
        return redirect("payroll:offer_detail", existing.pk)
    form, structure = _form_for(application, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.draft_offer(application=application, by=request.user, structure=structure, request=request, **form.terms())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已起草录用通知。"))
            return redirect("payroll:offer_detail", offer.pk)
    return render(request, "payroll/offer_form.html", {"form": form, "application": application, "structure": structure})


def offer_edit(request, pk):
    offer = selectors.get_offer_for_user(request.user, pk)
    form, structure = _form_for(offer.application, offer=offer, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(offer=offer, by=request.user, request=request, structure=structure, **form.terms())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存录用通知。"))
            return redirect("payroll:offer_detail", offer.pk)
    return render(request, "payroll/offer_form.html", {"form": form, "application": offer.application, "structure": structure, "offer": offer})


def offer_detail(request, pk):
    offer = selectors.get_offer_for_user(request.user, pk)
    sees_pay = policy.can(request.user, "view_offer_pay")
    context = {
        "offer": offer, "candidate": offer.application.candidate, "sees_pay": sees_pay,
        "id_number": mask_id_number(offer.application.candidate.id_number),
        "can_manage": policy.can(request.user, "manage_offers"),
        "can_approve": policy.can(request.user, "approve_offer_out_of_range" if offer.needs_finance_approval else "manage_offers"),
        "problems": services.legal_problems(offer) if offer.status in (OfferStatus.DRAFT, OfferStatus.APPROVED) else [],
        "contracts": list(offer.contracts.order_by("-created_at").only("pk", "created_at", "sha256", "signed_at", "signer_name", "language", "offer_id")),
        "onboarding": getattr(offer, "onboarding", None) if hasattr(offer, "onboarding") else None,
        "cost": selectors.monthly_cost(offer) if policy.can(request.user, "view_offer_cost") else None,
    }
    if sees_pay:
        audit.record(action="view", obj=offer, request=request, fields=["components", "probation_pay"], note="payroll.offer_viewed")
    return render(request, "payroll/offer_detail.html", context)


@require_POST
def offer_action(request, pk, action: str):
    offer = selectors.get_offer_for_user(request.user, pk)
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            services.approve_offer(offer=offer, by=request.user, request=request)
            messages.success(request, _("录用通知已审批。"))
        elif action == "send" and policy.can(request.user, "manage_offers"):
            services.send_offer(offer=offer, by=request.user, request=request)
            messages.success(request, _("录用通知已发送给候选人。"))
        elif action == "withdraw" and policy.can(request.user, "manage_offers"):
            services.withdraw_offer(offer=offer, by=request.user, reason=reason, request=request)
            messages.success(request, _("录用通知已撤回。"))
        elif action == "no_show" and policy.can(request.user, "manage_offers"):
            onboarding_services.record_no_show(offer=offer, by=request.user, reason=reason)
            messages.success(request, _("已登记未报到；已归档的合同和记录保持不变。"))
        else:
            raise Http404("unknown action")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except onboarding_services.OnboardingRefused as exc:
        messages.error(request, str(exc))
    return redirect("payroll:offer_detail", offer.pk)


def offer_contract(request, pk):
    """The latest contract's PDF (the signed one once signed); audited as an export of personal data."""
    offer = selectors.get_offer_for_user(request.user, pk)
    contract = latest_contract(offer)
    if contract is None:
        raise Http404("no contract yet")
    data = signed_pdf(contract) if contract.signed_at else contract_pdf(contract)
    audit.record(action="export", obj=offer, request=request, note=f"payroll.contract_downloaded contract={contract.pk} signed={bool(contract.signed_at)}")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contract-{offer.pk}-{contract.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
