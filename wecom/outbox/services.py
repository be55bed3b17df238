"""The outbox: every outbound message is a row written in the business change's transaction.

``queue_message`` is the only way code sends anything (invitations, cards, reminders, notices): it writes an
``OutboxMessage`` (unique ``dedupe_key``: queuing the same thing twice returns the existing row) and, once
the transaction commits, enqueues the send job. Claiming, sending, backoff and the sweep live below.

Life of a row (docs/wecom.md, "Outbox and transports")::

    pending ──claim──▶ sending ──ok──────────▶ sent
       ▲                  │ ├──transient──▶ pending (next_attempt_at = now + backoff), or failed at the cap
       │                  │ └──permanent──▶ failed (message log, HR may retry)
       └── sweep: a row in sending past the lease (worker died mid-send) ── at-least-once
    pending ──cancel_messages──▶ cancelled

- **Claim** is one conditional UPDATE (``status = pending AND next_attempt_at <= now`` → ``sending`` with a new
  claim token, ``claimed_at``, ``attempts + 1``). Only the worker whose UPDATE changed the row sends it, so two
  workers (or two jobs for one row) never send one message twice. No transaction is held during the network
  call.
- **Backoff** after a transient error: ``min(cap, base · 2^(attempts-1))`` ±25 % jitter. With Redis the retry is
  scheduled with RQ's ``enqueue_at`` (workers run ``--with-scheduler``); without Redis the sweep sends it.
- **Drain**: a row due now does not get a job of its own; ``wake`` makes sure one ``drain_outbox`` job is
  queued, and that job claims due rows one by one (``claim_next``, ``FOR UPDATE SKIP LOCKED``) until none is
  left, spreading to ``OUTBOX_DRAIN_CONCURRENCY`` jobs when many are due. Rows due later (reminders, backoff
  retries) keep a per-row job on RQ's scheduler. This keeps the queue overhead per message near zero, which
  is what lets the default forking RQ worker drain thousands of messages quickly.
- **Sweep** (``sweep``; command ``wecom_sweep_outbox``): rows stuck in ``sending`` longer than the lease go
  back to pending, and when due pending rows are left (their job was lost) one drain job is queued.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from hrportal import audit
from hrportal.queues import enqueue, force_drain, get_queue, redis_enabled, wake_drain
from wecom.models import OutboxMessage
from wecom.outbox.transports import Delivery, TransportError, transport_for

log = logging.getLogger(__name__)

OUTBOX_QUEUE = "outbox"
Status = OutboxMessage.Status

# Defaults of the OUTBOX_* settings (docs/wecom.md): 30 s, 1 min, 2 min … capped at 1 h; the 8th attempt
# is the last (about an hour of retries in all); a send may take 5 minutes before the sweep takes it back.
DEFAULT_BACKOFF_BASE_SECONDS = 30
DEFAULT_BACKOFF_CAP_SECONDS = 3600
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_LEASE_SECONDS = 300
DEFAULT_SWEEP_GRACE_SECONDS = 60
DEFAULT_SWEEP_LIMIT = 1000
JITTER = 0.25


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    return default if value in (None, "") else int(value)


def max_attempts() -> int:
    return max(1, _setting("OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def lease() -> timedelta:
    return timedelta(seconds=_setting("OUTBOX_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def backoff_delay(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """How long to wait after the ``attempts``-th attempt failed transiently (never above the cap)."""
    base = _setting("OUTBOX_BACKOFF_BASE_SECONDS", DEFAULT_BACKOFF_BASE_SECONDS)
    cap = _setting("OUTBOX_BACKOFF_CAP_SECONDS", DEFAULT_BACKOFF_CAP_SECONDS)
    delay = min(cap, base * 2 ** (max(attempts, 1) - 1))
    jittered = delay * (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return timedelta(seconds=min(cap, jittered))


# --- queueing ------------------------------------------------------------------------------------------


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


DRAIN_NAME = "outbox"
DEFAULT_DRAIN_SECONDS = 60
DEFAULT_DRAIN_CONCURRENCY = 2
DRAIN_SPREAD_MIN_ROWS = 50


def wake(message_id: int | None = None) -> None:
    """A row became due now: make sure a drain job is on its way (``hrportal.queues.wake_drain``: one waiting
    job at most, so a burst of 10,000 rows makes a handful of jobs, not 10,000). Without Redis the row is sent
    here and now, in-process."""
    if not redis_enabled():
        if message_id is not None:
            schedule_send(message_id)
        return
    from wecom.jobs import drain_outbox

    wake_drain(drain_outbox, name=DRAIN_NAME, queue=OUTBOX_QUEUE, ttl=int(lease().total_seconds()))


def spread_drain(*, now: datetime | None = None) -> int:
    """When many rows are due, queue extra drain jobs (``OUTBOX_DRAIN_CONCURRENCY`` in all) so every outbox
    worker helps; the extra jobs do not spread again. Returns how many were queued."""
    from wecom.jobs import drain_outbox

    if not redis_enabled():
        return 0
    concurrency = max(1, _setting("OUTBOX_DRAIN_CONCURRENCY", DEFAULT_DRAIN_CONCURRENCY))
    if concurrency <= 1:
        return 0
    due = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now or timezone.now())
    if due[:DRAIN_SPREAD_MIN_ROWS].count() < DRAIN_SPREAD_MIN_ROWS:
        return 0
    for _ in range(concurrency - 1):
        force_drain(drain_outbox, name=DRAIN_NAME, queue=OUTBOX_QUEUE, spread=False)
    return concurrency - 1


def drain_seconds() -> float:
    return float(_setting("OUTBOX_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS))


def schedule_send(
    message_id: int, *, at: datetime | None = None, attempt: int | None = None, job_id: str | None = None,
) -> None:
    """Enqueue the send job for one row (idempotent while a job for it is pending).

    ``at`` in the future: with Redis the job is scheduled with RQ's ``enqueue_at``; without Redis nothing
    happens now and the sweep sends the row once it is due. ``attempt`` gives a retry its own job id (the
    job that failed is still running when it schedules the retry, and would swallow a same-id enqueue);
    ``job_id`` overrides the id altogether (the sweep's).
    """
    from wecom.jobs import send_outbox_message  # the job module imports this one

    if job_id is None:
        job_id = f"outbox-{message_id}" if attempt is None else f"outbox-{message_id}-retry{attempt}"
    if at is not None and at > timezone.now():
        if redis_enabled():
            get_queue(OUTBOX_QUEUE).enqueue_at(at, send_outbox_message, message_id, job_id=job_id)
        return
    enqueue(send_outbox_message, message_id, queue=OUTBOX_QUEUE, job_id=job_id)


# --- claim and send ------------------------------------------------------------------------------------


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


def send_message(message_id: int, *, now: datetime | None = None) -> str:
    """Claim one row and send it through its channel's transport; returns what happened:
    ``sent``, ``retry`` (transient error, back to pending with backoff), ``failed`` (permanent error or the
    attempts cap), or ``skipped`` (not pending, not due yet, or claimed by another worker).

    Guarantee: a row is handed to its transport only by the worker that claimed it; the outcome is written
    only while that claim still holds (see ``sweep`` for what happens when it does not).
    """
    message = claim(message_id, now=now)
    if message is None:
        log.debug("outbox message %s not claimed (not pending, not due, or taken)", message_id)
        return "skipped"
    return _deliver(message, now=now)


def _deliver(message: OutboxMessage, *, now: datetime | None) -> str:
    """Hand a row this worker claimed to its transport and record the outcome."""
    try:
        delivery = transport_for(message.channel).send(message)
    except TransportError as exc:
        return _record_failure(message, exc, now=now)
    except Exception as exc:  # a bug or bad data in a transport: retrying will not change it
        log.exception("outbox message %s: the %s transport raised", message.pk, message.channel)
        return _record_failure(message, TransportError(f"{type(exc).__name__}: {exc}", permanent=True), now=now)
    return _record_success(message, delivery, now=now)


def drain(*, now: datetime | None = None, max_messages: int | None = None, max_seconds: float | None = None) -> dict:
    """Send due pending rows one after another until none is due (or a budget is spent).

    Same guarantees per row as ``send_message``; many drains may run at once. Returns counts per outcome plus
    ``more`` = True when it stopped on a budget with rows possibly still due."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "more": False}
    started = time.monotonic()
    done = 0
    while True:
        if (max_messages is not None and done >= max_messages) or (
            max_seconds is not None and time.monotonic() - started >= max_seconds
        ):
            counts["more"] = True
            break
        message = claim_next(now=now)
        if message is None:
            break
        counts[_deliver(message, now=now)] += 1
        done += 1
    return counts


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
    schedule_send(message.pk, at=fields["next_attempt_at"], attempt=message.attempts)
    return "retry"


# --- sweep, cancel, retry --------------------------------------------------------------------------------


def sweep(*, now: datetime | None = None, limit: int = DEFAULT_SWEEP_LIMIT) -> dict[str, int]:
    """Recover what a lost job or a dead worker left behind. Idempotent; safe to run often and on many hosts.

    1. Rows in ``sending`` whose claim is older than the lease (the worker died mid-send) go back to pending,
       or to failed when they used their last attempt. WeCom has no idempotency key, so such a message may
       already have been delivered: we choose at-least-once (a rare duplicate) over at-most-once (a silently
       lost invitation or reminder).
    2. Due pending rows are queued again (with Redis only those due for more than ``OUTBOX_SWEEP_GRACE_SECONDS``,
       so a job that is merely waiting in the queue is not doubled; a doubled job would be harmless anyway).
       Without Redis they are sent here and now.

    Returns counts: ``recovered``, ``expired`` (failed at the cap), ``queued`` (with Redis) or ``sent`` /
    ``retry`` / ``failed`` / ``skipped`` (in-process).
    """
    now = now or timezone.now()
    counts = {"recovered": 0, "expired": 0}
    stale = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=now - lease())
    recovered: list[int] = []
    recovered_attempts: list[tuple[int, int]] = []
    for pk, token, attempts in stale.values_list("pk", "claim_token", "attempts")[:limit]:
        out_of_attempts = attempts >= max_attempts()
        updated = OutboxMessage.objects.filter(pk=pk, status=Status.SENDING, claim_token=token).update(
            status=Status.FAILED if out_of_attempts else Status.PENDING,
            next_attempt_at=now, claim_token="",
            last_error="sending did not finish within the lease (worker stopped?); may have been delivered",
        )
        if updated and out_of_attempts:
            counts["expired"] += 1
        elif updated:
            counts["recovered"] += 1
            recovered.append(pk)
            recovered_attempts.append((pk, attempts))
    if counts["recovered"] or counts["expired"]:
        log.warning("outbox sweep: %s stuck message(s) back to pending, %s failed at the attempts cap",
                    counts["recovered"], counts["expired"])

    grace = timedelta(seconds=_setting("OUTBOX_SWEEP_GRACE_SECONDS", DEFAULT_SWEEP_GRACE_SECONDS)) \
        if redis_enabled() else timedelta(0)
    due = list(
        OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now - grace)
        .exclude(pk__in=recovered).order_by("next_attempt_at", "pk").values_list("pk", "attempts")[:limit]
    )
    if redis_enabled():
        # One drain job takes every due row (a new job id each time: a lost job's id may still look "started"
        # in Redis because its worker was killed). It is queued whatever the wake marker says: the marker
        # may belong to the very job that was lost.
        counts["queued"] = len(recovered) + len(due)
        if counts["queued"]:
            from wecom.jobs import drain_outbox

            force_drain(drain_outbox, name=DRAIN_NAME, queue=OUTBOX_QUEUE)
    else:
        for outcome in ("sent", "retry", "failed", "skipped"):
            counts[outcome] = 0
        for pk, _attempts in [*recovered_attempts, *due]:
            counts[send_message(pk, now=now)] += 1
    return counts


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


