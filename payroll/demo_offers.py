"""Demo offers on top of the demo payroll (run by ``seed_demo_payroll``): the company's contract template and
offers in several states for the demo's 录用沟通 applications, through the offer services:

- a draft outside its range awaiting the finance account, one sent and awaiting the
  candidate's signature (its link on the candidate's sandbox phone), one signed (start date in December) and
  one signed and onboarded on 2026-11-16, who is in the pending November payroll run (recalculated here).

Deterministic (the demo applications in id order, fixed dates); idempotent (nothing happens once the demo
template exists); ``remove_demo_offers`` undoes it before ``remove_demo_payroll``. The demo signs without the
one-time-code exchange (it cannot read a candidate's inbox): ``signing.record_signature`` is the same step the
signing page runs once the code is checked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interviews.models import HiringDecision
from payroll.contracts import links, signing
from payroll.contracts.services import latest_contract
from payroll.models import (
    City,
    Contract,
    ContractTemplate,
    Offer,
    Onboarding,
    OnboardingItem,
    PayRecord,
    PayrollLine,
    PayrollRun,
    TaxYearProfile,
)
from payroll.offers import selectors as offer_selectors
from payroll.offers.services import approve_offer, draft_offer, send_offer
from payroll.onboarding.services import onboard
from payroll.runs import jobs as run_jobs
from payroll.runs.services import start_calculation
from payroll.structures.services import components_from_structure
from recruiting.analytics_facts import store as analytics_store
from recruiting.demo.seed import DEMO_USER_EMAIL_DOMAIN
from recruiting.models import Application, Employee
from recruiting.pipeline import Stage

EMPLOYER = "智聘示范科技有限公司"
ONBOARDED_START = dt.date(2026, 11, 16)
SIGNED_START = dt.date(2026, 12, 14)
LATER_START = dt.date(2027, 1, 4)
DEMO_DECISION_REASON = "演示：面试通过，发放录用"
DEMO_HIRING_REASON = "演示：面试通过"


def _user(username: str):
    return get_user_model().objects.filter(username=username, email__endswith="@" + DEMO_USER_EMAIL_DOMAIN).first()


def demo_offers_present() -> bool:
    return ContractTemplate.objects.filter(employer_name=EMPLOYER).exists()


def _templates() -> None:
    ContractTemplate.objects.update_or_create(language="zh-hans", defaults={
        "employer_name": EMPLOYER, "employer_address": "北京市海淀区中关村大街 27 号", "legal_representative": "林志远",
        "working_hours": "标准工时制：每日工作 8 小时，每周 40 小时；依法享受法定节假日、年休假、婚假、产假等假期。",
        "labour_protection": "用人单位提供符合国家规定的劳动安全卫生条件和必要的劳动防护用品，对从事有职业危害作业的劳动者定期进行健康检查。",
        "other_terms": "劳动者须遵守公司依法制定的规章制度；双方另行签订保密协议。",
    })
    ContractTemplate.objects.update_or_create(language="en", defaults={
        "employer_name": "Zhipin Demo Technology Co., Ltd.", "employer_address": "27 Zhongguancun Street, Haidian, Beijing",
        "legal_representative": "Lin Zhiyuan",
        "working_hours": "Standard working hours: 8 hours a day, 40 hours a week; statutory holidays and annual, marriage and maternity leave as the law provides.",
        "labour_protection": "The employer provides working conditions and protective equipment that meet national rules, with regular health checks for hazardous work.",
        "other_terms": "The employee follows the company's lawful rules; a separate confidentiality agreement applies.",
    })


def _decided(application: Application, by) -> None:
    latest = HiringDecision.objects.filter(application=application).order_by("-decided_at", "-id").first()
    if latest is None or latest.outcome != HiringDecision.Outcome.OFFER:
        HiringDecision.objects.create(application=application, outcome=HiringDecision.Outcome.OFFER, reason=DEMO_HIRING_REASON, decided_by=by)


def _draft(application, *, by, start, city, bump=Decimal("0"), reason="", probation=2, language="zh-hans") -> Offer:
    structure = offer_selectors.structure_for(application.position, start)
    components = components_from_structure(structure) if structure else [
        {"code": "base", "name": "基本工资", "kind": "base", "amount": Decimal("10000"), "taxable": True}]
    if bump:
        components[0] = {**components[0], "amount": Decimal(str(components[0]["amount"])) + bump}
    wage = sum(Decimal(str(c["amount"])) for c in components)
    return draft_offer(application=application, by=by, structure=structure, components=components, start_date=start, city=city,
                       term_months=36, probation_months=probation, probation_pay=(wage * Decimal("0.8")).quantize(Decimal("1")) + 1,
                       out_of_range_reason=reason, language=language)


def _sign(offer: Offer) -> Contract:
    contract = latest_contract(offer)
    token = links.make_token(contract, expires=offer.link_expires_at)
    return signing.record_signature(token=token, name=offer.application.candidate.name, ip="127.0.0.1",
                                    user_agent="demo (sandbox phone)", now=timezone.now())


@transaction.atomic
def seed_demo_offers() -> dict[str, int]:
    """See the module docstring. Returns counts (empty when already present or the demo is missing)."""
    if demo_offers_present():
        return {}
    hr, finance = _user("hr"), _user("finance")
    reachable = Application.objects.filter(~Q(candidate__email_hash="") | ~Q(candidate__phone_hash=""), offers__isnull=True)
    applications = list(reachable.filter(stage=Stage.OFFER).select_related("position", "candidate").order_by("pk")[:4])
    # the small demo has fewer at 录用沟通: the next ones still interviewing are decided as 录用 here
    applications += list(reachable.filter(stage=Stage.INTERVIEWING).select_related("position", "candidate")
                         .order_by("pk")[:4 - len(applications)])
    if hr is None or finance is None or len(applications) < 4:
        return {}
    _templates()
    beijing, shanghai = City.objects.get(code="beijing"), City.objects.get(code="shanghai")
    for application in applications:
        if application.stage == Stage.INTERVIEWING:
            application.set_stage(Stage.OFFER, by=hr, reason=DEMO_DECISION_REASON)
        _decided(application, hr)
    onboarded_app, signed_app, sent_app, range_app = applications

    offer = _draft(onboarded_app, by=hr, start=ONBOARDED_START, city=beijing)
    approve_offer(offer=offer, by=hr)
    send_offer(offer=offer, by=hr, now=timezone.now())
    _sign(Offer.objects.get(pk=offer.pk))
    onboarding = onboard(offer_id=offer.pk, by=hr, on=ONBOARDED_START)

    offer = _draft(signed_app, by=hr, start=SIGNED_START, city=shanghai)
    approve_offer(offer=offer, by=hr)
    send_offer(offer=offer, by=hr)
    _sign(Offer.objects.get(pk=offer.pk))

    offer = _draft(sent_app, by=hr, start=LATER_START, city=beijing, language="en")
    approve_offer(offer=offer, by=hr)
    send_offer(offer=offer, by=hr)

    _draft(range_app, by=hr, start=LATER_START, city=shanghai, bump=Decimal("50000"), reason="候选人手握竞品录用，稀缺经验")

    # the pending November run picks the onboarded new hire up (a calculated run may be calculated again)
    run = PayrollRun.objects.filter(year=ONBOARDED_START.year, month=ONBOARDED_START.month, status=PayrollRun.Status.CALCULATED).first()
    if run is not None:
        run = start_calculation(run=run, by=finance)
        if run.status == PayrollRun.Status.CALCULATING:  # Redis configured: calculate here; the queued job then stops
            run_jobs.calculate_run(run.pk, run.calculation)
    return {"offers": 4, "contracts_signed": 2, "onboarded": 1 if onboarding.employee_id else 0}


@transaction.atomic
def remove_demo_offers() -> dict[str, int]:
    """Delete the demo offers, their contracts and onboarding, and the demo new hire with their pay records and
    payroll lines (so ``remove_demo_payroll`` finds the demo year's runs as it made them)."""
    if not demo_offers_present():
        return {}
    offers = Offer.objects.filter(created_by=_user("hr"))
    applications = list(Application.objects.filter(offers__in=offers).distinct())
    hires = Employee.objects.filter(pk__in=list(Employee.objects.filter(onboarding__offer__in=offers).values_list("pk", flat=True)))
    TaxYearProfile.objects.filter(employee__in=hires).update(last_closed_line=None)
    counts = {"payroll_lines": PayrollLine.objects.filter(employee__in=hires).delete()[0]}
    TaxYearProfile.objects.filter(employee__in=hires).delete()
    OnboardingItem.objects.filter(onboarding__offer__in=offers).delete()
    Onboarding.objects.filter(offer__in=offers).update(employee=None)
    counts["pay_records"] = PayRecord.objects.filter(employee__in=hires).delete()[0]
    counts["onboardings"] = Onboarding.objects.filter(offer__in=offers).delete()[0]
    counts["new_hires"] = hires.delete()[0]
    counts["contracts"] = Contract.objects.filter(offer__in=offers).delete()[0]
    counts["offers"] = offers.delete()[0]
    # the applications go back to the stage they had before the demo moved them (a removal tool, like the
    # demo payroll's leave dates: the pipeline itself has no way back from 已入职)
    for application in applications:
        changes = application.stage_history.filter(reason__in=[DEMO_DECISION_REASON, f"onboarded offer {application.pk}"]) | \
            application.stage_history.filter(reason__startswith="onboarded offer ")
        first = changes.order_by("at", "id").first()
        if first is not None:
            with analytics_store.batch():  # the moves' slices are noted before the moves go
                analytics_store.touch([application.pk])
                Application.objects.filter(pk=application.pk).update(stage=first.from_stage)
                application.stage_history.filter(at__gte=first.at, id__gte=first.id).delete()
    HiringDecision.objects.filter(application__in=applications, reason=DEMO_HIRING_REASON).delete()
    ContractTemplate.objects.filter(employer_name=EMPLOYER).delete()
    return counts
