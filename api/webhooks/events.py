"""The events a subscription can ask for."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "application.created": _("新的应聘申请"),
    "application.stage_changed": _("应聘阶段变更"),
    "decision.made": _("录用决定"),
    "offer.signed": _("录用通知已签署"),
    "employee.onboarded": _("员工已入职"),
    "payroll.closed": _("工资核算已关账"),
}
TEST_EVENT = "ping"
