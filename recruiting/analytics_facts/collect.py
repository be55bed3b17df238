"""What a slice holds, computed from the rows themselves. A key is (kind, month, position id, is_historical);
``month`` is the first day of the local (Asia/Shanghai) month of 投递时间 (``cohort``) or of the move (``moves``).

cohort: ``n`` {source: applications received}; ``edges`` {source: {"from>to": moves those applications made,
whenever}}; ``bands`` {"score band>current stage": scored applications}; series ``s:<current stage>``: their
screening scores.
moves: ``hired`` {source: moves to 已入职}; series ``h``: days from 投递时间 to that move; ``t:<stage left>``: days
spent in the stage, from ``entered_at`` (recruiting/stage_facts.py). Days are rounded to six decimals (0.09 s)
in SQL; the pages show one.

Series are stored as 8-byte floats behind a small JSON header (``pack``/``unpack``): a report merges a few
thousand of them with numpy instead of parsing a quarter of a million numbers."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from recruiting.models import Application, ApplicationStageChange, PipelineSlice
from recruiting.pipeline import Stage

COHORT, MOVES = PipelineSlice.Kind.COHORT.value, PipelineSlice.Kind.MOVES.value
Key = tuple[str, dt.date, int, bool]
CHANGES, APPLICATIONS = ApplicationStageChange._meta.db_table, Application._meta.db_table
BAND_WIDTH = 10
HIRE, SCORE, STAY = "h", "s:", "t:"  # series names: days to hire; scores by stage; days in the stage left


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


def band_of(score) -> int:
    """The screening score's band [0,10) … [90,100] (100 falls in the last)."""
    return max(0, min(int(score // BAND_WIDTH) * BAND_WIDTH, 100 - BAND_WIDTH))


def pack(series: dict[str, list]) -> bytes:
    """{name: values} → a JSON header of (name, length) and the sorted values as little-endian float64."""
    names = sorted(n for n, v in series.items() if len(v))
    header = json.dumps([[n, len(series[n])] for n in names], separators=(",", ":")).encode()
    body = b"".join(np.sort(np.asarray(series[n], dtype="<f8")).tobytes() for n in names)
    return header + b"\n" + body if names else b""


def unpack(blob) -> dict[str, np.ndarray]:
    if not blob:
        return {}
    blob = bytes(blob)
    cut = blob.index(b"\n")
    data = np.frombuffer(blob, dtype="<f8", offset=cut + 1)
    out, start = {}, 0
    for name, length in json.loads(blob[:cut]):
        out[name] = data[start:start + length]
        start += length
    return out


@dataclass
class Slice:
    """One slice's content (see the module's docstring); a report adds slices up with ``add_counts`` and
    ``np.concatenate`` and splits the few "a>b" keys of its totals (``pairs``)."""

    n: dict = field(default_factory=dict)
    hired: dict = field(default_factory=dict)
    edges: dict = field(default_factory=dict)
    bands: dict = field(default_factory=dict)
    series: dict = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.n or self.hired or self.edges or self.series)

    def dump(self) -> tuple[str, bytes]:
        """(counts, values) as stored."""
        counts = {"n": dict(sorted(self.n.items())), "h": dict(sorted(self.hired.items())),
                  "e": {s: dict(sorted(e.items())) for s, e in sorted(self.edges.items())},
                  "b": dict(sorted(self.bands.items()))}
        return json.dumps(counts, separators=(",", ":")), pack(self.series)

    @classmethod
    def load(cls, counts: str, values=None) -> Slice:
        c = json.loads(counts)
        return cls(n=c["n"], hired=c["h"], edges=c["e"], bands=c["b"], series=unpack(values) if values else {})


def add_counts(total: dict, part: dict) -> None:
    for key, n in part.items():
        total[key] = total.get(key, 0) + n


def pairs(counts: dict) -> dict[tuple[str, str], int]:
    """{"a>b": n} → {(a, b): n}."""
    return {tuple(key.split(">", 1)): n for key, n in counts.items()}


def _bump(counts: dict, key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def _days_sql(later: str, earlier: str) -> RawSQL:
    """Days from ``earlier`` to ``later`` (two columns of the query's tables), to six decimals, in SQL: the rows
    are not turned into datetimes only to be subtracted."""
    if connection.vendor == "postgresql":
        return RawSQL(f"ROUND((EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)::numeric, 6)::float8", [])  # noqa: S611 (column names from the code)
    return RawSQL(f"ROUND(julianday({later}) - julianday({earlier}), 6)", [])  # noqa: S611


def cohort(where, *, month: dt.date | None = None) -> dict[Key, Slice]:
    """The cohort slices of the applications ``where("")`` selects, keyed by their own month/position/cohort;
    ``where(prefix)`` gives that condition with its fields prefixed (``"application__"`` selects their moves by a
    join, which PostgreSQL reads by index, where ``IN (subquery)`` is planned as a scan of the whole history).
    ``month``: every one was received in that month (its 投递时间 need not be read)."""
    out: dict[Key, Slice] = defaultdict(Slice)
    key_of = {}
    fields = ["id", "position_id", "source", "is_historical", "screening_score", "stage"]
    applications = Application.objects.filter(where(""))
    for row in applications.order_by().values_list(*fields, *([] if month else ["applied_at"])):
        pk, position, source, historical, score, stage = row[:6]
        key = (COHORT, month or month_of(row[6]), position, bool(historical))
        key_of[pk] = (key, source)
        part = out[key]
        _bump(part.n, source)
        if score is not None:
            _bump(part.bands, f"{band_of(score)}>{stage}")
            part.series.setdefault(SCORE + stage, []).append(float(score))
    moves = ApplicationStageChange.objects.filter(where("application__")).order_by()
    for pk, from_stage, to_stage in moves.values_list("application_id", "from_stage", "to_stage"):
        if pk in key_of:
            key, source = key_of[pk]
            _bump(out[key].edges.setdefault(source, {}), f"{from_stage}>{to_stage}")
    return dict(out)


def moves(changes, *, month: dt.date | None = None) -> dict[Key, Slice]:
    """The moves slices of these stage changes (a queryset), keyed by the move's month and its application;
    ``month``: every move was made in that month."""
    out: dict[Key, Slice] = defaultdict(Slice)
    changes = changes.order_by().annotate(
        _in_stage=_days_sql(f"{CHANGES}.at", f"{CHANGES}.entered_at"),
        _to_hire=_days_sql(f"{CHANGES}.at", f"{APPLICATIONS}.applied_at"))
    fields = ["application__position_id", "application__source", "application__is_historical", "from_stage",
              "to_stage", "_in_stage", "_to_hire"]
    for row in changes.values_list(*fields, *([] if month else ["at"])):
        position, source, historical, from_stage, to_stage, in_stage, to_hire = row[:7]
        part = out[(MOVES, month or month_of(row[7]), position, bool(historical))]
        if in_stage is not None:
            part.series.setdefault(STAY + from_stage, []).append(in_stage)
        if to_stage == Stage.HIRED:
            _bump(part.hired, source)
            part.series.setdefault(HIRE, []).append(to_hire)
    return dict(out)
