"""What WeCom told us: one row per callback delivery we accepted (retries of the same one share the row)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedTextField


class CallbackEvent(models.Model):
    """A decrypted WeCom callback (message or event), de-duplicated by ``dedupe_key``.

    WeCom repeats a delivery up to three times when it does not get 200 within 5 s; the unique key
    makes every repetition land on the same row, so the work is done once. The decrypted XML can carry
    personal data (message text, names), so ``payload`` is encrypted at rest.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("已接收")
        PROCESSED = "processed", _("已处理")
        IGNORED = "ignored", _("已忽略")
        FAILED = "failed", _("处理失败")

    dedupe_key = models.CharField(_("去重键"), max_length=255, unique=True)
    msg_type = models.CharField(_("消息类型"), max_length=32, blank=True)
    event = models.CharField(_("事件"), max_length=64, blank=True)
    from_user = models.CharField(_("发送者"), max_length=64, blank=True, db_index=True)
    agent_id = models.CharField(_("应用ID"), max_length=32, blank=True)
    payload = EncryptedTextField(_("内容"), blank=True, default="")
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    error = models.TextField(_("错误"), blank=True, default="")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("企业微信回调")
        verbose_name_plural = _("企业微信回调")
        indexes = [models.Index(fields=["status", "received_at"], name="wecom_cbevent_status_idx")]

    def __str__(self) -> str:
        kind = f"{self.msg_type}/{self.event}" if self.event else self.msg_type
        return f"{kind} from {self.from_user or '?'} ({self.status})"

    @property
    def fields(self) -> dict[str, Any]:
        """The decrypted XML's top-level fields (``payload`` is their JSON)."""
        return json.loads(self.payload) if self.payload else {}


# --- Outbound messages (issue 5, items 4–7 and 11) ---------------------------------------------------------

class Channel(models.TextChoices):
    WECOM_APP = "wecom_app", _("企业微信应用消息")
    WECOM_CUSTOMER = "wecom_customer", _("企业微信客户联系")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    SANDBOX = "sandbox", _("沙箱手机")
    WECOM_CALENDAR = "wecom_calendar", _("企业微信日程")
    WEBHOOK = "webhook", _("Webhook")  # the REST API's event deliveries (api/webhooks/transport.py)


