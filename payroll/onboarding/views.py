"""The onboarding checklist page: HR ticks items (the bank account is recorded encrypted, as a new pay-record
version); the hiring manager sees the status; the SI enrolment figures are for HR and finance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hrportal import audit, policy
from hrportal.masking import mask_bank_account
from payroll.models import Onboarding, OnboardingItem
from payroll.offers.selectors import get_offer_for_user
from payroll.onboarding import services


def onboarding(request, pk):
    record = get_object_or_404(Onboarding.objects.select_related("offer", "employee"), pk=pk)
    get_offer_for_user(request.user, record.offer_id)  # the offer's scoping decides
    can_manage = policy.can(request.user, "manage_offers")
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("only HR completes onboarding items")
        item = get_object_or_404(OnboardingItem, pk=request.POST.get("item"), onboarding=record)
        try:
            services.complete_item(item=item, by=request.user, bank_name=request.POST.get("bank_name", ""),
                                   bank_account=request.POST.get("bank_account", ""))
        except services.OnboardingRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已完成：%(item)s") % {"item": item.get_kind_display()})
        return redirect("payroll:onboarding", record.pk)
    items = []
    for item in record.items.all():
        data = item.data
        if item.kind == OnboardingItem.Kind.BANK_ACCOUNT and data.get("bank_account"):
            data = {**data, "bank_account": mask_bank_account(data["bank_account"])}
        items.append({"item": item, "data": data})
    if policy.can(request.user, "view_offer_pay"):
        audit.record(action="view", obj=record.offer, request=request, fields=["social_insurance", "bank_account"],
                     note="payroll.onboarding_viewed")
    return render(request, "payroll/onboarding.html", {
        "onboarding": record, "items": items, "can_manage": can_manage,
        "sees_pay": policy.can(request.user, "view_offer_pay"),
    })
