"""Writes for the WeCom app."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from hrportal.queues import force_drain, redis_enabled, wake_drain
from wecom import conf
from wecom.callbacks.registry import KNOWN_MSG_TYPES, CallbackMessage
from wecom.models import CallbackEvent
from wecom.outbox import selectors

log = logging.getLogger(__name__)


def ignore_reason(message: CallbackMessage) -> str:
    """Why this callback will not be acted on ("" when it will): another app, an unknown sender or
    a message type we do not know."""
    own_agent = conf.agent_id()
    if own_agent is not None and message.agent_id and message.agent_id != str(own_agent):
        return f"AgentID {message.agent_id} is not this app ({own_agent})"
    if message.msg_type not in KNOWN_MSG_TYPES:
        return f"unknown MsgType {message.msg_type!r}"
    if not selectors.is_known_wecom_user(message.from_user):
        return f"sender {message.from_user!r} is not an employee's WeCom account"
    return ""


def record_callback(*, message: CallbackMessage) -> tuple[CallbackEvent, bool]:
    """Store a verified, decrypted callback once and have it handled once.

    Guarantees: every delivery of the same callback (WeCom retries up to three times; two web workers
    may receive copies at the same moment) maps to one ``CallbackEvent`` row by its de-duplication key;
    the row is the work item: once it is committed, ``wake_callback_processing`` makes sure a drain job
    (``wecom.jobs.process_callback_events``) will handle it, and the sweep finds it should that job be lost.
    Callbacks from other apps, unknown senders or of unknown types are stored as ``ignored`` (so their
    retries are recognised too) and never reach a handler. Returns ``(event, created)``.
    """
    reason = ignore_reason(message)
    # Insert first: a new delivery is the common case, a retry the exception (unique key → IntegrityError).
    try:
        with transaction.atomic():
            event = CallbackEvent.objects.create(
                dedupe_key=message.dedupe_key,
                msg_type=message.msg_type[:32],
                event=message.event[:64],
                from_user=message.from_user[:64],
                agent_id=message.agent_id[:32],
                payload=json.dumps(message.fields, ensure_ascii=False),
                status=CallbackEvent.Status.IGNORED if reason else CallbackEvent.Status.RECEIVED,
                error=reason,
            )
        created = True
    except IntegrityError:
        event, created = CallbackEvent.objects.get(dedupe_key=message.dedupe_key), False
    if not created:
        log.info("WeCom callback %s is a repeated delivery of event %s; not acted on again", event.dedupe_key, event.pk)
    elif reason:
        log.warning("WeCom callback %s ignored: %s", event.dedupe_key, reason)
    else:
        event_id = event.pk
        transaction.on_commit(lambda: wake_callback_processing(event_id))
    return event, created


CALLBACK_DRAIN_NAME = "wecom-callbacks"
DEFAULT_CALLBACK_DRAIN_SECONDS = 60
DEFAULT_CALLBACK_SWEEP_GRACE_SECONDS = 60


def callback_drain_seconds() -> float:
    return float(getattr(settings, "WECOM_CALLBACK_DRAIN_SECONDS", None) or DEFAULT_CALLBACK_DRAIN_SECONDS)


def wake_callback_processing(event_id: int | None = None) -> None:
    """A callback was stored: with Redis make sure one drain job is waiting (``hrportal.queues.wake_drain``,
    one Redis command per callback in the common case); without Redis handle this event here and now."""
    from wecom.jobs import process_callback_event, process_callback_events

    if not redis_enabled():
        if event_id is not None:
            process_callback_event(event_id)
        return
    wake_drain(process_callback_events, name=CALLBACK_DRAIN_NAME, queue="default")


def sweep_callbacks(*, now=None) -> int:
    """Safety net for callbacks whose drain job was lost (a killed worker, Redis flushed): events still
    ``received`` after a grace period are handled by a new drain job (with Redis) or here (without).
    Returns how many were waiting."""
    from wecom.jobs import process_callback_event, process_callback_events

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
