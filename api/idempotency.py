"""``Idempotency-Key`` on POST: the first request's answer is stored (token, key, body hash, status, body);
the same key with the same body replays it, the same key with another body is refused with 409, and keys
are forgotten after 24 hours. A key whose first request is still running answers 409 too."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
IN_PROGRESS = 0  # status_code of a record whose request has not answered yet


def _conflict(detail: str) -> Response:
    return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)


def run(request, handler) -> Response:
    """``handler()`` once per (token, key); see the module docstring for the guarantees."""
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        return handler()
    if len(key) > 200:
        return Response({"detail": f"{HEADER} is longer than 200 characters"}, status=status.HTTP_400_BAD_REQUEST)
    token = request.auth
    body_hash = hashlib.sha256(request._request.body).hexdigest()  # read before the parsers consume the stream
    method_path = f"{request.method} {request.path}"[:300]
    now = timezone.now()
    IdempotencyRecord.objects.filter(token=token, key=key, created_at__lt=now - KEEP).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                token=token, key=key, method_path=method_path, body_hash=body_hash, status_code=IN_PROGRESS,
            )
    except IntegrityError:
        stored = IdempotencyRecord.objects.get(token=token, key=key)
        if stored.body_hash != body_hash or stored.method_path != method_path:
            return _conflict(f"this {HEADER} was used with another request body or endpoint")
        if stored.status_code == IN_PROGRESS:
            return _conflict(f"the first request with this {HEADER} is still being processed")
        replay = Response(json.loads(stored.response_body or "null"), status=stored.status_code)
        replay["Idempotent-Replayed"] = "true"
        return replay
    try:
        response = handler()
    except Exception:
        record.delete()
        raise
    if response.status_code >= 500:
        record.delete()  # a server error is not an answer worth replaying
        return response
    record.status_code = response.status_code
    record.response_body = json.dumps(response.data, cls=JSONEncoder, ensure_ascii=False)
    record.save(update_fields=["status_code", "response_body"])
    return response


def purge_expired(now=None) -> int:
    """Delete records older than 24 hours (also done lazily per key); returns how many."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
