from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrportalConfig(AppConfig):
    name = "hrportal"
    verbose_name = _("平台核心")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hrportal import login_throttle  # noqa: F401 — connects the failed-login audit receiver
