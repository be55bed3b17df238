"""Reads of the rights pages: the person's own data, their screening explanations, their requests; the queue."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from hrportal import masking
from hrportal.models import RightsRequest
from recruiting.models import Application, Candidate, ScreeningResult


def own_data(candidate: Candidate) -> dict:
    """What the page shows the person (contact masked on the page; the export has it in full)."""
    return {
        "phone": masking.mask_phone(candidate.phone), "email": masking.mask_email(candidate.email),
        "applications": list(Application.objects.filter(candidate=candidate).select_related("position")
                             .order_by("applied_at", "id")),
        "results": list(ScreeningResult.objects.filter(application__candidate=candidate)
                        .select_related("application__position", "weight_set").order_by("-created_at", "-id")),
        "requests": list(RightsRequest.objects.filter(subject_id=candidate.pk).order_by("-created_at", "-id")),
    }


def queue(*, status: str = "") -> QuerySet[RightsRequest]:
    rows = RightsRequest.objects.all().order_by("status", "due_on", "id")
    return rows.filter(status=status) if status in RightsRequest.Status.values else rows


def subject_names(requests) -> dict[int, str]:
    ids = {r.subject_id for r in requests}
    return dict(Candidate.objects.filter(pk__in=ids).values_list("pk", "name"))


def today():
    return timezone.localdate()
