"""The AI tasks the apps register in their ``AppConfig.ready()`` (hrportal.ai knows no app).

A task has a name (``interviews.answer_scoring``), a label for the admin's AI page, the version of its prompt
and a **deterministic fallback**: ``fallback(inputs) -> dict`` computes the same answer shape with the app's
own engine. It is the default when no model endpoint is configured and the answer whenever the endpoint fails,
is switched off by the circuit breaker, or returns something the schema refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AITask:
    name: str
    label: str
    prompt_version: str
    engine_version: str  # the deterministic engine's version, stored as the "model" of a fallback answer
    fallback: Callable[[dict[str, Any]], dict[str, Any]]


_TASKS: dict[str, AITask] = {}

# A survey's free-text themes (issue 22 item 2d) register here under this name once interviews/surveys/ exists:
# register_task(SURVEY_THEMES, label=..., prompt_version=..., engine_version=..., fallback=<keyword themes>).
SURVEY_THEMES = "interviews.survey_themes"


def register_task(name: str, *, label: str, prompt_version: str, engine_version: str,
                  fallback: Callable[[dict[str, Any]], dict[str, Any]]) -> AITask:
    """Add (or replace, by name) a task and its deterministic fallback; returns the entry."""
    task = AITask(name, label, prompt_version, engine_version, fallback)
    _TASKS[name] = task
    return task


def get_task(name: str) -> AITask:
    try:
        return _TASKS[name]
    except KeyError:
        raise LookupError(f"AI task {name!r} is not registered (the owning app registers it in ready())") from None


def tasks() -> list[AITask]:
    return sorted(_TASKS.values(), key=lambda t: t.name)


def unregister(name: str) -> None:
    _TASKS.pop(name, None)
