"""Reads for HR's retention page: who the purge will take in the next days, and what keeps someone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from hrportal.privacy import registry
from recruiting import access
from recruiting.models import Candidate

PREVIEW_DAYS = 14


@dataclass(frozen=True)
class UpcomingPurge:
    candidate: Candidate
    holds: list[str]


def upcoming_purges(user, *, today: date, days: int = PREVIEW_DAYS) -> list[UpcomingPurge]:
    """Candidates the user may see whose date falls before ``today + days`` (already expired included),
    not purged yet, each with the legal holds that will keep them (empty: will be purged). Three queries
    plus one per registered hold, whatever the number of rows."""
    candidates = list(_due_before(user, today + timedelta(days=days)))
    holds = registry.holds_for([c.pk for c in candidates])
    return [UpcomingPurge(c, holds.get(c.pk, [])) for c in candidates]


def _due_before(user, day: date) -> QuerySet[Candidate]:
    return (access.candidates_for(user).filter(purged_at=None, retention_until__lt=day)
            .order_by("retention_until", "id").only("id", "name", "retention_until", "talent_pool_consent", "source"))
