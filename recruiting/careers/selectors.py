"""Reads of the careers page: what the public may see. A position is public only when it is published, open
and not past its closing date (Asia/Shanghai calendar day)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from hrportal.display_names import display_name
from recruiting.models import Department, Position

PAGE_SIZE = 20


def public_positions(*, today=None) -> QuerySet[Position]:
    today = today or timezone.localdate()
    return (
        Position.objects.filter(published=True, status=Position.Status.OPEN)
        .filter(Q(closes_on=None) | Q(closes_on__gte=today))
        .select_related("department")
    )


def search_positions(*, q: str = "", city: str = "", department_id: int | None = None, today=None) -> QuerySet[Position]:
    qs = public_positions(today=today)
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(
            Q(title_zh__icontains=q) | Q(title_en__icontains=q) | Q(code__iexact=q)
            | Q(duties__icontains=q) | Q(requirements__icontains=q)
        )
    if city:
        qs = qs.filter(city=city)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("code")


def filter_choices(*, today=None) -> tuple[list[str], list[tuple[int, str]]]:
    """Cities and departments that have a public position (for the filter menus), departments named in the
    active language (the page's): two queries."""
    public = public_positions(today=today)
    cities = sorted(c for c in public.values_list("city", flat=True).distinct() if c)
    departments = [
        (row["pk"], display_name(row))
        for row in Department.objects.filter(pk__in=public.values("department_id")).order_by("name").values("pk", "name", "name_en")
    ]
    return cities, departments


def public_position(code: str, *, today=None) -> Position | None:
    return public_positions(today=today).filter(code=code).first()
