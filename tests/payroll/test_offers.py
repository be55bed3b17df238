"""Offers: drafting from a 录用 decision, ranges and finance approval, the one status pipeline with an audit row
per move, sending over the candidate's channel, and who sees what on the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hrportal.models import AuditLog
from payroll.models import Offer, OfferStatus
from payroll.offers.services import OfferRefused, approve_offer, send_offer, set_status, withdraw_offer
from tests.payroll.conftest import draft, sent_offer
from wecom.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_draft_prefills_the_structure_and_refuses_without_a_decision(offer_setup):
    offer = draft(offer_setup)
    assert offer.monthly_total() == Decimal("10000.00")
    assert [c["code"] for c in offer.components] == ["base", "bonus"]
    rd = offer_setup["rd_application"]
    with pytest.raises(OfferRefused, match="发放录用"):
        draft(offer_setup | {"application": rd})


def test_one_open_offer_per_application(offer_setup):
    draft(offer_setup)
    with pytest.raises(OfferRefused, match="进行中"):
        draft(offer_setup)


def test_out_of_range_needs_a_reason_and_finance(offer_setup):
    users = offer_setup["users"]
    rows = [{"code": "base", "name": "基本工资", "kind": "base", "amount": "9500"},
            {"code": "bonus", "name": "绩效奖金", "kind": "performance", "amount": "2000"}]
    with pytest.raises(OfferRefused, match="超出薪酬结构"):
        draft(offer_setup, components=rows, probation_pay="9200")
    offer = draft(offer_setup, components=rows, probation_pay="9200", out_of_range_reason="稀缺人才")
    assert offer.needs_finance_approval
    with pytest.raises(OfferRefused, match="财务审批"):
        approve_offer(offer=offer, by=users["hr"])
    approve_offer(offer=offer, by=users["finance"])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.APPROVED and offer.approved_by == users["finance"]


def test_legal_problems_block_approval_with_their_messages(offer_setup):
    offer = draft(offer_setup, term=12, probation=3, probation_pay="7000")
    with pytest.raises(ValidationError) as exc:
        approve_offer(offer=offer, by=offer_setup["users"]["hr"])
    text = " ".join(exc.value.messages)
    assert "最多约定 2 个月" in text and "百分之八十" in text
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DRAFT


def test_one_probation_per_employer_counts_an_earlier_hire(offer_setup, users):
    from recruiting.models import Application, Employee

    candidate = offer_setup["candidate"]
    earlier = Application.objects.create(candidate=candidate, position=offer_setup["rd_position"])
    Employee.objects.create(employee_no="OLD1", name=candidate.name, department=offer_setup["rd"], hire_date=dt.date(2020, 1, 1),
                            leave_date=dt.date(2022, 1, 1), hired_through=earlier)
    offer = draft(offer_setup)
    with pytest.raises(ValidationError, match="只能约定一次试用期"):
        approve_offer(offer=offer, by=users["hr"])


def test_status_pipeline_refuses_illegal_moves_and_audits_each_change(offer_setup, users):
    offer = draft(offer_setup)
    with pytest.raises(OfferRefused, match="不能从"):
        set_status(offer=offer, to=OfferStatus.ACCEPTED, by=users["hr"])
    with pytest.raises(OfferRefused, match="审批"):
        send_offer(offer=offer, by=users["hr"])
    approve_offer(offer=offer, by=users["hr"])
    withdraw_offer(offer=offer, by=users["hr"], reason="岗位取消")
    notes = list(AuditLog.objects.filter(object_type="payroll.Offer", object_id=str(offer.pk), action="change")
                 .order_by("id").values_list("note", flat=True))
    assert [n.split()[0] for n in notes] == ["payroll.offer_approved", "payroll.offer_withdrawn"]
    with pytest.raises(OfferRefused):
        set_status(offer=offer, to=OfferStatus.DRAFT, by=users["hr"])


def test_send_renders_the_contract_and_reaches_the_candidate(offer_setup):
    offer = sent_offer(offer_setup)
    assert offer.status == OfferStatus.SENT and offer.link_expires_at > offer.sent_at
    contract = offer.contracts.get()
    assert len(contract.sha256) == 64 and bytes(contract.pdf)[:4] != b"%PDF"  # encrypted at rest
    message = OutboxMessage.objects.get(recipient_candidate=offer_setup["candidate"], dedupe_key__startswith=f"offer:{offer.pk}:")
    assert "/payroll/sign/" in message.payload


def test_manager_sees_status_not_pay_nor_id_and_finance_sees_cost(client, offer_setup, users):
    offer = draft(offer_setup)
    url = reverse("payroll:offer_detail", args=[offer.pk])
    client.force_login(users["manager"])
    page = client.get(url).content.decode()
    assert offer.get_status_display() in page
    assert "10000.00" not in page and "data-offer-cost" not in page and "110101199001011234" not in page
    client.force_login(users["hr"])
    page = client.get(url).content.decode()
    assert "10000.00" in page and "110***********1234" in page and "data-offer-cost" not in page
    client.force_login(users["finance"])
    page = client.get(url).content.decode()
    assert "data-offer-cost" in page and "110101199001011234" not in page


def test_hr_drafts_through_the_page_prefilled_from_the_structure(client, offer_setup, users):
    client.force_login(users["hr"])
    application = offer_setup["application"]
    listing = client.get(reverse("payroll:offer_list")).content.decode()
    assert reverse("payroll:offer_create", args=[application.pk]) in listing
    form = client.get(reverse("payroll:offer_create", args=[application.pk])).content.decode()
    assert 'value="8000.00"' in form and 'value="2000.00"' in form
    response = client.post(reverse("payroll:offer_create", args=[application.pk]), {
        "start_date": "2026-12-01", "city": _city("shanghai"), "contract_type": "fixed",
        "term_months": "12", "probation_months": "3", "probation_pay": "8000", "language": "zh-hans",
        "c_base": "8000", "c_bonus": "2000",
    })
    assert response.status_code == 302
    offer = Offer.objects.get(application=application)
    page = client.get(reverse("payroll:offer_detail", args=[offer.pk])).content.decode()
    assert "最多约定 2 个月" in page  # the legal check shows before anyone approves


def _city(code):
    from payroll.models import City

    return City.objects.get(code=code).pk


def test_a_second_offer_after_a_withdrawal(offer_setup, users):
    offer = draft(offer_setup)
    withdraw_offer(offer=offer, by=users["hr"], reason="条件调整")
    assert draft(offer_setup).pk != offer.pk


def test_the_offer_notice_is_one_language_names_included(offer_setup):
    """Issue 20: sent from an English page, the notice says "Offer: Sales Manager" and "Position: Sales Manager"
    (label separator included); from a Chinese page "录用通知：销售经理" and "职位：销售经理"."""
    from django.utils import translation

    def notice(offer) -> dict:
        return OutboxMessage.objects.get(recipient_candidate=offer_setup["candidate"],
                                         dedupe_key__startswith=f"offer:{offer.pk}:").data

    with translation.override("en"):
        english = notice(sent_offer(offer_setup))
    assert english["subject"] == "Offer: Sales Manager" and "Position: Sales Manager" in english["body"]
    assert "销售经理" not in english["body"] and "：" not in english["body"]
    withdraw_offer(offer=Offer.objects.get(), by=offer_setup["users"]["hr"], reason="重发")
    with translation.override("zh-hans"):
        chinese = notice(sent_offer(offer_setup))
    assert chinese["subject"] == "录用通知：销售经理" and "职位：销售经理" in chinese["body"]
