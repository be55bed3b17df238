"""What the candidate does through the signing link: open the contract, ask for a one-time code, sign, or
decline with a reason.

Guarantees (each refusal is a sentence the candidate reads):
- an invalid or expired link, a contract that is not the offer's current one or whose stored bytes no
  longer hash to what was sent (hash mismatch), an offer already signed, declined, withdrawn or expired —
  all refused, nothing written;
- the one-time code is random (6 digits), sent only to the candidate's channel, kept as a salted HMAC with an
  expiry (``OFFER_CODE_MINUTES``, 10) and an attempt limit (``OFFER_CODE_ATTEMPTS``, 5); never stored or
  logged in clear; a used code is cleared, so a replayed form finds none;
- signing records consent, time, IP and user agent, renders the signed PDF (the same pages plus a signature
  page naming the sha256 of the exact document signed), stores it encrypted with its own sha256 and moves the
  offer to accepted in the same transaction; a second signature is refused by the row lock, the status and a
  unique constraint.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from hrportal import audit, crypto
from payroll.contracts import links, render
from payroll.contracts.services import contract_pdf, latest_contract
from payroll.models import Contract, Offer, OfferStatus
from payroll.offers.services import OfferRefused, notify_hr, set_status
from recruiting.notices import notify_candidate
from recruiting.pipeline import Stage

CONSENT_TEXT = "本人已阅读并同意本劳动合同的全部条款，同意以电子方式签署。"
MAX_CODES_PER_CONTRACT = 5


class SigningRefused(Exception):
    """The candidate's action is refused; ``str(exc)`` is the sentence shown, ``status`` the HTTP status."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.status = status


def code_minutes() -> int:
    return int(getattr(settings, "OFFER_CODE_MINUTES", 10))


def code_attempts() -> int:
    return int(getattr(settings, "OFFER_CODE_ATTEMPTS", 5))


def _code_hash(contract_id: int, code: str) -> str:
    return salted_hmac("payroll.offer_code.v1", f"{contract_id}:{code}").hexdigest()


STATUS_REFUSALS = {
    OfferStatus.ACCEPTED: lambda: _("该合同已签署，不能重复签署。"),
    OfferStatus.DECLINED: lambda: _("您已拒绝该录用通知，此链接不再有效。"),
    OfferStatus.WITHDRAWN: lambda: _("该录用通知已被公司撤回，此链接不再有效。"),
    OfferStatus.EXPIRED: lambda: _("该录用通知已过期，请联系招聘专员。"),
}


@dataclass(frozen=True)
class Opened:
    contract: Contract | None
    refusal: str = ""
    status: int = 200


def open_contract(token: str, *, now: dt.datetime | None = None) -> Opened:
    """The contract a link opens, or why it does not."""
    check = links.check_token(token, now=now)
    if check.problem == "invalid":
        return Opened(None, _("链接无效：请使用消息中的完整链接。"), 404)
    if check.problem == "expired":
        return Opened(None, _("签署链接已过期，请联系招聘专员重新发送。"), 410)
    contract = Contract.objects.select_related("offer__application__candidate", "offer__application__position", "offer__city").filter(
        pk=check.contract_id, offer_id=check.offer_id).first()
    if contract is None:
        return Opened(None, _("链接无效：请使用消息中的完整链接。"), 404)
    offer = contract.offer
    if offer.status in STATUS_REFUSALS:
        return Opened(contract, STATUS_REFUSALS[offer.status](), 409 if offer.status == OfferStatus.ACCEPTED else 410)
    if offer.status != OfferStatus.SENT:
        return Opened(None, _("该录用通知当前不可签署，请联系招聘专员。"), 409)
    current = latest_contract(offer)
    if current is None or current.pk != contract.pk or contract.sha256 != check.sha256:
        return Opened(None, _("合同文件已更新，此链接对应的版本不再有效：请使用最新消息中的链接。"), 409)
    if render.sha256_of(contract_pdf(contract)) != contract.sha256:
        return Opened(None, _("合同文件校验失败（摘要不一致），不能签署。请联系招聘专员。"), 409)
    return Opened(contract)


def _locked_signable(token: str, now: dt.datetime) -> Contract:
    opened = open_contract(token, now=now)
    if opened.refusal:
        raise SigningRefused(opened.refusal, status=opened.status)
    contract = Contract.objects.select_for_update().get(pk=opened.contract.pk)
    contract.offer = opened.contract.offer
    if contract.signed_at is not None:
        raise SigningRefused(STATUS_REFUSALS[OfferStatus.ACCEPTED]())
    return contract


