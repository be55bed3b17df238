"""Sections upper apps add to the interview page without this app importing them (DESIGN §3).

wecom registers the invitation/reply section ("消息与回复": messages sent, the candidate's questions)::

    @register_section(key="wecom_messages", template="wecom/_interview_section.html", order=50)
    def build(request, interview):
        return {...}  # or None to show nothing to this user
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    order: int
    build: Callable[[Any, Any], dict | None]


_SECTIONS: dict[str, Section] = {}


def register_section(*, key: str, template: str, order: int = 100):
    def decorator(build: Callable[[Any, Any], dict | None]):
        _SECTIONS[key] = Section(key=key, template=template, order=order, build=build)
        return build

    return decorator


def sections_for(request, interview) -> list[dict]:
    rendered = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.build(request, interview)
        if context is not None:
            rendered.append({"key": section.key, "template": section.template, "context": context})
    return rendered
