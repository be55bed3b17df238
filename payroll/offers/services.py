"""Writes of offers: draft, edit, the one status pipeline (``set_status``), approve, send, withdraw, expire.

Guarantees: an offer exists only for an application whose latest hiring decision is 录用 and which stands at
the 录用沟通 stage; its status moves only along ``Offer.TRANSITIONS`` with one audit row per move (the event
name first in the note); it cannot be approved or sent while a legal check fails; an offer outside its
structure's ranges needs a reason and is approved only by finance (or an admin)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hrportal import audit, policy
from hrportal.display_names import display_name
from hrportal.links import portal_url
from interviews.models import HiringDecision
from payroll.contracts import links
from payroll.contracts.services import issue_contract
from payroll.models import City, Offer, OfferStatus, SalaryStructure
from payroll.offers import checks
from payroll.offers.problems import describe
from payroll.social_insurance.selectors import minimum_wage
from payroll.structures.services import clean_components
from recruiting.models import Application, Employee
from recruiting.notices import notify_candidate, notify_staff
from recruiting.pipeline import Stage


class OfferRefused(ValidationError):
    """A refused offer action, with the sentence HR reads."""


def _decided_for_offer(application: Application) -> bool:
    latest = HiringDecision.objects.filter(application=application).order_by("-decided_at", "-id").first()
    return latest is not None and latest.outcome == HiringDecision.Outcome.OFFER


def had_probation_with_employer(application: Application) -> bool:
    """Art. 19's one probation per employer: the same candidate was hired before (an Employee hired through
    any of their applications) or signed an earlier offer with a probation."""
    candidate_id = application.candidate_id
    if Employee.objects.filter(hired_through__candidate_id=candidate_id).exclude(hired_through=application).exists():
        return True
    return Offer.objects.filter(application__candidate_id=candidate_id, status=OfferStatus.ACCEPTED, probation_months__gt=0).exclude(
        application=application).exists()


def terms_of(offer: Offer) -> checks.OfferTerms:
    wage = minimum_wage(offer.city, offer.start_date)
    return checks.OfferTerms(
        contract_type=offer.contract_type, term_months=offer.term_months, probation_months=offer.probation_months,
        probation_pay=offer.probation_pay, agreed_wage=offer.monthly_total(),
        minimum_wage=wage.monthly if wage is not None else None,
        had_probation_with_employer=had_probation_with_employer(offer.application),
    )


def legal_problems(offer: Offer) -> list[str]:
    """The legal checks' problems as sentences (empty: the offer may be sent)."""
    return [describe(problem) for problem in checks.legal_problems(terms_of(offer))]


def out_of_range_codes(structure: SalaryStructure | None, components: list[dict]) -> list[str]:
    if structure is None:
        return []
    ranges = [checks.ComponentRange(c.code, c.minimum, c.maximum) for c in structure.components.all()]
    return checks.out_of_range({c["code"]: Decimal(str(c["amount"])) for c in components}, ranges)


def _apply_terms(offer: Offer, *, structure, components, start_date, city, work_place, contract_type, term_months,
                 probation_months, probation_pay, out_of_range_reason, language) -> None:
    rows = clean_components(components)
    outside = out_of_range_codes(structure, rows)
    reason = (out_of_range_reason or "").strip()
    if outside and not reason:
        raise OfferRefused(_("薪酬项目 %(codes)s 超出薪酬结构的范围：请填写原因，并由财务审批。") % {"codes": "、".join(outside)})
    offer.structure = structure
    offer.components = rows
    offer.start_date, offer.city, offer.work_place = start_date, city, work_place or ""
    offer.contract_type = contract_type
    offer.term_months = term_months if contract_type == "fixed" else None
    offer.probation_months = probation_months or 0
    offer.probation_pay = probation_pay if offer.probation_months else None
    offer.out_of_range_reason = reason if outside else ""
    offer.needs_finance_approval = bool(outside)
    offer.language = language or "zh-hans"


@transaction.atomic
def draft_offer(
    *, application: Application, by, components: list[dict], start_date: dt.date, city: City,
    structure: SalaryStructure | None = None, work_place: str = "", contract_type: str = "fixed",
    term_months: int | None = 36, probation_months: int = 0, probation_pay: Decimal | None = None,
    out_of_range_reason: str = "", language: str = "zh-hans", request=None,
) -> Offer:
    """A draft offer for an application decided as 录用 (stage 录用沟通); one open offer per application."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage != Stage.OFFER or not _decided_for_offer(application):
        raise OfferRefused(_("只有录用决定为“发放录用”且处于“录用沟通”阶段的候选人可以起草录用通知。"))
    offer = Offer(application=application, created_by=by)
    _apply_terms(offer, structure=structure, components=components, start_date=start_date, city=city, work_place=work_place,
                 contract_type=contract_type, term_months=term_months, probation_months=probation_months,
                 probation_pay=probation_pay, out_of_range_reason=out_of_range_reason, language=language)
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:
        raise OfferRefused(_("该申请已有一份进行中的录用通知。")) from None
    audit.record(action="create", obj=offer, actor=by, request=request, note=f"payroll.offer_drafted application={application.pk}")
    return offer


@transaction.atomic
def update_offer(*, offer: Offer, by, request=None, **terms) -> Offer:
    """Change a draft's terms (an approved offer goes back to draft first: its approval no longer holds)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == OfferStatus.APPROVED:
        offer = set_status(offer=offer, to=OfferStatus.DRAFT, by=by, note="edited after approval", request=request)
    if offer.status != OfferStatus.DRAFT:
        raise OfferRefused(_("只有草稿状态的录用通知可以修改（当前：%(status)s）。") % {"status": offer.get_status_display()})
    _apply_terms(offer, **terms)
    offer.approved_by, offer.approved_at = None, None
    offer.save()
    audit.record(action="change", obj=offer, actor=by, request=request, note="payroll.offer_edited")
    return offer


