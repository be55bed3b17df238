"""What WeCom told us: one row per callback delivery we accepted (retries of the same one share the row)."""

from __future__ import annotations

import json
from typing import Any

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
