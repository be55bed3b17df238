"""The outbox's producer side: every outbound message is a row written in the business change's transaction.

``queue_message`` is the only way code sends anything (invitations, cards, reminders, notices): it writes an
``OutboxMessage`` (unique ``dedupe_key``: queuing the same thing twice returns the existing row) and, once
the transaction commits, wakes the outbox's jobs (``wecom.outbox.jobs``). The outbox knows nothing of what
its messages are about: producers hand it a channel, a payload and a dedupe key.
"""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from hrportal import audit
from wecom.models import OutboxMessage
from wecom.outbox.jobs import schedule_send, wake

log = logging.getLogger(__name__)

Status = OutboxMessage.Status


def queue_message(
    *, channel: str, kind: str, payload: dict, dedupe_key: str, address: str = "", recipient_user=None,
    recipient_candidate=None, recipient_label: str = "", interview=None, not_before=None,
) -> tuple[OutboxMessage, bool]:
    """Write one outbound message (or find the one already queued under ``dedupe_key``).

    Returns (message, created). ``payload`` is the channel's body (see docs/wecom.md, "Payloads");
    ``not_before`` delays the first attempt (reminders). The send job is enqueued on commit (at
    ``not_before`` through RQ's scheduler when that is in the future; the sweep is the safety net).
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
        transaction.on_commit(lambda: wake(message.pk))
    else:
        transaction.on_commit(lambda: schedule_send(message.pk, at=not_before))
    return message, True


def cancel_messages(*, interview, kinds) -> int:
    """Cancel the interview's pending messages of these kinds (e.g. reminders when it is cancelled or
    moved). Only pending rows change: a message already being sent or sent cannot be taken back. A
    cancelled row is never claimed. Returns how many were cancelled."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    cancelled = OutboxMessage.objects.filter(interview=interview, kind__in=kinds, status=Status.PENDING).update(
        status=Status.CANCELLED, claim_token="",
    )
    if cancelled:
        log.info("cancelled %s pending %s message(s) of interview %s", cancelled, "/".join(kinds), interview.pk)
    return cancelled


class NotRetryable(Exception):
    """Only failed or cancelled messages can be sent again."""


RETRYABLE = (Status.FAILED, Status.CANCELLED)


@transaction.atomic
def retry_message(*, message: OutboxMessage, by, request=None) -> OutboxMessage:
    """Put a failed or cancelled message back to pending, due now, keeping its attempts (so a message
    that failed at the cap gets exactly one more try), audit who did it, and queue it on commit.
    Raises ``NotRetryable`` for any other status."""
    locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status not in RETRYABLE:
        raise NotRetryable(f"message {locked.pk} is {locked.status}")
    previous = locked.status
    locked.status = Status.PENDING
    locked.next_attempt_at = timezone.now()
    locked.claim_token = ""
    locked.save(update_fields=["status", "next_attempt_at", "claim_token"])
    audit.record(action="change", obj=locked, fields=["status"], request=request, actor=by,
                 note=f"retry: {previous} → pending after {locked.attempts} attempt(s)")
    transaction.on_commit(lambda: wake(locked.pk))
    return locked