@transaction.atomic
def set_status(*, offer: Offer, to: str, by=None, note: str = "", request=None, now: dt.datetime | None = None) -> Offer:
    """Move along a declared edge of ``Offer.TRANSITIONS`` or raise OfferRefused; one audit row per move.
    The row is locked while it moves, so two clicks (or the candidate and a sweep) cannot both pass."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if to not in OfferStatus.values:
        raise OfferRefused(_("未知的录用通知状态：%(status)s") % {"status": to})
    if to not in locked.allowed_moves():
        raise OfferRefused(_("录用通知不能从“%(from)s”转为“%(to)s”。") % {
            "from": OfferStatus(locked.status).label, "to": OfferStatus(to).label})
    previous = locked.status
    offer.status = to
    offer.status_changed_at = now or timezone.now()
    Offer.objects.filter(pk=offer.pk).update(status=to, status_changed_at=offer.status_changed_at)
    audit.record(action="change", obj=offer, fields=["status"], actor=by, request=request,
                 note=f"payroll.offer_{to} {previous}->{to}" + (f" {note}" if note else ""))
    return offer


def _refuse_on_problems(offer: Offer) -> None:
    problems = legal_problems(offer)
    if problems:
        raise OfferRefused(problems)


@transaction.atomic
def approve_offer(*, offer: Offer, by, request=None) -> Offer:
    """Approve a draft that passes the legal checks. In range: HR (or an admin) approves; out of range: only
    finance (or an admin), and the reason is on the offer."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _refuse_on_problems(offer)
    if offer.needs_finance_approval and not policy.can(by, "approve_offer_out_of_range"):
        raise OfferRefused(_("该录用通知超出薪酬结构范围，须由财务审批。"))
    if not offer.needs_finance_approval and not policy.can(by, "manage_offers"):
        raise OfferRefused(_("范围内的录用通知由招聘专员确认，无需财务审批。"))
    offer = set_status(offer=offer, to=OfferStatus.APPROVED, by=by, request=request,
                       note="out_of_range" if offer.needs_finance_approval else "in_range")
    offer.approved_by, offer.approved_at = by, timezone.now()
    Offer.objects.filter(pk=offer.pk).update(approved_by=by, approved_at=offer.approved_at)
    return offer


@transaction.atomic
def send_offer(*, offer: Offer, by, request=None, now: dt.datetime | None = None) -> Offer:
    """Render the contract (a new version, its sha256 kept), send the candidate a signed expiring link on
    their channel and mark the offer sent. Refused unless approved and every legal check passes."""
    now = now or timezone.now()
    offer = Offer.objects.select_for_update(of=("self",)).select_related("application__candidate", "application__position").get(pk=offer.pk)
    if offer.status != OfferStatus.APPROVED:
        raise OfferRefused(_("录用通知须先审批才能发送（当前：%(status)s）。") % {"status": offer.get_status_display()})
    _refuse_on_problems(offer)
    contract = issue_contract(offer=offer, language=offer.language)
    expires = links.expiry(now)
    url = links.sign_url(contract, expires=expires)
    candidate = offer.application.candidate
    position = offer.application.position
    reached = notify_candidate(
        candidate=candidate, title=_("录用通知：%(position)s") % {"position": display_name(position)},
        lines=[(_("职位"), display_name(position)), (_("入职日期"), offer.start_date.isoformat()),
               (_("请在此日期前签署"), timezone.localtime(expires).strftime("%Y-%m-%d %H:%M"))],
        url=url, dedupe_key=f"offer:{offer.pk}:contract:{contract.pk}:link",
    )
    if not reached:
        raise OfferRefused(_("无法联系到候选人（没有邮箱、手机号或企业微信客户联系），录用通知未发送。"))
    offer = set_status(offer=offer, to=OfferStatus.SENT, by=by, request=request, now=now, note=f"contract={contract.pk}")
    offer.sent_at, offer.link_expires_at = now, expires
    Offer.objects.filter(pk=offer.pk).update(sent_at=now, link_expires_at=expires)
    return offer


@transaction.atomic
def withdraw_offer(*, offer: Offer, by, reason: str, request=None) -> Offer:
    reason = (reason or "").strip()
    if not reason:
        raise OfferRefused(_("撤回录用通知需要填写原因。"))
    return set_status(offer=offer, to=OfferStatus.WITHDRAWN, by=by, request=request, note=reason[:200])


def notify_hr(offer: Offer, *, event: str, title: str, lines: list[tuple[str, str]]) -> None:
    """HR (the offer's author, else the application's owner) hears of what the candidate did."""
    user = offer.created_by or offer.application.owner
    notify_staff(user=user, title=title, lines=lines, url=portal_url(reverse("payroll:offer_detail", args=[offer.pk])),
                 dedupe_key=f"offer:{offer.pk}:{event}")


def expire_offers(*, now: dt.datetime | None = None) -> list[int]:
    """Sent offers whose link has run out become expired (the sweep; safe to run any number of times)."""
    now = now or timezone.now()
    expired = []
    for offer in Offer.objects.filter(status=OfferStatus.SENT, link_expires_at__lt=now):
        try:
            set_status(offer=offer, to=OfferStatus.EXPIRED, note="link expired", now=now)
        except OfferRefused:
            continue  # answered meanwhile
        expired.append(offer.pk)
    return expired
