from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "payroll"
    verbose_name = _("人事财务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hrportal.context_processors import register_nav_item
        from hrportal.sweeps import register_sweep
        from payroll.runs.jobs import resume_stalled_runs

        register_nav_item("payroll:run_list", _("工资核算"))
        register_nav_item("payroll:pay_records", _("员工薪资"))
        register_nav_item("payroll:policies", _("社保政策"))
        register_nav_item("payroll:interview_costs", _("面试成本"))
        # a calculation whose worker was killed is queued again by the sweeper (payroll/runs/jobs.py)
        register_sweep("payroll runs", resume_stalled_runs)
        # offers: expire unanswered links, onboard signed offers on their start date (payroll/onboarding/jobs.py)
        from payroll.onboarding.jobs import sweep as onboarding_sweep

        register_nav_item("payroll:offer_list", _("录用通知"))
        register_sweep("offers and onboarding", onboarding_sweep)
        # the retention purge keeps candidates with an open or signed offer (payroll/offers/privacy.py)
        from payroll.offers import privacy as offer_privacy

        offer_privacy.register()
        # the analytics' offer acceptance and cost per hire by source (interviews/analytics/registry.py)
        from payroll import analytics  # noqa: F401
