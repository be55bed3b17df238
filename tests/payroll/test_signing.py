"""The candidate's signing page: the one-time code, signing, and every refusal (replay, expiry, tampering,
hash mismatch, double submit); declining; the archive and ``verify_contract``."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hrportal.models import AuditLog
from payroll.contracts import links
from payroll.contracts.services import contract_pdf, signed_pdf
from payroll.models import Contract, OfferStatus
from payroll.offers.services import approve_offer, send_offer, withdraw_offer
from tests.payroll.conftest import sent_offer
from wecom.models import OutboxMessage

pytestmark = pytest.mark.django_db


def link_of(offer):
    message = OutboxMessage.objects.filter(dedupe_key__startswith=f"offer:{offer.pk}:", dedupe_key__endswith=":link").latest("id")
    return re.search(r"/payroll/sign/[^/\s\"]+/", message.payload).group(0)


def last_code(offer):
    message = OutboxMessage.objects.filter(dedupe_key__startswith=f"offer:{offer.pk}:", dedupe_key__contains=":code:").latest("id")
    return re.search(r"验证码：(\d{6})", message.payload).group(1)


def sign(client, url, *, name="王小明", code, consent=True):
    data = {"action": "sign", "name": name, "code": code}
    if consent:
        data["consent"] = "on"
    return client.post(url, data, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) test")


def test_sign_with_the_one_time_code(client, offer_setup):
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    page = client.get(url)
    assert page.status_code == 200 and "签署劳动合同" in page.content.decode()
    assert client.get(url + "?format=pdf").content == contract_pdf(offer.contracts.get())
    client.post(url, {"action": "code"})
    code = last_code(offer)
    contract = Contract.objects.get(offer=offer)
    assert code not in (contract.code_hash, str(contract.code_expires_at))
    assert not AuditLog.objects.filter(note__contains=code).exists()
    response = sign(client, url, code=code)
    assert response.status_code == 200 and "签署成功" in response.content.decode()
    contract.refresh_from_db()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert contract.signer_name == "王小明" and contract.signer_ip == "127.0.0.1" and "iPhone" in contract.signer_user_agent
    assert contract.signed_sha256 and contract.code_hash == ""
    assert signed_pdf(contract)[:4] == b"%PDF" and len(signed_pdf(contract)) > len(contract_pdf(contract))
    # HR is told
    assert OutboxMessage.objects.filter(dedupe_key=f"offer:{offer.pk}:signed").exists()


def test_double_submit_and_replay_are_refused(client, offer_setup):
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    client.post(url, {"action": "code"})
    code = last_code(offer)
    assert sign(client, url, code=code).status_code == 200
    again = sign(client, url, code=code)
    assert again.status_code == 409 and "已签署，不能重复签署" in again.content.decode()
    assert client.get(url).status_code == 409
    assert Contract.objects.filter(offer=offer, signed_at__isnull=False).count() == 1


def test_wrong_name_wrong_code_and_attempt_limit(client, offer_setup, settings):
    settings.OFFER_CODE_ATTEMPTS = 2
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    assert "请先获取验证码" in sign(client, url, code="000000").content.decode()
    client.post(url, {"action": "code"})
    code = last_code(offer)
    assert "姓名与身份证上的姓名不一致" in sign(client, url, name="王小", code=code).content.decode()
    assert "请勾选同意声明" in sign(client, url, code=code, consent=False).content.decode()
    wrong = "000000" if code != "000000" else "111111"
    assert "验证码不正确" in sign(client, url, code=wrong).content.decode()
    assert "验证码不正确" in sign(client, url, code=wrong).content.decode()
    assert "错误次数过多" in sign(client, url, code=code).content.decode()
    client.post(url, {"action": "code"})
    assert "签署成功" in sign(client, url, code=last_code(offer)).content.decode()


def test_expired_code_is_refused(client, offer_setup):
    from payroll.contracts import signing

    offer = sent_offer(offer_setup)
    url = link_of(offer)
    token = url.rstrip("/").rsplit("/", 1)[1]
    signing.request_code(token=token, now=timezone.now() - dt.timedelta(minutes=11))
    response = sign(client, url, code=last_code(offer))
    assert "验证码已过期" in response.content.decode()


def test_expired_and_tampered_links(client, offer_setup):
    offer = sent_offer(offer_setup)
    contract = offer.contracts.get()
    old = reverse("payroll:offer_sign", args=[links.make_token(contract, expires=timezone.now() - dt.timedelta(seconds=1))])
    response = client.get(old)
    assert response.status_code == 410 and "已过期" in response.content.decode()
    url = link_of(offer)
    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    response = client.get(tampered)
    assert response.status_code == 404 and "链接无效" in response.content.decode()


def test_a_changed_document_is_refused(client, offer_setup):
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    contract = offer.contracts.get()
    # the stored bytes changed behind the recorded hash (hash mismatch)
    from hrportal import crypto

    Contract.objects.filter(pk=contract.pk).update(pdf=crypto.encrypt_bytes(contract_pdf(contract) + b"%tampered"))
    response = client.get(url)
    assert response.status_code == 409 and "摘要不一致" in response.content.decode()
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_contract", str(contract.pk))
    assert exit_code.value.code == 1


def test_a_link_to_a_replaced_contract_is_refused(client, offer_setup, users):
    offer = sent_offer(offer_setup)
    old_url = link_of(offer)
    # HR withdraws and re-issues: a new offer gets a new contract; the old link names the old one
    from payroll.offers.services import withdraw_offer

    withdraw_offer(offer=offer, by=users["hr"], reason="条款调整")
    response = client.get(old_url)
    assert response.status_code == 410 and "撤回" in response.content.decode()


def test_decline_with_a_reason(client, offer_setup):
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    assert "请填写拒绝的原因" in client.post(url, {"action": "decline", "reason": " "}).content.decode()
    response = client.post(url, {"action": "decline", "reason": "接受了其他机会"})
    assert "您已拒绝" in response.content.decode()
    offer.refresh_from_db()
    offer_setup["application"].refresh_from_db()
    assert offer.status == OfferStatus.DECLINED and offer.decline_reason == "接受了其他机会"
    assert offer_setup["application"].stage == "offer_declined"
    assert OutboxMessage.objects.filter(dedupe_key=f"offer:{offer.pk}:declined").exists()
    assert "已拒绝" in client.get(url).content.decode()


def test_verify_contract_recomputes_the_hashes(client, offer_setup, capsys):
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    client.post(url, {"action": "code"})
    sign(client, url, code=last_code(offer))
    contract = offer.contracts.get()
    call_command("verify_contract", str(contract.pk))
    out = capsys.readouterr().out
    assert f"document sha256 {contract.sha256} OK" in out and "signed PDF sha256" in out and "王小明" in out
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify_contract", "999999")
    assert exit_code.value.code == 2


def test_the_code_never_shows_in_the_message_log(client, offer_setup, users):
    offer = sent_offer(offer_setup)
    url = link_of(offer)
    client.post(url, {"action": "code"})
    code = last_code(offer)
    message = OutboxMessage.objects.filter(dedupe_key__contains=":code:").latest("id")
    client.force_login(users["hr"])
    page = client.get(reverse("wecom:message_detail", args=[message.pk])).content.decode()
    assert code not in page and "一次性验证码" in page


def test_english_contract(offer_setup, users):
    from tests.payroll.conftest import draft

    offer = draft(offer_setup, language="en")
    approve_offer(offer=offer, by=users["hr"])
    send_offer(offer=offer, by=users["hr"])
    contract = offer.contracts.get()
    assert contract.language == "en" and "Example Tech" in contract.html


def test_contracts_name_position_department_and_city_in_their_own_language(offer_setup, users):
    """Issue 20: an English contract says Sales Manager, Sales and Beijing; a Chinese one 销售经理, 销售部, 北京 —
    whatever language HR's page was in."""
    from django.utils import translation

    from tests.payroll.conftest import draft

    offer = draft(offer_setup, language="en")
    approve_offer(offer=offer, by=users["hr"])
    with translation.override("zh-hans"):
        send_offer(offer=offer, by=users["hr"])
    english = offer.contracts.get().html
    assert "Post: Sales Sales Manager; place of work: Beijing." in english and "in Beijing" in english
    assert "销售经理" not in english and "销售部" not in english and "北京" not in english

    withdraw_offer(offer=offer, by=users["hr"], reason="改用中文合同")
    offer = draft(offer_setup, language="zh-hans")
    approve_offer(offer=offer, by=users["hr"])
    with translation.override("en"):
        send_offer(offer=offer, by=users["hr"])
    chinese = offer.contracts.get().html
    assert "岗位：销售部 销售经理；工作地点：北京。" in chinese and "在北京为劳动者" in chinese
    assert "Sales Manager" not in chinese


def test_the_signing_page_names_the_position_in_the_candidates_language(client, offer_setup, settings):
    url = link_of(sent_offer(offer_setup))
    assert "以下是您的销售经理劳动合同" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "here is your labour contract for Sales Manager" in english and "销售经理" not in english
