"""Storing WeCom callbacks: checked, deduplicated, then handed to the drain (``wecom.callbacks.jobs``)."""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction

from recruiting.models import Employee
from wecom import conf
from wecom.callbacks.jobs import wake_callback_processing
from wecom.callbacks.registry import CallbackMessage
from wecom.models import CallbackEvent
from wecom.protocol.crypto import CallbackCrypto
from wecom.protocol.events import KNOWN_MSG_TYPES
from wecom.sandbox import mode as sandbox_mode

log = logging.getLogger(__name__)


def is_known_wecom_user(userid: str) -> bool:
    """True when ``userid`` is an employee's WeCom account (WeCom userids are case-insensitive)."""
    if not userid:
        return False
    return Employee.objects.filter(wecom_userid__iexact=userid).exists()


def ignore_reason(message: CallbackMessage) -> str:
    """Why this callback will not be acted on ("" when it will): another app, an unknown sender or
    a message type we do not know."""
    own_agent = conf.agent_id()
    if own_agent is not None and message.agent_id and message.agent_id != str(own_agent):
        return f"AgentID {message.agent_id} is not this app ({own_agent})"
    if message.msg_type not in KNOWN_MSG_TYPES:
        return f"unknown MsgType {message.msg_type!r}"
    if not is_known_wecom_user(message.from_user):
        return f"sender {message.from_user!r} is not an employee's WeCom account"
    return ""


def record_callback(*, message: CallbackMessage) -> tuple[CallbackEvent, bool]:
    """Store a verified, decrypted callback once and have it handled once.

    Guarantees: every delivery of the same callback (WeCom retries up to three times; two web workers
    may receive copies at the same moment) maps to one ``CallbackEvent`` row by its de-duplication key;
    the row is the work item: once it is committed, ``wake_callback_processing`` makes sure a drain job
    (``wecom.callbacks.jobs.process_callback_events``) will handle it, and the sweep finds it should that job be lost.
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


def callback_crypto() -> CallbackCrypto | None:
    """The crypto the callback endpoint verifies and decrypts with, or None when callbacks are off.

    The one place the endpoint gets its token/key/corp id from: the configured app's
    (``WECOM_TOKEN`` / ``WECOM_ENCODING_AES_KEY`` / ``WECOM_CORP_ID``); when WeCom is not configured at all,
    the sandbox's own (``wecom.sandbox.mode.crypto()``), so the sandbox phone's clicks run the same view.
    """
    if conf.callback_configured():
        return conf.get_callback_crypto()
    if sandbox_mode.is_active():
        return sandbox_mode.crypto()
    return None
