"""The candidate's rights requests (PIPL Art. 44–47, 24): reference numbers, the 15-working-day deadline, the
queue's status moves, and deletion on request through the same holders and holds as the retention purge."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from hrportal import audit
from hrportal.models import RightsRequest
from hrportal.privacy import registry

ANSWER_WORKING_DAYS = 15


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``days`` working days (Monday–Friday) after ``start``. Public holidays and the adjusted working weekends
    (调休) are not modelled: see docs/decisions.md."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def _next_reference(today: dt.date) -> str:
    prefix = f"PIPL-{today:%Y%m%d}-"
    last = (RightsRequest.objects.filter(reference__startswith=prefix).order_by("-reference")
            .values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def open_request(*, subject_id: int, kind: str, details: str = "", status: str = RightsRequest.Status.OPEN,
                 resolution: str = "") -> RightsRequest:
    """A new request with a reference ``PIPL-YYYYMMDD-NNNN`` (unique; retried on a race) and its deadline."""
    today = timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = RightsRequest.objects.create(
                    reference=_next_reference(today), kind=kind, subject_id=subject_id, details=details[:5000],
                    status=status, resolution=resolution[:500], due_on=add_working_days(today, ANSWER_WORKING_DAYS),
                    handled_at=timezone.now() if status != RightsRequest.Status.OPEN else None,
                )
        except IntegrityError:
            continue
        audit.record(action="create", obj=request, object_type="privacy.rights_request",
                     note=f"{kind} {request.reference} ({status})")
        return request
    raise RuntimeError("could not allocate a rights request reference")


@transaction.atomic
def resolve_request(*, request: RightsRequest, status: str, resolution: str, by) -> RightsRequest:
    """HR closes a request (done, or refused with the reason Art. 50 requires)."""
    locked = RightsRequest.objects.select_for_update().get(pk=request.pk)
    locked.status, locked.resolution = status, resolution.strip()[:500]
    locked.handled_by, locked.handled_at = by, timezone.now()
    locked.save(update_fields=["status", "resolution", "handled_by", "handled_at"])
    audit.record(action="change", obj=locked, object_type="privacy.rights_request", actor=by,
                 fields=["status"], note=f"{locked.reference} -> {status}")
    return locked


@transaction.atomic
def erase_now(*, subject_id: int) -> list[str]:
    """Art. 47 on request: erase the candidate at once through every holder unless a legal hold applies.
    Returns the labels of the holds that apply (empty: erased). The subject's rows are locked first."""
    if not registry.lock_subject(subject_id):
        return []  # unknown or already purged
    holds = registry.holds_for([subject_id]).get(subject_id, [])
    if holds:
        return holds
    files = sum(int(h.erase([subject_id]) or 0) for h in registry.holders())
    audit.record(action="delete", object_type="privacy.erasure", object_id=str(subject_id),
                 note=f"erased on the person's request (Art. 47): files_removed={files}")
    return []


def export_for(subject_id: int) -> dict:
    """The Art. 45 copy: every holder's part, keyed by its name."""
    return {h.name: h.export(subject_id) for h in registry.holders() if h.export is not None}
