"""Periodic sweeps that apps register (resume abandoned work, …): ``manage.py run_sweeper`` runs every
registered sweep each round, so a lower layer's process need not import the apps whose work it checks."""

from __future__ import annotations

from collections.abc import Callable

_sweeps: dict[str, Callable[[], object]] = {}


def register_sweep(name: str, func: Callable[[], object]) -> None:
    _sweeps[name] = func


def registered_sweeps() -> list[tuple[str, Callable[[], object]]]:
    return list(_sweeps.items())
