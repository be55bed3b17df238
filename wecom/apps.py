from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WecomConfig(AppConfig):
    name = "wecom"
    verbose_name = _("企业微信")
    default_auto_field = "django.db.models.BigAutoField"
