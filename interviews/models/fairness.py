"""Bias audit data (issue 17 item 5): voluntary self-identification, collected with its own consent and used
for the audit only, and the stored audit reports.

The self-identification lives in the interviews app, above recruiting: the screening engine cannot import it
(one-way rule), and tests/test_structure.py allows only ``interviews.fairness`` (and the admin and demo) to
read it, so it never feeds back into any score.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("女")
    MALE = "male", _("男")
    UNDISCLOSED = "undisclosed", _("不愿透露")


class AgeBand(models.TextChoices):
    UNDER_25 = "u25", _("25岁以下")
    FROM_25 = "25-34", _("25–34岁")
    FROM_35 = "35-44", _("35–44岁")
    FROM_45 = "45+", _("45岁及以上")
    UNDISCLOSED = "undisclosed", _("不愿透露")


class SchoolTier(models.TextChoices):
    TIER_985 = "985", _("985院校")
    TIER_211 = "211", _("211院校（非985）")
    OTHER_BACHELOR = "bachelor", _("其他本科院校")
    VOCATIONAL = "vocational", _("专科及以下")
    OVERSEAS = "overseas", _("海外院校")
    UNDISCLOSED = "undisclosed", _("不愿透露")


UNDISCLOSED = "undisclosed"


class SelfIdentification(models.Model):
    """What a candidate chose to tell for the bias audit. Age is kept as a band at the time of asking (never a
    birth date). Only rows with ``consent_at`` are counted; withdrawing consent deletes the row."""

    candidate = models.OneToOneField(
        "recruiting.Candidate", on_delete=models.CASCADE, related_name="self_identification", verbose_name=_("候选人"),
    )
    gender = models.CharField(_("性别"), max_length=12, choices=Gender.choices, default=UNDISCLOSED)
    age_band = models.CharField(_("年龄段"), max_length=12, choices=AgeBand.choices, default=UNDISCLOSED)
    school_tier = models.CharField(_("院校层次"), max_length=12, choices=SchoolTier.choices, default=UNDISCLOSED)
    consent_at = models.DateTimeField(_("同意时间"), null=True, blank=True, db_index=True)
    consent_version = models.CharField(_("告知书版本"), max_length=20, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("自愿身份信息（偏差审计）")
        verbose_name_plural = _("自愿身份信息（偏差审计）")

    def __str__(self) -> str:
        return f"{self.candidate_id}"


class BiasAudit(models.Model):
    """One computed bias audit (the report page, the nightly job); ``result`` is
    ``interviews.fairness.audit.AuditResult.to_dict()``. The dashboard alert reads the latest."""

    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now, db_index=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    result = models.JSONField(_("结果"), default=dict)
    flags = models.PositiveIntegerField(_("低于0.8的影响比"), default=0)
    seconds = models.FloatField(_("耗时（秒）"), default=0)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("偏差审计")
        verbose_name_plural = _("偏差审计")

    def __str__(self) -> str:
        return f"bias audit {self.computed_at:%Y-%m-%d %H:%M}"
