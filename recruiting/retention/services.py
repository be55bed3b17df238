"""Writes for retention: HR extends one candidate's date with a reason (audited)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from hrportal import audit
from recruiting.models import Candidate


class RetentionError(ValueError):
    """An extension the rules refuse, with a message HR can read."""


@transaction.atomic
def extend_retention(*, candidate: Candidate, until: date, reason: str, by, request=None) -> Candidate:
    """Move ``candidate.retention_until`` later, to ``until``, and record who, why, from and to.

    Refuses a date that is not later than the current one, an empty reason, and a purged candidate."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    reason = (reason or "").strip()
    if locked.purged_at is not None:
        raise RetentionError(gettext("该候选人的个人信息已清除。"))
    if not reason:
        raise RetentionError(gettext("延长保存期限需要填写原因。"))
    if locked.retention_until is not None and until <= locked.retention_until:
        raise RetentionError(gettext("新的保存期限必须晚于当前期限。"))
    previous = locked.retention_until
    locked.retention_until = until
    Candidate.objects.filter(pk=locked.pk).update(retention_until=until)
    audit.record(
        action="change", obj=locked, fields=["retention_until"], actor=by, request=request,
        note=f"retention {previous or '-'} -> {until:%Y-%m-%d}: {reason}",
    )
    return locked
