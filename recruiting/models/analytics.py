"""Monthly slices of the pipeline that the recruiting analytics read instead of every application and move.

A slice is one (kind, month, position, cohort) cell: for ``cohort``, the applications received in that local month
(Asia/Shanghai) — how many and the stage moves they made, per source, and their screening scores by current stage;
for ``moves``, the stage moves made in that month — the moves to 已入职 per source, the days each application had
spent in the stage it left and the days to hire. Counts are JSON; the values kept for percentiles are every value,
as 8-byte floats, so medians and P90s stay exact (``recruiting/analytics_facts/``: how slices are collected, kept
up to date and read)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from recruiting.models.ehr import Position


class SliceKind(models.TextChoices):
    COHORT = "cohort", _("按投递月份")
    MOVES = "moves", _("按阶段变更月份")


class SliceKey(models.Model):
    """What names a slice: kind × local month × position × cohort."""

    kind = models.CharField(_("类型"), max_length=8, choices=SliceKind.choices)
    month = models.DateField(_("月份"))  # the first day of the local month
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="+", verbose_name=_("职位"))
    is_historical = models.BooleanField(_("历史导入"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m} {self.position_id} {self.is_historical}"


class PipelineSlice(SliceKey):
    Kind = SliceKind

    counts = models.TextField(_("计数"), default="{}")
    values = models.BinaryField(_("取值"), default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "month", "position", "is_historical"],
                                               name="pipeline_slice_key")]
        verbose_name = _("漏斗月度切片")
        verbose_name_plural = _("漏斗月度切片")


class PipelineSliceChange(SliceKey):
    """A slice a write changed, waiting to be recomputed (``recruiting/analytics_facts/store.py``). Writers only
    insert these rows — no shared row is locked in their transactions — and whoever reads the slices next (a page,
    the sweeper) recomputes the slices named here and deletes the rows it read."""

    class Meta:
        verbose_name = _("待重算的漏斗切片")
        verbose_name_plural = _("待重算的漏斗切片")
