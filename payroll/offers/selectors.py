"""Reads for the offer pages: offers a user may see (a hiring manager: their departments' positions), the
position's salary structure in force, an offer's monthly cost to the company."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, QuerySet

from payroll.models import Offer, SalaryStructure
from payroll.runs.compute import Component, default_contribution_base
from payroll.social_insurance.contributions import contributions
from payroll.social_insurance.selectors import rules_in_force
from recruiting.access import applications_for, get_or_deny
from recruiting.pipeline import Stage


def offers_for(user) -> QuerySet[Offer]:
    return Offer.objects.filter(application__in=applications_for(user).values("pk")).select_related(
        "application__candidate", "application__position__department", "city")


def get_offer_for_user(user, pk) -> Offer:
    return get_or_deny(offers_for(user), Offer, pk)


def structure_for(position, on: dt.date) -> SalaryStructure | None:
    """The position's structure in force on ``on`` (the newest started)."""
    return (SalaryStructure.objects.filter(position=position, valid_from__lte=on).prefetch_related("components")
            .order_by("-valid_from").first()
            or SalaryStructure.objects.filter(Q(position=position)).prefetch_related("components").order_by("valid_from").first())


def monthly_cost(offer: Offer) -> dict:
    """Gross pay plus the employer's social insurance and housing fund on the start date, for finance."""
    components = [Component(code=c["code"], name=c["name"], kind=c["kind"], amount=c["amount"], taxable=c["taxable"])
                  for c in offer.components]
    lines = contributions(list(rules_in_force(offer.start_date).get(offer.city_id, ())), default_contribution_base(components))
    employer = sum((line.employer for line in lines), Decimal("0.00"))
    gross = offer.monthly_total()
    return {"gross": gross, "employer_contributions": employer, "total": gross + employer,
            "annual": (gross + employer) * 12}


def awaiting_offer(user):
    """Applications decided as 录用 (stage 录用沟通) without an open offer: where HR drafts the next one."""
    return (applications_for(user).filter(stage=Stage.OFFER).exclude(offers__status__in=Offer.OPEN_STATUSES)
            .select_related("candidate", "position").order_by("stage_changed_at")[:100])
