"""A small registry of dashboard panels, so upper apps add to the dashboard without the core
importing them (DESIGN §3: lower layers never import upper ones)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """``build(request)`` returns the template context, or None when the user should not see it."""

    key: str
    template: str
    order: int
    build: Callable[[Any], dict | None]


_PANELS: dict[str, Panel] = {}


def register_panel(*, key: str, template: str, order: int = 100):
    def decorator(build: Callable[[Any], dict | None]):
        _PANELS[key] = Panel(key=key, template=template, order=order, build=build)
        return build

    return decorator


def panels_for(request) -> list[dict]:
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.build(request)
        if context is not None:
            rendered.append({"key": panel.key, "template": panel.template, "context": context})
    return rendered
