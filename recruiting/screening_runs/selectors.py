"""Reads of the screening pages, scoped through recruiting.access and query-count-safe: the results list
costs the same number of queries for ten rows or ten thousand."""

from __future__ import annotations

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery

from recruiting import access
from recruiting.models import Position, ScreeningResult, ScreeningRun, ScreeningRunItem

SORTS = {
    "score": ("-score", "application__candidate__name", "id"),
    "name": ("application__candidate__name", "-score", "id"),
    "date": ("-application__applied_at", "-score", "id"),
}
DEFAULT_SORT = "score"
FLAG_CODES = (
    "missing_must_have", "below_min_years", "years_unknown", "below_min_education", "education_unknown",
    "no_contact", "short_text",
)
# The result columns the list and the export show (the breakdown stays out unless asked for).
_RESULT_FIELDS = (
    "id", "score", "flags", "matched_terms", "explanation_zh", "explanation_en", "engine_version", "created_at",
    "weights_version", "application__id", "application__stage", "application__applied_at",
    "application__candidate__id", "application__candidate__name",
)


def latest_results(
    user, position: Position, *, sort: str = DEFAULT_SORT, flag: str = "", min_score=None, with_breakdown: bool = False
) -> QuerySet[ScreeningResult]:
    """The newest screening result of every application of the position that the user may see, ranked.

    ``flag`` keeps rows carrying that flag code; ``min_score`` keeps rows scoring at least that much.
    """
    applications = access.applications_for(user).filter(position=position)
    newest = ScreeningResult.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id").values("pk")[:1]
    qs = ScreeningResult.objects.filter(
        pk__in=applications.annotate(newest_result=Subquery(newest)).values("newest_result")
    )
    if flag:
        if connection.features.supports_json_field_contains:
            qs = qs.filter(flags__contains=[{"code": flag}])
        else:  # SQLite: the stored JSON text contains the code (codes are a fixed set of distinct words)
            qs = qs.filter(flags__icontains=flag)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    fields = _RESULT_FIELDS + (("breakdown",) if with_breakdown else ())
    return qs.select_related("application__candidate").only(*fields).order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def run_failures(run: ScreeningRun, *, limit: int = 100) -> list[ScreeningRunItem]:
    return list(
        ScreeningRunItem.objects.filter(run=run, status=ScreeningRunItem.Status.FAILED)
        .select_related("application__candidate")
        .only("id", "error", "application__id", "application__candidate__id", "application__candidate__name")
        .order_by("id")[:limit]
    )


def latest_run(position: Position) -> ScreeningRun | None:
    return ScreeningRun.objects.filter(position=position).order_by("-created_at", "-id").first()
