"""The five roles of DESIGN §2, as Django groups. Superusers hold the admin role."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    HR = "HR"
    MANAGER = "用人经理"
    INTERVIEWER = "面试官"
    FINANCE = "财务"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.HR: _("招聘专员"),
    Role.MANAGER: _("用人经理"),
    Role.INTERVIEWER: _("面试官"),
    Role.FINANCE: _("财务"),
    Role.ADMIN: _("系统管理员"),
}

_CACHE_ATTR = "_hrportal_roles"


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    setattr(user, _CACHE_ATTR, result)
    return result


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
