from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The versioned REST API (issue 21): the top layer, above wecom and payroll (tests/test_structure.py)."""

    name = "api"
    verbose_name = _("开放接口")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from api import schema_extensions  # noqa: F401 - the bearer scheme in the OpenAPI schema
        from hrportal.context_processors import register_nav_item

        register_nav_item("integrations:tokens", _("接口令牌"))
        register_nav_item("integrations:webhooks", _("Webhook 订阅"))
        # webhooks: the outbox delivers them through their own channel; business signals queue them
        from api.webhooks import receivers  # noqa: F401
        from api.webhooks.transport import WebhookTransport
        from wecom.outbox.transports import register_transport

        register_transport(WebhookTransport)
        # idempotency records older than 24 h (their answers may name candidates) are deleted each sweep round
        from api import idempotency
        from hrportal.sweeps import register_sweep

        register_sweep("api idempotency keys", idempotency.purge_expired)
