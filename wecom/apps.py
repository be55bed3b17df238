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
        from wecom.sandbox import services as sandbox

        # WeCom's in-app browser signs in through OAuth instead of the password form (wecom/oauth.py)
        register_login_provider("wecom")(oauth.login_provider)
        register_nav_item("wecom:sandbox_phones", _("沙箱手机"), when=sandbox.is_active)
        # the message log (outbox) for recruiters; without Redis the outbox sweeps after responses (wecom/outbox.py)
        from django.core.signals import request_finished

        from wecom.outbox import services as outbox

        register_nav_item("wecom:message_log", _("消息记录"))
        request_finished.connect(outbox.embedded_tick, dispatch_uid="wecom.outbox.services.embedded_tick")
        # invitations, interviewer cards, reminders: signal receivers, the card-click handler, the interview
        # page's "消息与回复" section (wecom/receivers.py, cards.py, interview_section.py)
        from wecom import receivers  # noqa: F401
        from wecom.cards import services as cards  # noqa: F401
        from wecom.invitations import section as interview_section  # noqa: F401

        register_nav_item("wecom:templates", _("消息模板"))