@transaction.atomic
def request_code(*, token: str, now: dt.datetime | None = None) -> None:
    """Send a fresh one-time code to the candidate's channel (replacing any earlier one)."""
    now = now or timezone.now()
    contract = _locked_signable(token, now)
    if contract.codes_sent >= MAX_CODES_PER_CONTRACT:
        raise SigningRefused(_("验证码发送次数已达上限，请联系招聘专员。"), status=429)
    code = f"{secrets.randbelow(10**6):06d}"
    contract.code_hash = _code_hash(contract.pk, code)
    contract.code_expires_at = now + dt.timedelta(minutes=code_minutes())
    contract.code_attempts = 0
    contract.codes_sent += 1
    contract.save(update_fields=["code_hash", "code_expires_at", "code_attempts", "codes_sent"])
    notify_candidate(
        candidate=contract.offer.application.candidate, title=_("合同签署验证码"),
        lines=[(_("验证码"), code), (_("有效期"), _("%(minutes)s 分钟") % {"minutes": code_minutes()})],
        url="", dedupe_key=f"offer:{contract.offer_id}:contract:{contract.pk}:code:{contract.codes_sent}", secret=True,
    )
    audit.record(action="create", obj=contract.offer, note=f"payroll.offer_code_sent contract={contract.pk} n={contract.codes_sent}")


def _check_code(contract: Contract, code: str, now: dt.datetime) -> str:
    """'' when the code is right; otherwise the refusal (the attempt is counted)."""
    if not contract.code_hash:
        return _("请先获取验证码。")
    if contract.code_expires_at is None or now > contract.code_expires_at:
        return _("验证码已过期，请重新获取。")
    if contract.code_attempts >= code_attempts():
        return _("验证码错误次数过多，请重新获取。")
    if constant_time_compare(_code_hash(contract.pk, (code or "").strip()), contract.code_hash):
        return ""
    Contract.objects.filter(pk=contract.pk).update(code_attempts=contract.code_attempts + 1)
    return _("验证码不正确。")


def sign(*, token: str, name: str, code: str, consent: bool, ip: str | None, user_agent: str, now: dt.datetime | None = None) -> Contract:
    """Sign the contract the link opens (see the module's guarantees)."""
    now = now or timezone.now()
    with transaction.atomic():
        contract = _locked_signable(token, now)
        candidate = contract.offer.application.candidate
        if not consent:
            raise SigningRefused(_("请勾选同意声明。"), status=400)
        if (name or "").strip() != candidate.name.strip():
            raise SigningRefused(_("姓名与身份证上的姓名不一致。"), status=400)
        problem = _check_code(contract, code, now)
    if problem:  # raised after the block so the counted attempt is committed
        raise SigningRefused(problem, status=400)
    return record_signature(token=token, name=name.strip(), ip=ip, user_agent=user_agent, now=now)


@transaction.atomic
def record_signature(*, token: str, name: str, ip: str | None, user_agent: str, now: dt.datetime) -> Contract:
    """The signature itself, once ``sign`` has checked the name, the consent and the code (the demo calls it
    directly: it cannot read a candidate's inbox). The link's refusals still apply."""
    contract = _locked_signable(token, now)
    offer = contract.offer
    template = render.contract_template(contract.language)
    signature = {
        "language": contract.language, "signer_name": name, "signed_at": timezone.localtime(now), "ip": ip or "",
        "user_agent": user_agent[:300], "consent": CONSENT_TEXT, "sha256": contract.sha256,
        "employer": template.employer_name if template else "",
    }
    signed = render.pdf_from_html(render.signed_html(contract.html, signature))
    contract.signed_at, contract.signer_name, contract.signer_ip = now, name, ip or None
    contract.signer_user_agent, contract.consent_text = user_agent[:300], CONSENT_TEXT
    contract.signed_pdf, contract.signed_sha256 = crypto.encrypt_bytes(signed), render.sha256_of(signed)
    contract.code_hash, contract.code_expires_at = "", None  # a replayed form finds no code
    contract.save()
    set_status(offer=offer, to=OfferStatus.ACCEPTED, now=now, note=f"contract={contract.pk} sha256={contract.sha256[:12]}")
    Offer.objects.filter(pk=offer.pk).update(responded_at=now)
    audit.record(action="create", obj=offer, note=f"payroll.contract_signed contract={contract.pk} ip={ip or ''}")
    notify_hr(offer, event="signed", title=_("候选人已签署劳动合同"),
              lines=[(_("候选人"), offer.application.candidate.name), (_("入职日期"), offer.start_date.isoformat())])
    return contract


@transaction.atomic
def decline(*, token: str, reason: str, now: dt.datetime | None = None) -> None:
    """The candidate declines with a reason: the offer is declined and the application leaves the pipeline."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise SigningRefused(_("请填写拒绝的原因。"), status=400)
    contract = _locked_signable(token, now)
    offer = contract.offer
    try:
        set_status(offer=offer, to=OfferStatus.DECLINED, now=now, note=reason[:200])
    except OfferRefused as exc:
        raise SigningRefused(" ".join(exc.messages)) from None
    Offer.objects.filter(pk=offer.pk).update(responded_at=now, decline_reason=reason[:500])
    application = offer.application
    if application.stage == Stage.OFFER:
        application.set_stage(Stage.OFFER_DECLINED, reason=reason[:500], at=now)
    notify_hr(offer, event="declined", title=_("候选人拒绝了录用通知"),
              lines=[(_("候选人"), application.candidate.name), (_("原因"), reason[:200])])
