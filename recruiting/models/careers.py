"""The careers page's settings (issue 23): one row, edited in the admin — the company's name, logo and the
privacy notice candidates consent to. A singleton model rather than environment variables because HR changes
the notice without a deploy, and the notice's version is what each consent records (docs/decisions.md)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.models import TimeStampedModel


class CareersSettings(TimeStampedModel):
    company_name_zh = models.CharField(_("公司名称"), max_length=100, default="智聘示例公司")
    company_name_en = models.CharField(_("公司英文名称"), max_length=120, blank=True)
    logo_url = models.CharField(
        _("标志图片地址"), max_length=300, blank=True,
        help_text=_("https 地址或站内静态文件路径（如 /static/img/logo.svg）；留空则只显示公司名称。"),
    )
    intro_zh = models.TextField(_("公司简介"), blank=True)
    intro_en = models.TextField(_("公司英文简介"), blank=True)
    privacy_notice_zh = models.TextField(_("个人信息处理告知书"), blank=True)
    privacy_notice_en = models.TextField(_("个人信息处理告知书（英文）"), blank=True)
    notice_version = models.CharField(
        _("告知书版本"), max_length=20, blank=True,
        help_text=_("修改告知书时请同时修改版本；每份同意都记录当时的版本。留空则使用系统默认版本。"),
    )

    class Meta:
        verbose_name = _("招聘官网设置")
        verbose_name_plural = _("招聘官网设置")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: a second instance saved replaces the first, keeping its creation time
        if self.created_at is None:
            self.created_at = type(self).objects.filter(pk=1).values_list("created_at", flat=True).first() or timezone.now()
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> CareersSettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)
