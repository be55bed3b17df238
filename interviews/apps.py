from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("面试")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from interviews import privacy
        from interviews.calibration import dashboard  # noqa: F401  (registers the calibration alert panel)

        privacy.register()  # notes, scorecard texts and reasons erased by the retention purge (hrportal/privacy/)
