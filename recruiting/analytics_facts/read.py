"""The slices of a period and scope: whole local months from the slice table, the days of the part-months at
either end collected from the rows (``collect``, the same definition), so any date range reads at most two
part-months of rows plus one slice row per month × position × cohort."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone

from recruiting.analytics_facts import collect, store
from recruiting.analytics_facts.collect import COHORT, Key, Slice
from recruiting.models import ApplicationStageChange, PipelineSlice


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def split(date_from: dt.date, date_to: dt.date) -> tuple[dt.date | None, dt.date | None, list[tuple[dt.date, dt.date]]]:
    """(first whole month, end of the whole months (exclusive), [part-month day ranges, end exclusive]) of the
    period ``date_from``…``date_to`` (inclusive); the months are None when no whole month fits."""
    end = date_to + dt.timedelta(days=1)
    first = date_from if date_from.day == 1 else _next_month(date_from.replace(day=1))
    last = end.replace(day=1)
    if first >= last:
        return None, None, [(date_from, end)]
    parts = [(a, b) for a, b in ((date_from, first), (last, end)) if a < b]
    return first, last, parts


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def _scoped(positions: QuerySet | None, prefix: str) -> Q:
    return Q() if positions is None else Q(**{f"{prefix}position__in": positions})


def slices(*, kind: str, date_from: dt.date, date_to: dt.date, positions: QuerySet | None,
           values: bool) -> Iterator[tuple[Key, Slice]]:
    """The (key, slice) pairs of ``kind`` in the period over the positions in scope (a queryset of their ids;
    None: every position); ``values`` loads the kept values (percentiles) besides the counts. Six queries at
    most (the notes, the table, two per part-month), whatever the number of rows, once the noted slices are
    settled."""
    store.settle()  # the slices noted by writers since the last read
    first, last, parts = split(date_from, date_to)
    if first is not None:
        stored = PipelineSlice.objects.filter(kind=kind, month__gte=first, month__lt=last).order_by()
        if positions is not None:
            stored = stored.filter(position__in=positions)
        fields = ["month", "position_id", "is_historical", "counts"] + (["values"] if values else [])
        for row in stored.values_list(*fields):
            yield (kind, row[0], row[1], bool(row[2])), Slice.load(row[3], row[4] if values else None)
    for a, b in parts:  # a part-month: every row of it belongs to a's month
        start, end = _aware(a), _aware(b)
        if kind == COHORT:
            found = collect.cohort(lambda p, start=start, end=end: _scoped(positions, p) & Q(
                **{f"{p}applied_at__gte": start, f"{p}applied_at__lt": end}), month=a.replace(day=1))
        else:
            found = collect.moves(ApplicationStageChange.objects.filter(
                _scoped(positions, "application__"), at__gte=start, at__lt=end), month=a.replace(day=1))
        yield from found.items()
