from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = _("招聘与人事档案")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hrportal.context_processors import register_nav_item
        from recruiting import dashboard  # noqa: F401  (registers the dashboard panels)
        from recruiting.analytics_facts import receivers as analytics_receivers  # noqa: F401  (notes the slices)
        from recruiting.analytics_facts.store import settle as settle_analytics_slices
        from recruiting.careers import receivers as careers_receivers  # noqa: F401  (drops the careers pages' cache)
        from recruiting.retention import erasers
        from recruiting.weighting import receivers  # noqa: F401  (re-fits screening weights when hiring history changes)

        # who is expired, their rows and files, and the holds "open application" / "hired" (hrportal/privacy/)
        erasers.register()
        # resumes by e-mail (issue 23): the IMAP mailbox is polled each sweeper round when configured
        from hrportal.sweeps import register_sweep
        from recruiting.mailbox.services import poll_configured_mailbox

        register_sweep("resume mailbox", poll_configured_mailbox)
        # the analytics' slices noted by writers, recomputed between page views (the pages settle them too)
        register_sweep("analytics slices", settle_analytics_slices)
        register_nav_item("recruiting:retention_upcoming", _("到期清除"))
        register_nav_item("recruiting:rights_queue", _("个人信息请求"))
