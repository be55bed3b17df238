"""Reads for the message log (the outbox's rows and their replies)."""

from __future__ import annotations

# --- the message log (outbox) ------------------------------------------------------------------------------


def message_log(*, status: str = "", channel: str = "", kind: str = "", interview_id: int | None = None):
    """Outbox messages for the log, newest first, filtered by the given values (unknown values are ignored by
    the caller); one query for the page, reply counts included.

    The reply count is a correlated sub-query, not a JOIN + GROUP BY, so the paginator's COUNT stays a plain
    count of messages; the encrypted payload, which the list never shows, is not loaded or decrypted."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from wecom.models import InboundReply, OutboxMessage

    replies = (
        InboundReply.objects.filter(message=OuterRef("pk")).order_by().values("message")
        .annotate(n=Count("id")).values("n")
    )
    messages = (
        OutboxMessage.objects.select_related("interview").defer("payload")
        .annotate(reply_count=Coalesce(Subquery(replies, output_field=IntegerField()), Value(0)))
    )
    if status:
        messages = messages.filter(status=status)
    if channel:
        messages = messages.filter(channel=channel)
    if kind:
        messages = messages.filter(kind=kind)
    if interview_id is not None:
        messages = messages.filter(interview_id=interview_id)
    return messages.order_by("-created_at", "-id")


def status_counts() -> dict[str, int]:
    """Messages per status (the log's summary line)."""
    from django.db.models import Count

    from wecom.models import OutboxMessage

    return dict(OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by())
