"""The outbox: every outbound message is a row written in the business change's transaction.

``queue_message`` is the only way code sends anything (invitations, cards, reminders, notices): it writes an
``OutboxMessage`` (unique ``dedupe_key``: queuing the same thing twice returns the existing row) and, once
the transaction commits, enqueues the send job. Claiming, sending, backoff and the sweep live below.
"""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from hrportal.queues import enqueue
from wecom.models import OutboxMessage

log = logging.getLogger(__name__)


def queue_message(
    *, channel: str, kind: str, payload: dict, dedupe_key: str, address: str = "", recipient_user=None,
    recipient_candidate=None, recipient_label: str = "", interview=None, not_before=None,
) -> tuple[OutboxMessage, bool]:
    """Write one outbound message (or find the one already queued under ``dedupe_key``).

    Returns (message, created). ``payload`` is the channel's body (see docs/wecom.md, "Payloads");
    ``not_before`` delays the first attempt (reminders). The send job is enqueued on commit.
    """
    existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel, kind=kind, payload=json.dumps(payload, ensure_ascii=False), dedupe_key=dedupe_key,
                address=address, recipient_user=recipient_user, recipient_candidate=recipient_candidate,
                recipient_label=recipient_label[:100], interview=interview,
                next_attempt_at=not_before or timezone.now(),
            )
    except IntegrityError:
        return OutboxMessage.objects.get(dedupe_key=dedupe_key), False
    if not_before is None or not_before <= timezone.now():
        transaction.on_commit(lambda: schedule_send(message.pk))
    return message, True


def schedule_send(message_id: int) -> None:
    """Enqueue the send job for one row (idempotent while a job for it is pending)."""
    from wecom.jobs import send_outbox_message  # the job module imports this one

    enqueue(send_outbox_message, message_id, job_id=f"outbox-{message_id}")
