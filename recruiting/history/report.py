"""What an import reports: per-row problems (row as the user sees it, column, reason) and counts per kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from recruiting.history.columns import KIND_LABELS


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as the user sees it in the file (header = 1, None = the whole file)."""

    row: int | None
    column: str
    reason: str
    sheet: str = ""


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    filename: str
    kinds: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, KindCounts] = field(default_factory=dict)
    rows_read: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_lines(self) -> list[str]:
        return [
            _("%(kind)s：新增 %(created)d 条，更新 %(updated)d 条，未变化 %(unchanged)d 条")
            % {"kind": KIND_LABELS[kind], "created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for kind, c in self.counts.items()
        ]


