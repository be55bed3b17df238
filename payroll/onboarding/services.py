"""Onboarding on the start date: the signed offer becomes an employee.

Guarantees of ``onboard``: only an accepted offer whose start date has come; safe to run twice (the
Onboarding row is locked and the employee is linked one-to-one, so a second run — or a second worker —
finds it done and writes nothing); in one transaction: the Employee with the explicit link
``hired_through`` = the application (never a silent conversion), the first pay record from the offer
(through ``create_pay_record``; the payroll run picks the person up and pro-rates the first month), the
application moved to 已入职, the social-insurance enrolment task with the contribution base and both sides'
amounts from the city's rules in force, and the checklist; then WeCom notices to the new hire, the manager
and HR. ``record_no_show`` marks a no-show and reverses nothing already archived (the signed contract, the
offer, an employee record already made keeps its history and gets its leave date)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hrportal import audit
from hrportal.display_names import display_name
from hrportal.links import portal_url
from payroll.models import Offer, OfferStatus, Onboarding, OnboardingItem, OnboardingStatus, PayRecord
from payroll.runs.compute import Component, default_contribution_base
from payroll.social_insurance.contributions import contributions
from payroll.social_insurance.selectors import rules_in_force
from payroll.structures.services import create_pay_record
from recruiting.models import Employee
from recruiting.notices import notify_employee, notify_staff
from recruiting.pipeline import Stage

DEFAULT_MATERIALS = "身份证原件、学历学位证书、离职证明、一寸照片两张、本人银行卡"


class OnboardingRefused(Exception):
    pass


def today() -> dt.date:
    return timezone.localdate()


def materials_text() -> str:
    """What to bring: the ``ONBOARDING_MATERIALS`` setting, else the default list."""
    return getattr(settings, "ONBOARDING_MATERIALS", "") or DEFAULT_MATERIALS


def enrolment_figures(offer: Offer) -> dict:
    """The social-insurance enrolment: the base (the fixed taxable pay, as the payroll run uses without a
    recorded base) and each line's and the total amounts of both sides, for the work city on the start date."""
    components = [Component(code=c["code"], name=c["name"], kind=c["kind"], amount=c["amount"], taxable=c["taxable"])
                  for c in offer.components]
    base = default_contribution_base(components)
    rules = rules_in_force(offer.start_date).get(offer.city_id, ())
    lines = contributions(list(rules), base)
    return {
        "city": offer.city.name, "base": str(base),
        "lines": [{"line": line.line, "base": str(line.base), "employer": str(line.employer), "employee": str(line.employee)} for line in lines],
        "employer_total": str(sum((line.employer for line in lines), Decimal("0.00"))),
        "employee_total": str(sum((line.employee for line in lines), Decimal("0.00"))),
    }


def _employee_no(offer: Offer) -> str:
    """H + start year-month + the application (one employee per application, so unique)."""
    return f"H{offer.start_date:%y%m}{offer.application_id:05d}"


@transaction.atomic
def onboard(*, offer_id: int, by=None, on: dt.date | None = None) -> Onboarding:
    """See the module's guarantees. Returns the onboarding (already done → returned unchanged)."""
    on = on or today()
    offer = Offer.objects.select_for_update(of=("self",)).select_related(
        "application__candidate", "application__position__department", "application__position__hiring_manager", "city", "structure",
    ).get(pk=offer_id)
    onboarding, _created = Onboarding.objects.get_or_create(offer=offer)
    onboarding = Onboarding.objects.select_for_update().get(pk=onboarding.pk)
    if onboarding.status != OnboardingStatus.PENDING:
        return onboarding
    if offer.status != OfferStatus.ACCEPTED:
        raise OnboardingRefused(_("只有已签约的录用通知可以办理入职。"))
    if offer.start_date > on:
        raise OnboardingRefused(_("入职日期 %(date)s 尚未到。") % {"date": offer.start_date.isoformat()})
    application = offer.application
    candidate, position = application.candidate, application.position
    manager_user = position.hiring_manager
    employee = Employee.objects.create(
        employee_no=_employee_no(offer), name=candidate.name, department=position.department, position=position,
        manager=getattr(manager_user, "employee", None) if manager_user else None, hire_date=offer.start_date,
        phone=candidate.phone, email=candidate.email, id_number=candidate.id_number, base_salary=offer.monthly_total(),
        hired_through=application,
    )
    create_pay_record(employee=employee, valid_from=offer.start_date, city=offer.city, components=offer.components,
                      structure=offer.structure, by=by, reason=_("入职（录用通知 %(id)s）") % {"id": offer.pk})
    if application.stage == Stage.OFFER:
        application.set_stage(Stage.HIRED, by=by, reason=f"onboarded offer {offer.pk}")
    onboarding.employee, onboarding.status, onboarding.onboarded_at = employee, OnboardingStatus.ONBOARDED, timezone.now()
    onboarding.save()
    items = [
        (OnboardingItem.Kind.SOCIAL_INSURANCE, _("%(city)s 社保公积金增员") % {"city": display_name(offer.city)}, enrolment_figures(offer)),
        (OnboardingItem.Kind.MATERIALS, materials_text(), {}),
        (OnboardingItem.Kind.ID_CHECK, _("核验身份证原件与合同签署姓名一致"), {}),
        (OnboardingItem.Kind.BANK_ACCOUNT, _("登记工资卡开户行和账号"), {}),
    ]
    for kind, label, details in items:
        OnboardingItem.objects.get_or_create(onboarding=onboarding, kind=kind,
                                             defaults={"label": label[:300], "details": json.dumps(details, ensure_ascii=False)})
    audit.record(action="create", obj=employee, actor=by, note=f"payroll.onboarded offer={offer.pk} application={application.pk}")
    transaction.on_commit(lambda: _notify(onboarding.pk))
    return onboarding


