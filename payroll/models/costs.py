"""Interview cost accounting: interviewers' hourly rates (per employee, or per grade = the employee's 职位;
finance-only, encrypted), rooms' hourly prices, and candidates' travel / lodging / video-call claims per
interview (entered, or imported from the expense system's CSV). See docs/feedback-and-costs.md."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.fields import EncryptedDecimalField


class InterviewerRate(models.Model):
    """An hourly rate from ``valid_from``: for one employee, or for every employee holding a position (grade).
    Without one, an interviewer's rate is their monthly pay in force ÷ 174 (china-rules §6)."""

    employee = models.ForeignKey(
        "recruiting.Employee", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("员工"),
    )
    grade = models.ForeignKey(
        "recruiting.Position", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("职级（职位）"),
    )
    hourly_rate = EncryptedDecimalField(_("时薪（元/小时）"))
    valid_from = models.DateField(_("生效日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("创建人"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["employee_id", "grade_id", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(employee__isnull=False, grade__isnull=True) | models.Q(employee__isnull=True, grade__isnull=False)),
                name="interviewer_rate_one_subject",
            ),
        ]
        verbose_name = _("面试官时薪")
        verbose_name_plural = _("面试官时薪")

    def __str__(self) -> str:
        return f"{self.employee_id or '-'}/{self.grade_id or '-'} @ {self.valid_from}"


class RoomRate(models.Model):
    """A room's hourly price from ``valid_from`` (``room`` is the name the schedule books, Interview.room)."""

    room = models.CharField(_("会议室"), max_length=80)
    hourly_price = models.DecimalField(
        _("每小时价格（元）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)],
    )
    valid_from = models.DateField(_("生效日期"))

    class Meta:
        ordering = ["room", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["room", "valid_from"], name="uniq_room_rate_start")]
        verbose_name = _("会议室价格")
        verbose_name_plural = _("会议室价格")

    def __str__(self) -> str:
        return f"{self.room} @ {self.valid_from}"


class TravelClaim(models.Model):
    class Kind(models.TextChoices):
        AIRFARE = "airfare", _("机票")
        TRAIN = "train", _("火车票")
        LODGING = "lodging", _("住宿")
        VIDEO = "video", _("视频会议")
        OTHER = "other", _("其他")

    interview = models.ForeignKey("interviews.Interview", on_delete=models.CASCADE, related_name="+", verbose_name=_("面试"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    # the expense system's claim number: a re-imported CSV does not count a claim twice
    external_ref = models.CharField(_("报销单号"), max_length=64, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["interview", "id"]
        constraints = [
            models.UniqueConstraint(fields=["external_ref"], condition=~models.Q(external_ref=""), name="uniq_travel_claim_ref"),
        ]
        verbose_name = _("候选人差旅报销")
        verbose_name_plural = _("候选人差旅报销")

    def __str__(self) -> str:
        return f"{self.interview_id} {self.kind} {self.amount}"
