"""Keeping the slices equal to their definition (``collect``).

Writers note, readers recompute. A writer of applications or stage moves *touches* the applications it wrote:
the slices they sit in now are noted as ``PipelineSliceChange`` rows — inserted, never updated, so no writer waits
for another or holds a lock a third one needs. Saves and deletes through the ORM touch by themselves
(``receivers``); bulk writers (``bulk_create``, ``QuerySet.update``: the history import, the demo, a score write)
call ``touch`` — before a change of 投递时间, position or cohort (the old slices) and after (the new ones);
``batch()`` collects a writer's touches and notes each slice once, computing the applications' final slices at
its end.

A transaction that noted slices queues ``settle`` as an RQ job when it commits, so a history import's thousands of
notes are settled by a worker rather than by the next page view; whatever is left when a page reads (the job not
run yet, Redis down) it settles itself, and the sweeper between. ``settle`` recomputes the noted slices from the
committed rows and deletes the notes it read, in short transactions that lock only those slice rows. A note
written by a transaction still open is not seen, so it stays for the next settle; a rolled-back write's note
disappears with it (the slice was never wrong)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hrportal import queues
from recruiting.analytics_facts import collect
from recruiting.analytics_facts.collect import COHORT, MOVES, Key, Slice
from recruiting.models import Application, ApplicationStageChange, PipelineSlice, PipelineSliceChange

CHUNK = 200
SETTLE_JOB_ID = "analytics-slices-settle"
_state = threading.local()


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local month as aware datetimes."""
    nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(dt.datetime.combine(month, dt.time.min), tz),
            timezone.make_aware(dt.datetime.combine(nxt, dt.time.min), tz))


def keys_of(rows: Iterable[tuple]) -> set[Key]:
    """The slices applications sit in: rows are (id, position id, source, is_historical, 投递时间)."""
    rows = list(rows)
    keys: set[Key] = set()
    attrs = {}
    for pk, position, _source, historical, applied in rows:
        keys.add((COHORT, collect.month_of(applied), position, bool(historical)))
        attrs[pk] = (position, bool(historical))
    for i in range(0, len(rows), 2000):
        ids = [r[0] for r in rows[i:i + 2000]]
        for pk, at in ApplicationStageChange.objects.filter(application_id__in=ids).order_by().values_list(
                "application_id", "at"):
            keys.add((MOVES, collect.month_of(at), *attrs[pk]))
    return keys


def current_keys(application_ids: Iterable[int]) -> set[Key]:
    ids = list(set(application_ids))
    keys: set[Key] = set()
    for i in range(0, len(ids), 2000):
        keys |= keys_of(Application.objects.filter(pk__in=ids[i:i + 2000]).order_by().values_list(
            "id", "position_id", "source", "is_historical", "applied_at"))
    return keys


# --- writers: note ------------------------------------------------------------------------------------------


def _pending():
    return getattr(_state, "pending", None)


def _note(keys: Iterable[Key]) -> None:
    notes = [PipelineSliceChange(kind=k[0], month=k[1], position_id=k[2], is_historical=k[3])
             for k in sorted(set(keys))]
    if not notes:
        return
    PipelineSliceChange.objects.bulk_create(notes, batch_size=1000)
    _queue_settle()


def _queue_settle() -> None:
    """Queue ``settle`` on RQ when the current transaction commits: once per transaction, and while one is
    still waiting in the queue (its job id) none is added — its run sees every note committed before it starts.
    Without Redis the queue helper runs it in-process at that commit. A failure to queue is logged and never
    breaks the write (the next page or sweeper settles)."""
    queues.on_commit_once(SETTLE_JOB_ID, lambda: queues.enqueue(settle, job_id=SETTLE_JOB_ID))


@contextmanager
def batch():
    """Touches inside are noted once, at the end of the outermost batch (the applications' slices by then)."""
    if _pending() is not None:
        yield
        return
    _state.pending = {"keys": set(), "ids": set()}
    try:
        yield
        pending = _state.pending
        _state.pending = None
        _note(pending["keys"] | current_keys(pending["ids"]))
    finally:
        _state.pending = None


def touch(application_ids: Iterable[int]) -> None:
    """These applications changed (or are about to): the slices they sit in now are noted, and inside a batch
    also those they sit in at its end."""
    ids = set(application_ids)
    if not ids:
        return
    pending = _pending()
    if pending is None:
        _note(current_keys(ids))
    else:
        pending["keys"] |= current_keys(ids)
        pending["ids"] |= ids


def touch_keys(keys: Iterable[Key]) -> None:
    """These slices changed (a delete: the rows are gone, their former slices are known)."""
    pending = _pending()
    if pending is None:
        _note(keys)
    else:
        pending["keys"] |= set(keys)


# --- readers: recompute ---------------------------------------------------------------------------------------


