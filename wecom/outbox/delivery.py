"""Claiming and delivering outbox rows: the mechanism under the outbox's jobs (``wecom.outbox.jobs``).

- **Claim** is one conditional UPDATE (``status = pending AND next_attempt_at <= now`` → ``sending`` with a new
  claim token, ``claimed_at``, ``attempts + 1``). Only the worker whose UPDATE changed the row sends it, so two
  workers (or two jobs for one row) never send one message twice. No transaction is held during the network
  call.
- **Deliver** hands the claimed row to its channel's transport (``wecom.outbox.transports``) and records what
  happened under the retry rule (``wecom.outbox.retry``). Nothing here queues a job.
- **Outage**: an exception of our own infrastructure (Redis, the database connection, a timeout;
  ``hrportal.infrastructure.is_infrastructure_error``) is neither the message's fault nor WeCom's: the row goes back to pending after
  ``retry.outage_delay()`` with its attempt given back, and the outcome ``outage`` tells the drain to stop
  claiming until the infrastructure is back (the sweep starts a new drain then).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.db import connections, router
from django.db.models import F, Q
from django.utils import timezone

from hrportal.infrastructure import is_infrastructure_error
from wecom.models import OutboxMessage
from wecom.outbox.retry import backoff_delay, max_attempts, outage_delay
from wecom.outbox.transports import Delivery, TransportError, transport_for

log = logging.getLogger(__name__)

Status = OutboxMessage.Status


def _claim_sql(where: str, where_params: list, *, now: datetime):
    """``UPDATE … SET sending … WHERE <where> AND status = pending AND due RETURNING *`` for this worker."""
    token = uuid.uuid4().hex
    connection = connections[router.db_for_write(OutboxMessage)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in OutboxMessage._meta.concrete_fields)
    when = connection.ops.adapt_datetimefield_value(now)
    sql = (
        # identifiers come from the model's metadata; every value is a parameter
        f"UPDATE {quote(OutboxMessage._meta.db_table)} SET {quote('status')} = %s, {quote('claim_token')} = %s, "  # noqa: S608
        f"{quote('claimed_at')} = %s, {quote('attempts')} = {quote('attempts')} + 1 "
        f"WHERE {where} AND {quote('status')} = %s AND {quote('next_attempt_at')} <= %s "
        f"RETURNING {columns}"
    )
    params = [Status.SENDING, token, when, *where_params, Status.PENDING, when]
    claimed = list(OutboxMessage.objects.using(connection.alias).raw(sql, params))  # autocommit: one round trip
    return claimed[0] if claimed else None


def claim(message_id: int, *, now: datetime | None = None) -> OutboxMessage | None:
    """Take a due pending row for this worker, or None when it is not pending, not due, or another worker won.

    One conditional ``UPDATE … RETURNING`` (PostgreSQL, and SQLite ≥ 3.35): a concurrent claim on PostgreSQL
    waits for the first one's row lock, then finds ``status`` no longer pending, so exactly one claim changes
    the row; the winner gets the row back in the same round trip.
    """
    return _claim_sql(f"{connections[router.db_for_write(OutboxMessage)].ops.quote_name('id')} = %s",
                      [message_id], now=now or timezone.now())


def claim_next(*, now: datetime | None = None) -> OutboxMessage | None:
    """Take the oldest due pending row, whichever it is (the drain loop), or None when nothing is due.

    On PostgreSQL the row is picked with ``FOR UPDATE SKIP LOCKED`` inside the same statement, so two draining
    workers take different rows instead of queueing behind each other; the outer ``status = pending`` check
    keeps the claim exclusive either way. SQLite serialises writers, so the plain sub-select is enough.
    """
    now = now or timezone.now()
    connection = connections[router.db_for_write(OutboxMessage)]
    quote = connection.ops.quote_name
    table = quote(OutboxMessage._meta.db_table)
    lock = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    when = connection.ops.adapt_datetimefield_value(now)
    pick = (
        f"{quote('id')} = (SELECT {quote('id')} FROM {table} WHERE {quote('status')} = %s "  # noqa: S608
        f"AND {quote('next_attempt_at')} <= %s ORDER BY {quote('next_attempt_at')}, {quote('id')} LIMIT 1{lock})"
    )
    return _claim_sql(pick, [Status.PENDING, when], now=now)


def deliver(message: OutboxMessage, *, now: datetime | None) -> str:
    """Hand a row this worker claimed to its transport and record the outcome: ``sent``, ``retry`` (transient
    error: the row is pending again with ``next_attempt_at`` set on it and on ``message``; the caller schedules
    the retry), ``outage`` (our own infrastructure failed: pending again, attempt not counted, the caller stops
    claiming), ``failed`` (permanent error or the attempts cap) or ``skipped`` (the claim was taken over).

    Guarantee: the outcome is written only while this worker's claim still holds (see ``jobs.sweep``). If even
    that write fails (the database is gone), the exception propagates and the row waits in ``sending`` for the
    sweep's lease: at-least-once, never failed."""
    try:
        delivery = transport_for(message.channel).send(message)
    except TransportError as exc:
        return _record_failure(message, exc, now=now)
    except Exception as exc:
        if is_infrastructure_error(exc):  # Redis, the database connection, a timeout: not the message's fault
            return _record_outage(message, exc, now=now)
        # a bug or bad data in a transport: retrying will not change it
        log.exception("outbox message %s: the %s transport raised", message.pk, message.channel)
        return _record_failure(message, TransportError(f"{type(exc).__name__}: {exc}", permanent=True), now=now)
    return _record_success(message, delivery, now=now)


