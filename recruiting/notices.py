"""Notices to employees ("your payslip for March is ready") through whichever channel an upper app
registers: recruiting knows employees, not WeCom. wecom registers its sender in its AppConfig.ready();
payroll calls ``notify_employee``. The body carries a title, label/value lines and a link — never figures
the channel should not see (a payslip's amounts stay behind its signed link)."""

from __future__ import annotations

from collections.abc import Callable

EmployeeNotifier = Callable[..., bool]
_notifiers: list[EmployeeNotifier] = []


def register_employee_notifier(func: EmployeeNotifier) -> EmployeeNotifier:
    if func not in _notifiers:
        _notifiers.append(func)
    return func


def notify_employee(*, employee, title: str, lines: list[tuple[str, str]], url: str, dedupe_key: str) -> bool:
    """Queue the notice on the first channel that reaches the employee; False when none does."""
    return any(notifier(employee=employee, title=title, lines=lines, url=url, dedupe_key=dedupe_key) for notifier in _notifiers)
