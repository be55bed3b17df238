"""Stage paths of historical applications: which stages an imported application passed through to end at its
outcome (checked against ``recruiting.pipeline.TRANSITIONS``), and the historical times they are dated at."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from recruiting import pipeline
from recruiting.history.columns import MAIN_LINE, OUTCOMES
from recruiting.pipeline import Stage


class IllegalHistory(ValueError):
    """A historical outcome cannot be reached from a stage along the declared pipeline."""


def history_path(outcome: str, *, interviewed: bool, start: str = Stage.NEW) -> list[str]:
    """The stages an application passes through, after ``start``, to end at ``outcome``.

    Hired and offer_declined go through the whole main line up to offer; rejected and withdrawn leave
    after interviewing when the candidate was interviewed (has dimension scores), else after screening.
    Every edge is checked against the pipeline; raises IllegalHistory when ``outcome`` is not reachable
    from ``start`` (e.g. an application already at offer cannot be "rejected").
    """
    if outcome not in OUTCOMES:
        raise IllegalHistory(f"{outcome!r} is not a final outcome")
    if start == outcome:
        return []
    if start not in MAIN_LINE[:-1]:
        raise IllegalHistory(f"no path from {start!r} to {outcome!r}")
    if outcome in (Stage.HIRED, Stage.OFFER_DECLINED):
        last_active = Stage.OFFER
    else:
        last_active = Stage.INTERVIEWING if interviewed else Stage.SCREENING
    i, j = MAIN_LINE.index(start), MAIN_LINE.index(last_active)
    path = [*MAIN_LINE[i + 1 : j + 1], outcome] if i <= j else [outcome]
    previous = start
    for stage in path:
        if not pipeline.is_legal(previous, stage):
            raise IllegalHistory(f"no path from {start!r} to {outcome!r}: {previous!r} → {stage!r} is not allowed")
        previous = stage
    return [str(s) for s in path]


def aware_at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)), timezone.get_default_timezone())


def spread(start: datetime, end: datetime, steps: int) -> list[datetime]:
    if steps <= 0:
        return []
    span = max(end - start, timedelta(0))
    return [start + span * (i + 1) / steps for i in range(steps)]