def _keys_q(kind: str, keys: list[Key], prefix: str = "") -> Q:
    """The applications (cohort: received in a key's month) or moves (moves: made in it) of these slices: one
    condition per month × cohort, naming its positions."""
    groups: dict[tuple, list[int]] = {}
    for _kind, month, position, historical in keys:
        groups.setdefault((month, historical), []).append(position)
    where = Q()
    for (month, historical), positions in groups.items():
        start, end = month_bounds(month)
        q = Q(**{f"{prefix}position_id__in": sorted(positions), f"{prefix}is_historical": historical})
        if kind == COHORT:
            where |= q & Q(**{f"{prefix}applied_at__gte": start, f"{prefix}applied_at__lt": end})
        else:
            where |= q & Q(at__gte=start, at__lt=end)
    return where


def _any(conditions) -> Q:
    where = Q()
    for condition in conditions:
        where |= condition
    return where


def _compute(keys: list[Key]) -> dict[Key, Slice]:
    """Recompute these slices from the rows (one or two queries per chunk of keys)."""
    out: dict[Key, Slice] = {}
    for kind in (COHORT, MOVES):
        wanted = [k for k in keys if k[0] == kind]
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i:i + CHUNK]
            if kind == COHORT:
                found = collect.cohort(lambda prefix, chunk=chunk: _keys_q(COHORT, chunk, prefix))
            else:
                found = collect.moves(ApplicationStageChange.objects.filter(_keys_q(MOVES, chunk, "application__")))
            wanted_set = set(chunk)
            out.update({k: v for k, v in found.items() if k in wanted_set})
    return out


def _slice_q(keys: list[Key]) -> Q:
    return _any(Q(kind=kind, month=month, position_id=position, is_historical=historical)
                for kind, month, position, historical in keys)


def refresh(keys: Iterable[Key]) -> int:
    """Lock, recompute and write these slices; returns how many hold data afterwards. The lock (the slice row,
    created if missing) is taken before the recomputing statement starts, so two refreshes of one slice take
    turns and the second sees what the first one's writers committed."""
    keys = sorted(set(keys))
    kept = 0
    with transaction.atomic():
        for i in range(0, len(keys), CHUNK):
            chunk = keys[i:i + CHUNK]
            PipelineSlice.objects.bulk_create(
                [PipelineSlice(kind=k[0], month=k[1], position_id=k[2], is_historical=k[3]) for k in chunk],
                ignore_conflicts=True)
            rows = list(PipelineSlice.objects.select_for_update().filter(_slice_q(chunk))
                        .order_by("kind", "month", "position_id", "is_historical"))
            fresh = _compute(chunk)
            keep, drop = [], []
            for row in rows:
                part = fresh.get((row.kind, row.month, row.position_id, row.is_historical))
                if part is None or part.is_empty():
                    drop.append(row.pk)
                else:
                    row.counts, row.values = part.dump()
                    keep.append(row)
            if keep:
                PipelineSlice.objects.bulk_update(keep, ["counts", "values"])
            if drop:
                PipelineSlice.objects.filter(pk__in=drop).delete()
            kept += len(keep)
    return kept


def settle(*, batch_size: int = 20_000) -> int:
    """Recompute the slices noted since the last settle and delete those notes, ``batch_size`` notes per
    transaction until none is left; returns how many slices were recomputed. One query when nothing is noted."""
    settled = 0
    while True:
        notes = list(PipelineSliceChange.objects.order_by("id").values_list(
            "id", "kind", "month", "position_id", "is_historical")[:batch_size])
        if not notes:
            return settled
        keys = {(kind, month, position, bool(historical)) for _pk, kind, month, position, historical in notes}
        ids = [n[0] for n in notes]  # by id: a note committed after the read above stays for the next settle
        with transaction.atomic():
            refresh(keys)
            for i in range(0, len(ids), 5000):
                PipelineSliceChange.objects.filter(id__in=ids[i:i + 5000]).delete()
        settled += len(keys)
        if len(notes) < batch_size:
            return settled


def all_slices() -> dict[Key, Slice]:
    """Every slice by its definition, from the rows (the rebuild and the check)."""
    out = dict(collect.cohort(lambda prefix: Q()))
    out.update(collect.moves(ApplicationStageChange.objects.all()))
    return {k: v for k, v in out.items() if not v.is_empty()}


@transaction.atomic
def rebuild() -> int:
    """Every slice recomputed from the rows (and the notes cleared); returns how many slices there are."""
    fresh = all_slices()
    PipelineSlice.objects.all().delete()
    PipelineSliceChange.objects.all().delete()
    rows = []
    for (kind, month, position, historical), part in fresh.items():
        counts, values = part.dump()
        rows.append(PipelineSlice(kind=kind, month=month, position_id=position, is_historical=historical,
                                  counts=counts, values=values))
    PipelineSlice.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def check() -> list[Key]:
    """After settling the noted changes, the slices whose stored content differs from their definition (empty
    when all are kept: a difference means a write around the writers)."""
    settle()
    fresh = {k: v.dump() for k, v in all_slices().items()}
    stored = {(r.kind, r.month, r.position_id, r.is_historical): (r.counts, bytes(r.values))
              for r in PipelineSlice.objects.all()}
    return sorted(k for k in fresh.keys() | stored.keys() if fresh.get(k) != stored.get(k))
