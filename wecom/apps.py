from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WecomConfig(AppConfig):
    name = "wecom"
    verbose_name = _("企业微信")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hrportal.context_processors import register_nav_item
        from hrportal.login_providers import register_login_provider
        from wecom.oauth import services as oauth
        from wecom.sandbox import mode as sandbox_mode

        # WeCom's in-app browser signs in through OAuth instead of the password form (wecom/oauth/)
        register_login_provider("wecom")(oauth.login_provider)
        register_nav_item("wecom:sandbox_phones", _("沙箱手机"), when=sandbox_mode.is_active)
        # the message log (outbox) for recruiters; without Redis the outbox sweeps after responses (wecom/outbox/)
        from django.core.signals import request_finished

        from wecom.calendar.transport import WeComCalendarTransport
        from wecom.outbox import jobs as outbox_jobs
        from wecom.outbox.transports import register_transport

        register_nav_item("wecom:message_log", _("消息记录"))
        request_finished.connect(outbox_jobs.embedded_tick, dispatch_uid="wecom.outbox.embedded_tick")
        # the outbox knows no feature: the calendar feature brings its own channel
        register_transport(WeComCalendarTransport)
        # invitations, interviewer cards, reminders: signal receivers, the card-click handler, the interview
        # page's "消息与回复" section (wecom/receivers.py, wecom/cards/, wecom/invitations/section.py)
        from wecom import receivers  # noqa: F401
        from wecom.cards import services as cards  # noqa: F401
        from wecom.invitations import section as interview_section  # noqa: F401

        register_nav_item("wecom:templates", _("消息模板"))
        # employees' notices (a payslip is ready) from apps that do not know WeCom (recruiting/notices.py)
        from recruiting.notices import register_employee_notifier
        from wecom.messages.employees import notify_employee

        register_employee_notifier(notify_employee)
        # message bodies, replies and contact links erased by the retention purge (hrportal/privacy/)
        from wecom import privacy

        privacy.register()
        # offers: the candidate's signing link and one-time code, HR's and the manager's notices (payroll/offers/)
        from recruiting.notices import register_candidate_notifier, register_staff_notifier
        from wecom.messages.candidates import notify_candidate, notify_staff

        register_candidate_notifier(notify_candidate)
        register_staff_notifier(notify_staff)
