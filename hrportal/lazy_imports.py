"""A module imported on first use: heavy third-party libraries (numpy, pandas) that a module needs for some
functions only, so that every Django process (``manage.py screen``, the web workers) does not pay their
import at start-up. Pure Python, no Django."""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for ``name`` and imports it at the first attribute access (``np = LazyModule("numpy")``)."""

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)