def _record_outage(message: OutboxMessage, exc: Exception, *, now: datetime | None) -> str:
    retry_at = (now or timezone.now()) + outage_delay()
    log.warning("outbox message %s: infrastructure error, back to pending until %s (attempt not counted): %s: %s",
                message.pk, retry_at.isoformat(), type(exc).__name__, exc)
    updated = OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING,
                                           claim_token=message.claim_token).update(
        status=Status.PENDING, next_attempt_at=retry_at, claim_token="", attempts=F("attempts") - 1,
        last_error=f"infrastructure error (not counted as an attempt): {type(exc).__name__}: {exc}"[:2000],
        last_errcode=None,
    )
    if not updated:
        log.warning("outbox message %s: claim taken over before the outage could be recorded", message.pk)
        return "skipped"
    message.next_attempt_at = retry_at
    message.attempts -= 1
    return "outage"


def release_waiting(channel: str, *, now: datetime | None = None) -> int:
    """The channel answered again: rows of ``channel`` waiting out a backoff after an outage-like error — our
    infrastructure, or the far side unreachable (timeout, refused, HTTP 5xx: no errcode) — are due now instead
    of at their backoff time (which after a 2-minute outage could be minutes away). Rows backing off from an
    errcode (rate limits, busy) keep their time. Returns how many were released."""
    now = now or timezone.now()
    released = OutboxMessage.objects.filter(
        channel=channel, status=Status.PENDING, next_attempt_at__gt=now, last_errcode__isnull=True,
    ).exclude(last_error="").update(next_attempt_at=now)
    if released:
        log.info("outbox: %s answered again; %s waiting message(s) are due now", channel, released)
    return released


def _record_success(message: OutboxMessage, delivery: Delivery, *, now: datetime | None) -> str:
    # Our claim, or a row the sweep has just put back to pending (we did deliver it: do not send it again).
    mine = Q(status=Status.SENDING, claim_token=message.claim_token) | Q(status=Status.PENDING)
    updated = OutboxMessage.objects.filter(mine, pk=message.pk).update(
        status=Status.SENT, sent_at=now or timezone.now(), msgid=delivery.msgid[:128],
        response_code=delivery.response_code[:128], external_ref=delivery.external_ref[:128], claim_token="",
    )
    if not updated:
        log.warning("outbox message %s was delivered but its claim was taken over meanwhile", message.pk)
    else:
        log.info("outbox message %s sent via %s (attempt %s)", message.pk, message.channel, message.attempts)
    return "sent"


def _record_failure(message: OutboxMessage, exc: TransportError, *, now: datetime | None) -> str:
    now = now or timezone.now()
    give_up = exc.permanent or message.attempts >= max_attempts()
    fields = {"last_error": str(exc)[:2000], "last_errcode": exc.errcode, "claim_token": ""}
    if give_up:
        fields["status"] = Status.FAILED
        why = "permanent error" if exc.permanent else f"{message.attempts} attempts"
        log.warning("outbox message %s failed (%s): %s", message.pk, why, exc)
    else:
        retry_at = now + backoff_delay(message.attempts)
        fields.update(status=Status.PENDING, next_attempt_at=retry_at)
        log.info("outbox message %s: transient error (attempt %s), retry at %s: %s",
                 message.pk, message.attempts, retry_at.isoformat(), exc)
    updated = OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING,
                                           claim_token=message.claim_token).update(**fields)
    if not updated:
        log.warning("outbox message %s: claim taken over before the error could be recorded", message.pk)
        return "skipped"
    if give_up:
        return "failed"
    message.next_attempt_at = fields["next_attempt_at"]  # the caller schedules the retry job for this time
    return "retry"
