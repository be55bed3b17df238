"""The one home of "which name to show" for things with a Chinese and an English name (issue 20): positions
(``title_zh`` / ``title_en``), competencies (``name_zh`` / ``name_en``), skills, rounds and departments
(``name`` / ``name_en``). English when the active language is English and the English name is filled in,
else the Chinese name. Models call it from their ``display_name`` property; templates use the
``display_name`` filter (hrportal/templatetags/hrportal_i18n.py)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import translation

# (Chinese field, English field), tried in order
NAME_FIELDS = (("title_zh", "title_en"), ("name_zh", "name_en"), ("name", "name_en"))


def english_active() -> bool:
    return (translation.get_language() or "").lower().startswith("en")


def display_name(thing) -> str:
    """The name of ``thing`` in the active language (falls back to Chinese; a plain string stays as it is)."""
    if thing is None:
        return ""
    if isinstance(thing, str):
        return thing
    if isinstance(thing, Mapping):  # a row read with .values()
        get = thing.get
        has = thing.__contains__
    else:
        def get(name, default=""):
            return getattr(thing, name, default)

        def has(name):
            return hasattr(thing, name)
    for zh_field, en_field in NAME_FIELDS:
        if has(zh_field):
            zh = get(zh_field, "") or ""
            if english_active():
                en = get(en_field, "") or ""
                if str(en).strip():
                    return str(en)
            return str(zh)
    return str(thing)
