from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = _("招聘与人事档案")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from recruiting import dashboard  # noqa: F401  (registers the dashboard panels)
        from recruiting.weighting import receivers  # noqa: F401  (re-fits screening weights when hiring history changes)
