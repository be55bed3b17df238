"""What every resource shares: token auth, the scope check, the per-token rate limit, id-cursor pages,
``?updated_since=`` and idempotent POSTs."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.response import Response

from api import idempotency
from hrportal import audit

UPDATED_SINCE = OpenApiParameter(
    "updated_since", OpenApiTypes.DATETIME, description="only rows changed at or after this ISO 8601 time "
    "(a time without zone is Asia/Shanghai)",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
    description="replay-safe POST: the same key and body return the first answer; another body → 409 (24 h)",
)


def parse_updated_since(value: str):
    moment = parse_datetime(value.strip().replace(" ", "+")) if value else None  # a bare "+" arrives as space
    if moment is None:
        raise exceptions.ValidationError({"updated_since": "not an ISO 8601 date-time"})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def audit_read(request, object_type: str, rows, fields) -> None:
    """One audit row per page or object read through the API, naming the ids (like the list pages)."""
    ids = ",".join(str(getattr(row, "pk", row)) for row in rows)
    only = rows[0] if len(rows) == 1 and hasattr(rows[0], "pk") else None
    audit.record(action="view", obj=only, object_type=object_type, fields=fields, request=request,
                 actor=request.user, note=f"api {object_type}: {ids}"[:300])


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A read-only resource. Subclasses set ``read_scope`` and implement ``scoped_queryset()`` through the
    owning app's access helpers; ``updated_field`` (None: the model keeps no change time) feeds
    ``?updated_since=``; ``audit_fields`` (personal data the rows show) makes every page and object read
    write an audit row like a page view."""

    read_scope: str | None = None
    write_scope: str | None = None
    updated_field: str | None = "updated_at"
    audit_fields: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = list(getattr(self.paginator, "page", None) or [])
        if self.audit_fields and rows:
            audit_read(request, rows[0]._meta.label, rows, list(self.audit_fields))
        return response

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        if self.audit_fields:
            audit_read(request, obj._meta.label, [obj], list(self.audit_fields))
        return Response(self.get_serializer(obj).data)

    def scoped_queryset(self):  # pragma: no cover - interface
        raise NotImplementedError

    def get_queryset(self):
        qs = self.scoped_queryset()
        since = self.request.query_params.get("updated_since")
        if since is not None and self.action == "list":
            if self.updated_field is None:
                raise exceptions.ValidationError({"updated_since": "this resource has no change time"})
            qs = qs.filter(**{f"{self.updated_field}__gte": parse_updated_since(since)})
        return qs


def with_updated_since(cls):
    """Document ``?updated_since=`` on the list of a resource that supports it."""
    from drf_spectacular.utils import extend_schema

    return extend_schema_view(list=extend_schema(parameters=[UPDATED_SINCE]))(cls)


class IdempotentCreateMixin:
    """POST through api.idempotency (the ``Idempotency-Key`` header)."""

    def create(self, request, *args, **kwargs):
        return idempotency.run(request, lambda: self.perform_api_create(request))

    def perform_api_create(self, request):  # pragma: no cover - interface
        raise NotImplementedError
