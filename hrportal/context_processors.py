"""Template context shared by every page: the navigation the current user's roles can reach."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrportal import policy
from hrportal.roles import ROLE_LABELS, Role, roles_of

NAV_ITEMS = (
    ("dashboard", _("工作台")),
    ("recruiting:position_list", pgettext_lazy("list title", "职位")),
    ("recruiting:candidate_list", pgettext_lazy("list title", "候选人")),
    ("recruiting:application_board", _("招聘看板")),
    ("interviews:schedule", _("面试安排")),
    ("recruiting:intake", _("导入简历")),
    ("recruiting:import_history", _("历史数据导入")),
    ("audit_log", _("审计日志")),
    ("privacy_report", _("个人信息保护报告")),
    ("ai_admin", _("AI 后端")),
)

# Items upper apps add (wecom: the sandbox phone, only in sandbox mode) without this module importing them.
_REGISTERED_NAV_ITEMS: list[tuple[str, object, object]] = []


def register_nav_item(url_name: str, label, *, when=None) -> None:
    """Add a nav link for ``url_name`` (policy still decides who sees it); ``when()`` False hides it."""
    if all(name != url_name for name, _label, _when in _REGISTERED_NAV_ITEMS):
        _REGISTERED_NAV_ITEMS.append((url_name, label, when))


def is_staff_page(request) -> bool:
    """A page of the portal's staff: signed in, on a URL the policy does not open to everybody. Public URLs are
    the candidate's and employee's pages behind signed links (careers, rights, survey, contract signing,
    payslip, the WeCom link) and the login page; the footer's "AI 只做建议" note means nothing there."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.resolver_match is None:
        return False
    return policy.rule_for(request.resolver_match.view_name) != policy.PUBLIC


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role_labels": [], "staff_page": False}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"url": reverse(name), "label": label, "active": current == name}
        for name, label in NAV_ITEMS
        if policy.can_reach(user, name)
    ]
    items += [
        {"url": reverse(name), "label": label, "active": current == name}
        for name, label, when in _REGISTERED_NAV_ITEMS
        if policy.can_reach(user, name) and (when is None or when())
    ]
    labels = [ROLE_LABELS[r] for r in sorted(roles_of(user))]
    if not policy.can(user, "see_all_interviews") and Role.MANAGER not in roles_of(user):
        # an interviewer's schedule lists only their own interviews
        for item in items:
            if item["url"] == reverse("interviews:schedule"):
                item["label"] = _("我的面试")
    return {
        "nav_items": items, "user_role_labels": labels, "show_admin_link": policy.can_reach(user, "admin:index"),
        "staff_page": is_staff_page(request),
        # recruiting pages link to the schedule form ("安排面试") only for those who may schedule
        "can_schedule_interviews": policy.can(user, "schedule_interviews"),
    }
