from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("面试")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hrportal.context_processors import register_nav_item
        from interviews import privacy
        from interviews.calibration import dashboard  # noqa: F401  (registers the calibration alert panel)
        from interviews.fairness import dashboard as fairness_dashboard  # noqa: F401  (the bias audit alert)
        from interviews.learning import receivers as learning_receivers  # noqa: F401  (refit on new reviews)
        from interviews.schedule import dashboard as todo_dashboard  # noqa: F401  (the interviewer's to-do)

        register_nav_item("interviews:calibration", _("AI 评分校准"))  # policy: recruiters (view_calibration)
        register_nav_item("interviews:analytics", _("招聘分析"))
        register_nav_item("interviews:bias_audit", _("偏差审计"))
        from interviews.analytics import funnel, interviewers, timing  # noqa: F401  (register the reports)

        # AI tasks with their deterministic fallbacks (hrportal/ai/registry.py, issue 22)
        from interviews.bank import ai_drafts
        from interviews.room import model_scoring

        ai_drafts.register()
        model_scoring.register()
        privacy.register()  # notes, scorecard texts and reasons erased by the retention purge (hrportal/privacy/)
        # feedback surveys: planned when an interview is done, one reminder by the sweeper (interviews/surveys/)
        from hrportal.sweeps import register_sweep
        from interviews.surveys import receivers as survey_receivers  # noqa: F401  (plan surveys; tallies after deletes)
        from interviews.surveys import section  # noqa: F401  (the interviewers' remarks in the interview summary)
        from interviews.surveys.jobs import sweep_survey_reminders

        register_sweep("survey reminders", sweep_survey_reminders)
        register_nav_item("interviews:survey_report", _("面试反馈"))
