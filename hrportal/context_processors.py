"""Template context shared by every page: the navigation the current user's roles can reach."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrportal import policy
from hrportal.roles import ROLE_LABELS, roles_of

NAV_ITEMS = (
    ("dashboard", _("工作台")),
    ("recruiting:position_list", pgettext_lazy("list title", "职位")),
    ("recruiting:candidate_list", pgettext_lazy("list title", "候选人")),
    ("recruiting:application_board", _("招聘看板")),
    ("recruiting:intake", _("导入简历")),
    ("recruiting:import_history", _("历史数据导入")),
    ("audit_log", _("审计日志")),
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role_labels": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"url": reverse(name), "label": label, "active": current == name}
        for name, label in NAV_ITEMS
        if policy.can_reach(user, name)
    ]
    labels = [ROLE_LABELS[r] for r in sorted(roles_of(user))]
    return {"nav_items": items, "user_role_labels": labels, "show_admin_link": policy.can_reach(user, "admin:index")}