# --- the embedded default: no Redis, no scheduler ---------------------------------------------------------

_last_tick = [0.0]


def embedded_tick_interval() -> int:
    """Seconds between in-process sweeps without Redis: ``OUTBOX_EMBEDDED_SWEEP_SECONDS``, by default 30 under
    DEBUG (``make run``) and 0 = off otherwise (production without Redis runs ``wecom_sweep_outbox`` from cron)."""
    value = getattr(settings, "OUTBOX_EMBEDDED_SWEEP_SECONDS", None)
    if value in (None, ""):
        return 30 if settings.DEBUG else 0
    return int(value)


def embedded_tick(**_signal_kwargs) -> None:
    """``request_finished`` receiver: without Redis, run the sweep at most once per interval after a response
    has gone out, so ``make run`` sends backoff retries and due reminders without a worker, a thread or cron."""
    interval = embedded_tick_interval()
    if interval <= 0 or redis_enabled():
        return
    now = time.monotonic()
    if now - _last_tick[0] < interval:
        return
    _last_tick[0] = now
    try:
        counts = sweep(limit=100)
    except Exception:  # never let the tick break the server; the next one tries again
        log.exception("embedded outbox sweep failed")
        return
    if any(counts.values()):
        log.info("embedded outbox sweep: %s", counts)
