"""The one home of "which name to show" for things with a Chinese and an English name (issue 20): positions
(``title_zh`` / ``title_en``), competencies (``name_zh`` / ``name_en``), skills, rounds, departments, cities
and salary structures (``name`` / ``name_en``). English when the language is English and the English name is
filled in, else the Chinese name. Models call it from their ``display_name`` property; templates use the
``display_name`` filter (hrportal/templatetags/hrportal_i18n.py); labels built in Python (report rows, chart
labels, form choices, CSV/XLSX cells, messages) call ``display_name`` / ``name_with_code`` here.

It is also the home of the punctuation that goes around names in one language: the bracketed note
("销售经理（SM-01）" / "Sales Manager (SM-01)"), the label separator ("：" / ": ") and the list separator
("、" / ", ") and the clause separator ("；" / "; "), all from the English catalog (pgettext contexts
"bracketed note", "label separator", "list separator", "clause separator"), so a label built in Python never mixes Chinese punctuation into an English page.

A model's ``__str__`` stays the Chinese name: it is what the admin and the audit log (``object_repr``) store,
and a stored text must not depend on the language of whoever happened to write it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils import translation
from django.utils.translation import pgettext

# (Chinese field, English field), tried in order
NAME_FIELDS = (("title_zh", "title_en"), ("name_zh", "name_en"), ("name", "name_en"))


def is_english(language: str | None = None) -> bool:
    """``language`` (else the active language) is English."""
    return ((language if language is not None else translation.get_language()) or "").lower().startswith("en")


def english_active() -> bool:
    return is_english()


def _field_reader(thing):
    if isinstance(thing, Mapping):  # a row read with .values()
        return thing.get, thing.__contains__

    def get(name, default=""):
        return getattr(thing, name, default)

    def has(name):
        return hasattr(thing, name)

    return get, has


def display_name(thing, language: str | None = None) -> str:
    """The name of ``thing`` in ``language`` (default: the active language); falls back to Chinese, and a
    plain string stays as it is. ``thing`` may be a model instance or a ``.values()`` row with the fields."""
    if thing is None:
        return ""
    if isinstance(thing, str):
        return thing
    get, has = _field_reader(thing)
    for zh_field, en_field in NAME_FIELDS:
        if has(zh_field):
            zh = get(zh_field, "") or ""
            if is_english(language):
                en = get(en_field, "") or ""
                if str(en).strip():
                    return str(en)
            return str(zh)
    return str(thing)


def with_note(text, note) -> str:
    """``text`` followed by ``note`` in brackets of the active language: "销售经理（SM-01）" / "Sales Manager (SM-01)"."""
    return pgettext("bracketed note", "%(text)s（%(note)s）") % {"text": text, "note": note}


def name_with_code(thing) -> str:
    """The display name with the code in brackets (positions, competencies, departments)."""
    get, _has = _field_reader(thing)
    return with_note(display_name(thing), get("code", ""))


def label_separator() -> str:
    """ "：" in Chinese, ": " in English — "职位：销售经理" / "Position: Sales Manager"."""
    return pgettext("label separator", "：")


def join_list(values: Iterable) -> str:
    """ "、" in Chinese, ", " in English."""
    return pgettext("list separator", "、").join(str(v) for v in values or ())


def join_clauses(values: Iterable) -> str:
    """ "；" in Chinese, "; " in English — between short sentences ("缺少必备技能：Python；工作年限不足")."""
    return pgettext("clause separator", "；").join(str(v) for v in values or ())
