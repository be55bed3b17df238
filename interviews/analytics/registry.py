"""The analytics reports, as a registry the analytics package owns: the interviews app registers its own reports
(``interviews/analytics/reports.py``), payroll adds offer acceptance and cost per hire by source
(``payroll/analytics.py``) without this package importing payroll. A report is a function of the filters that
returns a ``Result``: tables (the first one is the report's CSV), charts drawn by static/js/analytics.js, and a few
key figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hrportal import policy


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    note: str = ""


@dataclass
class Chart:
    """Drawn by static/js/analytics.js with the vendored Chart.js: ``kind`` bar or line, one dataset per series."""

    key: str
    title: str
    labels: list[str]
    datasets: list[dict]
    kind: str = "bar"
    stacked: bool = False
    unit: str = ""

    def as_json(self) -> dict:
        return {"key": self.key, "title": str(self.title), "labels": [str(x) for x in self.labels],
                "datasets": [{"label": str(d["label"]), "data": d["data"]} for d in self.datasets],
                "kind": self.kind, "stacked": self.stacked, "unit": str(self.unit)}


@dataclass
class Result:
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    figures: list[tuple[str, Any]] = field(default_factory=list)  # (label, value) key figures, live only


@dataclass(frozen=True)
class Report:
    key: str
    label: Any
    order: int
    compute: Callable[[Any], Result]  # compute(filters) -> Result
    capability: str | None = None  # a CAPABILITIES name narrowing who sees it; None = everyone who reaches the page
    description: Any = ""


_REPORTS: dict[str, Report] = {}


def register_report(*, key: str, label, order: int = 100, capability: str | None = None, description=""):
    def decorator(compute: Callable[[Any], Result]):
        _REPORTS[key] = Report(key=key, label=label, order=order, compute=compute, capability=capability,
                               description=description)
        return compute

    return decorator


def reports_for(user) -> list[Report]:
    """The reports this user may open, in page order."""
    return [r for r in sorted(_REPORTS.values(), key=lambda r: (r.order, r.key))
            if r.capability is None or policy.can(user, r.capability)]
