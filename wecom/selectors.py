"""Reads for the WeCom app."""

from __future__ import annotations

from recruiting.models import Employee


def is_known_wecom_user(userid: str) -> bool:
    """True when ``userid`` is an employee's WeCom account (WeCom userids are case-insensitive)."""
    if not userid:
        return False
    return Employee.objects.filter(wecom_userid__iexact=userid).exists()