def _notify(onboarding_id: int) -> None:
    onboarding = Onboarding.objects.select_related("employee", "offer__application__position__hiring_manager", "offer__created_by").get(pk=onboarding_id)
    employee, offer = onboarding.employee, onboarding.offer
    url = portal_url(reverse("payroll:onboarding", args=[onboarding.pk]))
    lines = [(_("姓名"), employee.name), (_("职位"), display_name(offer.application.position)), (_("入职日期"), offer.start_date.isoformat())]
    notify_employee(employee=employee, title=_("欢迎加入！今天是您的入职日"), lines=[(_("请携带"), materials_text())],
                    url=portal_url("/"), dedupe_key=f"onboarding:{onboarding.pk}:welcome")
    notify_staff(user=offer.application.position.hiring_manager, title=_("新同事今天入职"), lines=lines, url=url,
                 dedupe_key=f"onboarding:{onboarding.pk}:manager")
    notify_staff(user=offer.created_by, title=_("入职已办理：请跟进入职事项"), lines=lines, url=url,
                 dedupe_key=f"onboarding:{onboarding.pk}:hr")


def due_offer_ids(on: dt.date | None = None) -> list[int]:
    """Accepted offers whose start date has come and that are not onboarded (nor recorded as no-shows)."""
    on = on or today()
    return list(Offer.objects.filter(status=OfferStatus.ACCEPTED, start_date__lte=on)
                .exclude(onboarding__status__in=[OnboardingStatus.ONBOARDED, OnboardingStatus.NO_SHOW])
                .order_by("start_date", "pk").values_list("pk", flat=True))


@transaction.atomic
def record_no_show(*, offer: Offer, by, reason: str) -> Onboarding:
    """The new hire did not come. Nothing archived is reversed; an employee record already made keeps its
    history and gets leave date = start date (the payroll run then pays no day)."""
    reason = (reason or "").strip()
    if not reason:
        raise OnboardingRefused(_("请填写未报到的说明。"))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.ACCEPTED:
        raise OnboardingRefused(_("只有已签约的录用通知可以登记未报到。"))
    if offer.start_date > today():
        raise OnboardingRefused(_("入职日期之前不能登记未报到。"))
    onboarding, _created = Onboarding.objects.get_or_create(offer=offer)
    onboarding = Onboarding.objects.select_for_update().get(pk=onboarding.pk)
    if onboarding.status == OnboardingStatus.NO_SHOW:
        raise OnboardingRefused(_("已登记为未报到。"))
    if onboarding.employee_id:
        Employee.objects.filter(pk=onboarding.employee_id).update(leave_date=offer.start_date)
    onboarding.status, onboarding.no_show_reason, onboarding.no_show_recorded_by = OnboardingStatus.NO_SHOW, reason[:300], by
    onboarding.save()
    audit.record(action="change", obj=offer, actor=by, note=f"payroll.onboarding_no_show {reason[:150]}")
    return onboarding


@transaction.atomic
def complete_item(*, item: OnboardingItem, by, bank_name: str = "", bank_account: str = "") -> OnboardingItem:
    """Tick a checklist item. The bank account item records the account (encrypted) as a new pay-record
    version from today (a pay record is never updated; the first one starts on the start date)."""
    item = OnboardingItem.objects.select_for_update(of=("self",)).select_related("onboarding__employee", "onboarding__offer").get(pk=item.pk)
    if item.done_at is not None:
        return item
    onboarding = item.onboarding
    if onboarding.status != OnboardingStatus.ONBOARDED:
        raise OnboardingRefused(_("入职办理后才能完成入职事项。"))
    if item.kind == OnboardingItem.Kind.BANK_ACCOUNT:
        bank_account = (bank_account or "").strip().replace(" ", "")
        if not bank_account.isdigit() or not 12 <= len(bank_account) <= 30:
            raise OnboardingRefused(_("请填写正确的银行账号（12–30 位数字）。"))
        current = PayRecord.objects.filter(employee=onboarding.employee).order_by("-valid_from").first()
        valid_from = max(today(), current.valid_from + dt.timedelta(days=1))
        create_pay_record(employee=onboarding.employee, valid_from=valid_from, city=current.city, components=current.components,
                          structure=current.structure, contribution_base=current.contribution_base, by=by,
                          bank_name=(bank_name or "").strip()[:100], bank_account=bank_account, reason=_("入职登记工资卡"))
        item.details = json.dumps({"bank_name": (bank_name or "").strip()[:100], "bank_account": bank_account}, ensure_ascii=False)
    item.done_at, item.done_by = timezone.now(), by
    item.save()
    audit.record(action="change", obj=onboarding.offer, actor=by, note=f"payroll.onboarding_item_done {item.kind}")
    return item
