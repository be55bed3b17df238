"""Notices to employees over WeCom (recruiting.notices): a textcard on the employee's WeCom userid, the
sandbox phone while the sandbox runs. Registered in WecomConfig.ready()."""

from __future__ import annotations

from hrportal.display_names import label_separator
from wecom import conf
from wecom.messages.routes import Route, staff_route, staff_textcard
from wecom.models import Channel, OutboxMessage
from wecom.outbox.services import queue_message
from wecom.sandbox import mode as sandbox_mode


def employee_route(employee) -> Route | None:
    if employee.user_id:
        return staff_route(employee.user)
    if sandbox_mode.is_active():
        return Route(Channel.SANDBOX, employee.wecom_userid or employee.employee_no, shape=Channel.WECOM_APP)
    if employee.wecom_userid and conf.is_configured():
        return Route(Channel.WECOM_APP, employee.wecom_userid)
    return None


def notify_employee(*, employee, title: str, lines: list[tuple[str, str]], url: str, dedupe_key: str) -> bool:
    route = employee_route(employee)
    if route is None:
        return False
    queue_message(
        channel=route.channel, kind=OutboxMessage.Kind.NOTICE, payload=staff_textcard(route, title=title, lines=[("normal", f"{label}{label_separator()}{value}") for label, value in lines], url=url),
        dedupe_key=dedupe_key, address=route.address, recipient_user=employee.user, recipient_label=employee.name,
    )
    return True
