"""Audit rows outlive the person they are about: the purge keeps who looked at what and when (Art. 51), but
an entry's ``object_repr`` was the object's ``__str__`` at the time — a candidate's name. Each eraser calls
``scrub_audit_repr`` for the object types it owns."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from hrportal.models import AuditLog

PURGED_REPR = "[purged]"


def scrub_audit_repr(object_type: str, object_ids: Iterable[int]) -> int:
    """Replace the stored ``object_repr`` of audit rows about these objects; returns rows changed.

    Django's admin history (``LogEntry.object_repr`` and its change message) is scrubbed too."""
    ids = [str(i) for i in object_ids]
    if not ids:
        return 0
    changed = AuditLog.objects.filter(object_type=object_type, object_id__in=ids).exclude(
        object_repr=PURGED_REPR).update(object_repr=PURGED_REPR)
    app_label, _, model = object_type.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model.lower())
    except ContentType.DoesNotExist:
        return changed
    LogEntry.objects.filter(content_type=content_type, object_id__in=ids).update(
        object_repr=PURGED_REPR, change_message="")
    return changed