class OutboxMessage(models.Model):
    """One outbound message, written in the same transaction as the business change that causes it.

    A job (``wecom.outbox.jobs.send_message``) claims the row atomically (pending → sending with a claim
    token), sends it through its channel's transport and records the outcome; transient errors come back
    as pending with ``next_attempt_at`` pushed out exponentially, permanent ones stop as failed and show
    in the message log. ``dedupe_key`` is unique, so the same reminder or invitation is never queued twice.
    Recipient addresses and payloads can hold personal data and are encrypted at rest.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        CANCELLED = "cancelled", _("已取消")

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("面试邀请")
        INTERVIEWER_CARD = "interviewer_card", _("面试官确认卡片")
        REMINDER = "reminder", _("面试提醒")
        RESCHEDULE = "reschedule", _("改期通知")
        CANCELLATION = "cancellation", _("取消通知")
        QUESTION = "question", _("候选人提问")
        NOTICE = "notice", _("通知")
        CALENDAR = "calendar", _("日程同步")
        WEBHOOK = "webhook", _("Webhook 推送")

    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.NOTICE)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("收件人（员工）"),
    )
    recipient_candidate = models.ForeignKey(
        "recruiting.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("收件人（候选人）"),
    )
    recipient_label = models.CharField(_("收件人"), max_length=100, blank=True)
    address = EncryptedTextField(_("地址"), blank=True, default="")
    interview = models.ForeignKey(
        "interviews.Interview", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("面试"),
    )
    payload = EncryptedTextField(_("内容"), blank=True, default="")
    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now, db_index=True)
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True, default="")
    last_errcode = models.IntegerField(_("错误码"), null=True, blank=True)
    msgid = models.CharField(_("消息ID"), max_length=128, blank=True)
    response_code = models.CharField(_("response_code"), max_length=128, blank=True)
    external_ref = models.CharField(_("外部编号"), max_length=128, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="wecom_outbox_due_idx")]
        verbose_name = _("待发消息")
        verbose_name_plural = _("消息发送记录")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_label or '?'} via {self.channel} ({self.status})"

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.payload) if self.payload else {}


class InboundReply(models.Model):
    """What came back: a candidate's confirm / slot pick / question through the self-service link, an
    interviewer's card click through the callback, or a text reply. Linked to the message it answers."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("确认")
        PICK_SLOT = "pick_slot", _("选择其他时间")
        RESCHEDULE_REQUEST = "reschedule_request", _("申请改期")
        QUESTION = "question", _("提问")
        ACCEPT = "accept", _("确认参加")
        DECLINE = "decline", _("无法参加")
        TEXT = "text", _("文字回复")

    message = models.ForeignKey(
        OutboxMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies",
        verbose_name=_("回复的消息"),
    )
    interview = models.ForeignKey(
        "interviews.Interview", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("面试"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=16, blank=True)
    from_label = models.CharField(_("来自"), max_length=100, blank=True)
    text = EncryptedTextField(_("内容"), blank=True, default="")
    callback_event = models.ForeignKey(
        CallbackEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("接收时间"), default=timezone.now, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("处理人"),
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("回复")
        verbose_name_plural = _("回复")

    def __str__(self) -> str:
        return f"{self.kind} ({self.from_label})"


class MessageTemplate(models.Model):
    """HR-editable text of what we send (invitation, reminder, cancellation…) per language, with
    placeholders such as {candidate_name} {position} {start} {place} {process} {materials} {contact}."""

    kind = models.CharField(_("类型"), max_length=20, choices=OutboxMessage.Kind.choices)
    language = models.CharField(_("语言"), max_length=8, choices=[("zh-hans", "中文"), ("en", "English")])
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="uniq_message_template")]
        verbose_name = _("消息模板")
        verbose_name_plural = _("消息模板")

    def __str__(self) -> str:
        return f"{self.kind}/{self.language}"


class CandidateContact(models.Model):
    """A candidate who is a recruiter's WeCom customer (external contact): reachable by wecom_customer."""

    candidate = models.OneToOneField(
        "recruiting.Candidate", on_delete=models.CASCADE, related_name="wecom_contact", verbose_name=_("候选人")
    )
    external_userid = models.CharField(_("外部联系人ID"), max_length=64)
    recruiter_userid = models.CharField(_("招聘人员企业微信账号"), max_length=64)
    linked_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        verbose_name = _("候选人企业微信联系人")
        verbose_name_plural = _("候选人企业微信联系人")

    def __str__(self) -> str:
        return f"{self.candidate_id} ↔ {self.external_userid}"


class CalendarEntry(models.Model):
    """The interviewers' WeCom calendar entry (oa/schedule) of one interview, kept in step with the schedule
    when ``WECOM_SCHEDULE_ENABLED`` is on (``wecom.calendar``). ``schedule_id`` is WeCom's; ``removed_at`` is
    set once the entry was deleted there (cancelled interview, or nobody left to attend)."""

    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="+", verbose_name=_("面试")
    )
    schedule_id = models.CharField(_("日程ID"), max_length=128, blank=True)
    synced_version = models.PositiveIntegerField(_("同步的安排版本"), default=0)
    attendees = models.JSONField(_("参与人"), default=list, blank=True)
    synced_at = models.DateTimeField(_("同步时间"), null=True, blank=True)
    removed_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业微信日程")
        verbose_name_plural = _("企业微信日程")

    def __str__(self) -> str:
        return f"interview {self.interview_id} → {self.schedule_id or '-'}"

    @property
    def is_live(self) -> bool:
        return bool(self.schedule_id) and self.removed_at is None
