"""Handling stored WeCom callbacks: the RQ entry points, the drain loop they run, and the functions that
wake them (small, idempotent, take ids). ``services.record_callback`` stores a callback and wakes a drain;
the handler for each message type comes from the registry (``wecom.callbacks.registry``)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hrportal.infrastructure import is_infrastructure_error
from hrportal.queues import drain_started, force_drain, redis_enabled, wake_drain
from wecom.callbacks.registry import CallbackMessage, handler_for
from wecom.models import CallbackEvent

log = logging.getLogger(__name__)

CALLBACK_DRAIN_NAME = "wecom-callbacks"
DEFAULT_CALLBACK_DRAIN_SECONDS = 60
DEFAULT_CALLBACK_SWEEP_GRACE_SECONDS = 60


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
    transaction back and the event is simply taken by the next drain. Woken by ``wake_callback_processing`` when
    ``services.record_callback`` stores a callback and by the sweep for events left behind. Returns counts per final status."""
    drain_started(CALLBACK_DRAIN_NAME)
    budget = callback_drain_seconds() if max_seconds is None else max_seconds
    started = time.monotonic()
    counts: dict[str, int] = {}
    while True:
        if time.monotonic() - started >= budget:
            wake_callback_processing()  # a successor takes the rest
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
        if is_infrastructure_error(exc):
            # Redis or the database failed, not the event: the caller's transaction rolls back, the event
            # stays received and the sweep gives it a new drain job once the infrastructure is back.
            raise
        log.exception("WeCom callback event %s failed in %s", event.pk, getattr(handler, "__name__", handler))
        event.status = CallbackEvent.Status.FAILED
        event.error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        event.status = CallbackEvent.Status.PROCESSED
        event.error = ""
    event.processed_at = timezone.now()
    event.save(update_fields=["status", "error", "processed_at"])
    return event.status


def callback_drain_seconds() -> float:
    return float(getattr(settings, "WECOM_CALLBACK_DRAIN_SECONDS", None) or DEFAULT_CALLBACK_DRAIN_SECONDS)


def wake_callback_processing(event_id: int | None = None) -> None:
    """A callback was stored: with Redis make sure one drain job is waiting (``hrportal.queues.wake_drain``,
    one Redis command per callback in the common case); without Redis handle this event here and now."""
    if not redis_enabled():
        if event_id is not None:
            process_callback_event(event_id)
        return
    wake_drain(process_callback_events, name=CALLBACK_DRAIN_NAME, queue="default")


def sweep_callbacks(*, now=None) -> int:
    """Safety net for callbacks whose drain job was lost (a killed worker, Redis flushed): events still
    ``received`` after a grace period are handled by a new drain job (with Redis) or here (without).
    Returns how many were waiting."""
    now = now or timezone.now()
    grace = getattr(settings, "WECOM_CALLBACK_SWEEP_GRACE_SECONDS", None) or DEFAULT_CALLBACK_SWEEP_GRACE_SECONDS
    waiting = list(
        CallbackEvent.objects.filter(status=CallbackEvent.Status.RECEIVED, received_at__lt=now - timedelta(seconds=grace))
        .order_by("received_at", "id").values_list("pk", flat=True)[:1000]
    )
    if waiting and redis_enabled():
        force_drain(process_callback_events, name=CALLBACK_DRAIN_NAME, queue="default")
    else:
        for pk in waiting:
            process_callback_event(pk)
    return len(waiting)
