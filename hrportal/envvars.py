"""Numbers from the environment, checked in one place (used by ``hrportal/settings.py``).

``int(os.environ[...])`` scattered through the settings crashed every command with a bare ``ValueError`` on
the first bad value (``SCREENING_STALL_MINUTES=0.25``). Here each numeric setting says its kind and range;
settings.py reads them all and then calls ``check()``, which raises one ``ImproperlyConfigured`` naming every
bad variable, what it holds and what it should hold.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured


class NumericEnv:
    """Reads whole numbers and decimals from ``environ``; problems are collected, then raised by ``check``."""

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        self.problems: list[str] = []

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        return None if value is None or not value.strip() else value.strip()

    def int(self, name: str, default: int | None, *, minimum: int | None = None, maximum: int | None = None):
        """A whole number (``"10"``; ``"10.0"`` is refused: it reads like a fraction was meant)."""
        raw = self._raw(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.problems.append(f"{name}={raw!r}: expected a whole number{self._range(minimum, maximum)}")
            return default
        return self._in_range(name, raw, value, minimum, maximum, default)

    def float(self, name: str, default: float | None, *, minimum: float | None = None,
              maximum: float | None = None, above: float | None = None):
        """A decimal number (``"0.25"``, ``"10"``); ``above`` is an exclusive lower bound."""
        raw = self._raw(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.problems.append(f"{name}={raw!r}: expected a number{self._range(minimum, maximum, above)}")
            return default
        if above is not None and value <= above:
            self.problems.append(f"{name}={raw!r}: must be greater than {above:g}")
            return default
        return self._in_range(name, raw, value, minimum, maximum, default)

    def _in_range(self, name, raw, value, minimum, maximum, default):
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problems.append(f"{name}={raw!r}: out of range{self._range(minimum, maximum)}")
            return default
        return value

    @staticmethod
    def _range(minimum=None, maximum=None, above=None) -> str:
        parts = []
        if above is not None:
            parts.append(f"> {above:g}")
        if minimum is not None:
            parts.append(f">= {minimum:g}")
        if maximum is not None:
            parts.append(f"<= {maximum:g}")
        return f" ({', '.join(parts)})" if parts else ""

    def check(self) -> None:
        """Raise one ``ImproperlyConfigured`` listing every bad value read so far (nothing when all are good)."""
        if self.problems:
            raise ImproperlyConfigured(
                "invalid numeric setting(s) in the environment:\n  " + "\n  ".join(self.problems)
            )
