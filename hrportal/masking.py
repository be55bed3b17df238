"""Display masking of personal data (GB/T 35273 §7.2 style: 138****5678, 110***********1234)."""

from __future__ import annotations

from decimal import Decimal

MASK = "*"


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    if len(digits) < 7:
        return MASK * len(digits)
    return digits[:3] + MASK * 4 + digits[-4:]


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return MASK * 3 if value else ""
    local, _, domain = value.partition("@")
    return (local[:1] or MASK) + MASK * 3 + "@" + domain


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return MASK * len(value)
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def mask_bank_account(value: str | None) -> str:
    if not value:
        return ""
    return MASK * 4 + value[-4:]


def mask_money(value: Decimal | None) -> str:
    return "" if value is None else "****"


def mask_name(value: str | None) -> str:
    """Keep the family name (张**), used where even a name is more than a role needs."""
    if not value:
        return ""
    return value[0] + MASK * max(1, len(value) - 1)
