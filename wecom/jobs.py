"""RQ entry points of the WeCom app (small, idempotent, take ids)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from wecom.callbacks import CallbackMessage, handler_for
from wecom.models import CallbackEvent

log = logging.getLogger(__name__)


def process_callback_event(event_id: int) -> str:
    """Run the registered handler for a stored callback, once.

    The row is locked and must still be ``received``: a second job for the same event (an enqueue race,
    a requeued job) finds it processed and does nothing. The handler runs in a savepoint; if it raises,
    its writes are rolled back and the event is marked ``failed`` with the error, for a person to look
    at (no automatic retry: a handler may already have called WeCom). Returns the event's final status.
    """
    with transaction.atomic():
        event = CallbackEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            log.warning("WeCom callback event %s no longer exists", event_id)
            return "missing"
        if event.status != CallbackEvent.Status.RECEIVED:
            log.info("WeCom callback event %s is already %s; nothing to do", event_id, event.status)
            return event.status
        handler = None
        try:
            message = CallbackMessage.from_fields(event.fields)
            handler = handler_for(message)
            with transaction.atomic():
                handler(message)
        except Exception as exc:
            log.exception("WeCom callback event %s failed in %s", event_id, getattr(handler, "__name__", handler))
            event.status = CallbackEvent.Status.FAILED
            event.error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            event.status = CallbackEvent.Status.PROCESSED
            event.error = ""
        event.processed_at = timezone.now()
        event.save(update_fields=["status", "error", "processed_at"])
        return event.status


def send_outbox_message(message_id: int) -> str:
    """Send one outbox row if it is pending, due and this job wins the claim (else do nothing).

    Safe to run any number of times for the same row: see ``wecom.outbox.send_message``.
    """
    from wecom import outbox

    return outbox.send_message(message_id)


def drain_outbox(spread: bool = True) -> dict:
    """Send every due outbox row (see ``wecom.outbox.wake``): first lets later rows wake a new job, spreads to
    more workers when many rows are due, then drains for at most ``OUTBOX_DRAIN_SECONDS`` and wakes a
    successor if rows may be left."""
    from wecom import outbox

    outbox.drain_started()
    if spread:
        outbox.spread_drain()
    counts = outbox.drain(max_seconds=outbox.drain_seconds())
    if counts["more"]:
        outbox.wake()
    return counts


def sweep_outbox() -> dict[str, int]:
    """Periodic safety net: re-queue due rows whose job was lost and rows stuck in sending past the lease."""
    from wecom import outbox

    return outbox.sweep()
