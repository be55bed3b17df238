"""Language-aware bits every template may use without ``{% load %}`` (registered as template builtins in
settings): the label separator, the list separator and the display name of a named thing (issue 20).

- ``{% colon %}``: "：" in Chinese, ": " in English — "缺少必备技能：Python" / "Missing must-have skills: Python",
  never "Missing must-have skills：…".
- ``{{ names|join_list }}``: "、" in Chinese, ", " in English.
- ``{{ thing|display_name }}``: the English name of a position, competency, skill, round or department when
  the active language is English and one exists, else the Chinese name (``hrportal.display_names``, where the separators live too).
"""

from __future__ import annotations

from django import template

from hrportal import display_names

register = template.Library()


@register.simple_tag
def colon() -> str:
    return display_names.label_separator()


@register.filter
def join_list(values) -> str:
    return display_names.join_list(values)


@register.filter
def display_name(thing) -> str:
    return display_names.display_name(thing)
