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


# Candidates (an offer to sign, a one-time code) and staff users (HR, the hiring manager): the same registry
# shape. ``secret`` marks a body that carries a one-time code: the channel delivers it but its message log
# must not show it.
CandidateNotifier = Callable[..., bool]
StaffNotifier = Callable[..., bool]
_candidate_notifiers: list[CandidateNotifier] = []
_staff_notifiers: list[StaffNotifier] = []


def register_candidate_notifier(func: CandidateNotifier) -> CandidateNotifier:
    if func not in _candidate_notifiers:
        _candidate_notifiers.append(func)
    return func


def register_staff_notifier(func: StaffNotifier) -> StaffNotifier:
    if func not in _staff_notifiers:
        _staff_notifiers.append(func)
    return func


def notify_candidate(
    *, candidate, title: str, lines: list[tuple[str, str]], url: str, dedupe_key: str, secret: bool = False,
) -> bool:
    """Queue the notice on the first channel that reaches the candidate; False when none does."""
    return any(
        notifier(candidate=candidate, title=title, lines=lines, url=url, dedupe_key=dedupe_key, secret=secret)
        for notifier in _candidate_notifiers
    )


def notify_staff(*, user, title: str, lines: list[tuple[str, str]], url: str, dedupe_key: str) -> bool:
    """Queue a notice to a staff user (HR, a manager); False when no channel reaches them."""
    if user is None:
        return False
    return any(notifier(user=user, title=title, lines=lines, url=url, dedupe_key=dedupe_key) for notifier in _staff_notifiers)
