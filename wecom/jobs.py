"""RQ entry points of the WeCom app (small, idempotent, take ids)."""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone

from hrportal.queues import drain_started
from wecom.callbacks.registry import CallbackMessage, handler_for
from wecom.models import CallbackEvent

log = logging.getLogger(__name__)


def process_callback_event(event_id: int) -> str:
    """Run the registered handler for one stored callback, once (the embedded mode, and tests).

    The row is locked and must still be ``received``: a second run for the same event finds it processed and
    does nothing. Returns the event's final status, or ``missing``."""
    with transaction.atomic():
        event = CallbackEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            log.warning("WeCom callback event %s no longer exists", event_id)
            return "missing"
        if event.status != CallbackEvent.Status.RECEIVED:
            log.info("WeCom callback event %s is already %s; nothing to do", event_id, event.status)
            return event.status
        return _run_handler(event)


def process_callback_events(max_seconds: float | None = None) -> dict[str, int]:
    """Drain job: handle every ``received`` callback, oldest first, until none is left.

    Each event is taken in its own transaction with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL), so two drain
    jobs never handle one event and never wait for each other; a worker killed mid-handler rolls its
    transaction back and the event is simply taken by the next drain. Woken by ``wecom.callbacks.services`` when a
    callback is stored and by the sweep for events left behind. Returns counts per final status."""
    from wecom.callbacks import services

    drain_started(services.CALLBACK_DRAIN_NAME)
    budget = services.callback_drain_seconds() if max_seconds is None else max_seconds
    started = time.monotonic()
    counts: dict[str, int] = {}
    while True:
        if time.monotonic() - started >= budget:
            services.wake_callback_processing()  # a successor takes the rest
            break
        with transaction.atomic():
            event = (
                CallbackEvent.objects.select_for_update(skip_locked=True)
                .filter(status=CallbackEvent.Status.RECEIVED).order_by("received_at", "id").first()
            )
            if event is None:
                break
            status = _run_handler(event)
        counts[status] = counts.get(status, 0) + 1
    return counts


def _run_handler(event: CallbackEvent) -> str:
    """Inside the caller's transaction, with ``event`` locked and ``received``: run its handler in a savepoint.

    If the handler raises, its writes are rolled back and the event is marked ``failed`` with the error, for a
    person to look at (no automatic retry: a handler may already have called WeCom)."""
    handler = None
    try:
        message = CallbackMessage.from_fields(event.fields)
        handler = handler_for(message)
        with transaction.atomic():
            handler(message)
    except Exception as exc:
        log.exception("WeCom callback event %s failed in %s", event.pk, getattr(handler, "__name__", handler))
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

    Safe to run any number of times for the same row: see ``wecom.outbox.services.send_message``.
    """
    from wecom.outbox import services as outbox

    return outbox.send_message(message_id)


def drain_outbox(spread: bool = True) -> dict:
    """Send every due outbox row (see ``wecom.outbox.services.wake``): first lets later rows wake a new job, spreads to
    more workers when many rows are due, then drains for at most ``OUTBOX_DRAIN_SECONDS`` and wakes a
    successor if rows may be left."""
    from wecom.outbox import services as outbox

    drain_started(outbox.DRAIN_NAME)
    if spread:
        outbox.spread_drain()
    counts = outbox.drain(max_seconds=outbox.drain_seconds())
    if counts["more"]:
        outbox.wake()
    return counts


def sweep_outbox() -> dict[str, int]:
    """Periodic safety net: re-queue due rows whose job was lost and rows stuck in sending past the lease, and
    callbacks whose drain job was lost."""
    from wecom.callbacks import services
    from wecom.outbox import services as outbox

    counts = outbox.sweep()
    counts["callbacks"] = services.sweep_callbacks()
    return counts
