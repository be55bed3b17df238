"""Writes for the WeCom app."""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction

from hrportal.queues import enqueue
from wecom import conf, selectors
from wecom.callbacks import KNOWN_MSG_TYPES, CallbackMessage
from wecom.models import CallbackEvent

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


@transaction.atomic
def record_callback(*, message: CallbackMessage) -> tuple[CallbackEvent, bool]:
    """Store a verified, decrypted callback once and hand it to a job once.

    Guarantees: every delivery of the same callback (WeCom retries up to three times; two web workers
    may receive copies at the same moment) maps to one ``CallbackEvent`` row by its de-duplication key;
    only the delivery that created the row enqueues ``wecom.jobs.process_callback_event``, after the
    transaction commits. Callbacks from other apps, unknown senders or of unknown types are stored as
    ``ignored`` (so their retries are recognised too) and never reach a job. Returns ``(event, created)``.
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
        transaction.on_commit(lambda: _enqueue_processing(event.pk))
    return event, created


def _enqueue_processing(event_id: int) -> None:
    from wecom.jobs import process_callback_event

    # No job_id: only the delivery that created the row gets here, so there is nothing to deduplicate in
    # Redis (and the job itself ignores an event that is no longer ``received``); a job_id would cost an
    # extra Redis round trip per callback.
    enqueue(process_callback_event, event_id, queue="default")
