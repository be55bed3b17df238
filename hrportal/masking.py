"""Display masking of personal data (GB/T 35273 §7.2 style: 138****5678, 110***********1234)."""

from __future__ import annotations

import re
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


# --- sensitive personal information inside free text (PIPL Art. 28–30) ------------------------------------
# Resume text is shown to recruiters; an ID number, health, religion or marital status written in it is
# hidden by default wherever the text is displayed. The labels are what Chinese resumes write before them.
SENSITIVE_LABELS = {
    "id_number": ("身份证号码", "身份证号", "身份证", "证件号码", "证件号"),
    "health": ("健康状况", "身体状况", "健康", "病史"),
    "religion": ("宗教信仰", "宗教"),
    "marital": ("婚姻状况", "婚姻", "婚否"),
}
SENSITIVE_HIDDEN = "***"
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_KIND_OF_LABEL = {label: kind for kind, labels in SENSITIVE_LABELS.items() for label in labels}
_LABELLED = re.compile(
    r"(" + "|".join(sorted(_KIND_OF_LABEL, key=len, reverse=True)) + r")(\s*[：:]\s*)([^\s|｜/，,；;。]+)"
)


def mask_sensitive_text(text: str | None, *, keep: frozenset[str] | set[str] = frozenset()) -> str:
    """The text with ID numbers masked (110***********1234) and the values after 健康状况/宗教信仰/婚姻状况/身份证…
    labels replaced by ***, except the kinds in ``keep`` (those a position requires, with a recorded reason)."""
    if not text:
        return ""

    def labelled(m: re.Match) -> str:
        return m.group(0) if _KIND_OF_LABEL[m.group(1)] in keep else m.group(1) + m.group(2) + SENSITIVE_HIDDEN

    text = _LABELLED.sub(labelled, text)
    if "id_number" in keep:
        return text
    return _ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text)


# --- contact data inside free text (what the AI backends are sent, issue 22) -----------------------------
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0\d{2,3})[-\s](\d{7,8})(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def mask_contacts_in_text(text: str | None) -> str:
    """The text with mobile numbers (139****5678), landlines (021-****) and e-mail addresses (x***@domain)
    masked wherever they appear."""
    if not text:
        return ""
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(1) + m.group(2) + m.group(3)), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "-" + MASK * 4, text)


def redact_for_processing(text: str | None) -> str:
    """What may leave the process for a third party's processing (an AI endpoint): contact data, ID numbers
    and labelled sensitive data (health, religion, marital status) masked — nothing kept."""
    return mask_contacts_in_text(mask_sensitive_text(text))
