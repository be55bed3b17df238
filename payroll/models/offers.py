"""Offers, their contracts and the new hire's onboarding (docs/offers.md).

An ``Offer`` turns an application decided as 录用 into proposed pay and contract terms; its status moves only
along ``Offer.TRANSITIONS`` through ``payroll.offers.services.set_status`` (one audit entry per change). A
``Contract`` is one rendered version of the offer's contract: the exact PDF bytes, encrypted, with their
sha256, and after signing the signed PDF (the same pages plus a signature page naming the original's hash).
``Onboarding`` is what happens on the start date: the Employee (linked explicitly through
``Employee.hired_through``), the first pay record, the social-insurance enrolment task and the checklist.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedDecimalField, EncryptedTextField


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("已审批")
    SENT = "sent", _("已发送")
    ACCEPTED = "accepted", _("已签约")
    DECLINED = "declined", _("已拒绝")
    EXPIRED = "expired", _("已过期")
    WITHDRAWN = "withdrawn", _("已撤回")


class ContractType(models.TextChoices):
    FIXED = "fixed", _("固定期限")
    OPEN_ENDED = "open_ended", _("无固定期限")
    TASK = "task", _("以完成一定工作任务为期限")


class Offer(models.Model):
    """The proposed terms for one application. Pay figures are encrypted; ``components_data`` is the JSON
    of ``[{"code", "name", "kind", "amount", "taxable"}]`` like a pay record's."""

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        OfferStatus.DRAFT: (OfferStatus.APPROVED, OfferStatus.WITHDRAWN),
        OfferStatus.APPROVED: (OfferStatus.DRAFT, OfferStatus.SENT, OfferStatus.WITHDRAWN),
        OfferStatus.SENT: (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN),
        OfferStatus.ACCEPTED: (),
        OfferStatus.DECLINED: (),
        OfferStatus.EXPIRED: (),
        OfferStatus.WITHDRAWN: (),
    }
    OPEN_STATUSES = (OfferStatus.DRAFT, OfferStatus.APPROVED, OfferStatus.SENT, OfferStatus.ACCEPTED)

    application = models.ForeignKey("recruiting.Application", on_delete=models.PROTECT, related_name="offers", verbose_name=_("应聘申请"))
    structure = models.ForeignKey("payroll.SalaryStructure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("薪酬结构"))
    status = models.CharField(_("状态"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    components_data = EncryptedTextField(_("薪酬项目"), default="[]")
    start_date = models.DateField(_("入职日期"))
    city = models.ForeignKey("payroll.City", on_delete=models.PROTECT, related_name="+", verbose_name=_("工作城市（社保公积金缴纳地）"))
    work_place = models.CharField(_("工作地点"), max_length=200, blank=True)
    contract_type = models.CharField(_("合同类型"), max_length=12, choices=ContractType.choices, default=ContractType.FIXED)
    term_months = models.PositiveSmallIntegerField(_("合同期限（月）"), null=True, blank=True)
    probation_months = models.PositiveSmallIntegerField(_("试用期（月）"), default=0)
    probation_pay = EncryptedDecimalField(_("试用期月工资（元）"), null=True, blank=True)
    out_of_range_reason = models.CharField(_("超出薪酬范围的原因"), max_length=300, blank=True)
    needs_finance_approval = models.BooleanField(_("需财务审批"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("审批人"))
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    language = models.CharField(_("合同语言"), max_length=10, choices=[("zh-hans", "中文"), ("en", "English")], default="zh-hans")
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    link_expires_at = models.DateTimeField(_("签署链接到期"), null=True, blank=True)
    responded_at = models.DateTimeField(_("候选人答复时间"), null=True, blank=True)
    decline_reason = models.CharField(_("拒绝原因"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("录用通知")
        verbose_name_plural = _("录用通知")
        constraints = [
            # one live offer per application: a second one only after the first is withdrawn/declined/expired
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(status__in=["draft", "approved", "sent", "accepted"]),
                name="one_open_offer_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"offer {self.pk} ({self.status})"

    @property
    def components(self) -> list[dict]:
        return [{**row, "amount": Decimal(row["amount"])} for row in json.loads(self.components_data or "[]")]

    @components.setter
    def components(self, rows: list[dict]) -> None:
        self.components_data = json.dumps(
            [{"code": r["code"], "name": r["name"], "kind": r.get("kind", "allowance"),
              "amount": str(Decimal(str(r["amount"])).quantize(Decimal("0.01"))), "taxable": bool(r.get("taxable", True))}
             for r in rows],
            ensure_ascii=False,
        )

    def monthly_total(self) -> Decimal:
        return sum((c["amount"] for c in self.components), Decimal("0"))

    def allowed_moves(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())


class ContractTemplate(models.Model):
    """The company's contract wording, per language, edited by admins in Django admin. The layout (and the
    Art. 17 clause order) is the PDF template's; these are the company's own texts inside it."""

    language = models.CharField(_("语言"), max_length=10, choices=[("zh-hans", "中文"), ("en", "English")], unique=True)
    employer_name = models.CharField(_("用人单位名称"), max_length=200)
    employer_address = models.CharField(_("住所"), max_length=300)
    legal_representative = models.CharField(_("法定代表人或主要负责人"), max_length=100)
    working_hours = models.TextField(_("工作时间和休息休假"))
    labour_protection = models.TextField(_("劳动保护、劳动条件和职业危害防护"))
    other_terms = models.TextField(_("其他约定"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("劳动合同模板")
        verbose_name_plural = _("劳动合同模板")

    def __str__(self) -> str:
        return f"{self.employer_name} ({self.language})"


class Contract(models.Model):
    """One rendered contract of an offer: the PDF bytes encrypted with their sha256; signing adds the signed
    PDF (encrypted, its own sha256) and the evidence. A new rendering is a new row; a signed one never
    changes. The one-time code is kept only as a salted hash with its expiry and attempts."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("录用通知"))
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    html = EncryptedTextField(_("合同正文"), default="")
    pdf = models.BinaryField(_("合同 PDF（加密）"))
    sha256 = models.CharField(_("合同 SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    codes_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    signer_name = models.CharField(_("签署人姓名"), max_length=50, blank=True)
    signer_ip = models.GenericIPAddressField(_("签署 IP"), null=True, blank=True)
    signer_user_agent = models.CharField(_("签署设备"), max_length=300, blank=True)
    consent_text = models.CharField(_("同意声明"), max_length=300, blank=True)
    signed_pdf = models.BinaryField(_("已签署 PDF（加密）"), null=True, blank=True)
    signed_sha256 = models.CharField(_("已签署 PDF SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("劳动合同")
        verbose_name_plural = _("劳动合同")
        constraints = [
            models.UniqueConstraint(fields=["offer"], condition=models.Q(signed_at__isnull=False), name="one_signed_contract_per_offer"),
        ]

    def __str__(self) -> str:
        return f"contract {self.pk} of offer {self.offer_id}"


class OnboardingStatus(models.TextChoices):
    PENDING = "pending", _("待入职")
    ONBOARDED = "onboarded", _("已入职")
    NO_SHOW = "no_show", _("未报到")


class Onboarding(models.Model):
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="onboarding", verbose_name=_("录用通知"))
    status = models.CharField(_("状态"), max_length=10, choices=OnboardingStatus.choices, default=OnboardingStatus.PENDING, db_index=True)
    employee = models.OneToOneField("recruiting.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="onboarding", verbose_name=_("员工"))
    onboarded_at = models.DateTimeField(_("入职办理时间"), null=True, blank=True)
    no_show_reason = models.CharField(_("未报到说明"), max_length=300, blank=True)
    no_show_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("入职办理")
        verbose_name_plural = _("入职办理")

    def __str__(self) -> str:
        return f"onboarding of offer {self.offer_id} ({self.status})"


class OnboardingItem(models.Model):
    """One line of the onboarding checklist. ``details`` (encrypted JSON) holds what the item records: the
    social-insurance enrolment's base and both sides' amounts, or the bank account."""

    class Kind(models.TextChoices):
        MATERIALS = "materials", _("入职材料")
        ID_CHECK = "id_check", _("身份证核验")
        BANK_ACCOUNT = "bank_account", _("工资银行账户")
        SOCIAL_INSURANCE = "social_insurance", _("社保公积金增员")

    onboarding = models.ForeignKey(Onboarding, on_delete=models.CASCADE, related_name="items", verbose_name=_("入职办理"))
    kind = models.CharField(_("事项"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("说明"), max_length=300, blank=True)
    details = EncryptedTextField(_("详情"), default="{}")
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["onboarding", "id"]
        verbose_name = _("入职事项")
        verbose_name_plural = _("入职事项")
        constraints = [models.UniqueConstraint(fields=["onboarding", "kind"], name="uniq_onboarding_item_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def data(self) -> dict:
        return json.loads(self.details or "{}")
