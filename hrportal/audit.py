"""Writes the audit log. Call it wherever personal data is shown in detail, changed or exported."""

from __future__ import annotations

from collections.abc import Iterable

from hrportal.models import AuditLog


def client_ip(request) -> str | None:
    if request is None:
        return None
    # Behind the reverse proxy of docker-compose the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return ip or None


def record(
    *,
    action: str,
    obj=None,
    fields: Iterable[str] = (),
    request=None,
    actor=None,
    object_type: str | None = None,
    object_id: str | None = None,
    note: str = "",
) -> AuditLog:
    """Append one audit row; never raises for a missing request or an anonymous actor."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    return AuditLog.objects.create(
        actor=actor,
        actor_label=(actor.get_username() if actor is not None else "system"),
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_repr=str(obj)[:200] if obj is not None else "",
        fields=sorted(set(fields)),
        ip_address=client_ip(request),
        note=note[:300],
    )
