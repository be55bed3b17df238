"""The outbox's RQ entry points, the loops they run and the functions that queue them.

Life of a row (docs/wecom.md, "Outbox and transports")::

    pending ──claim──▶ sending ──ok──────────▶ sent
       ▲                  │ ├──transient──▶ pending (next_attempt_at = now + backoff), or failed at the cap
       │                  │ └──permanent──▶ failed (message log, HR may retry)
       └── sweep: a row in sending past the lease (worker died mid-send) ── at-least-once
    pending ──cancel_messages──▶ cancelled

- **Backoff** after a transient error (``wecom.outbox.retry``): ``min(cap, base · 2^(attempts-1))`` ±25 %
  jitter. With Redis the retry goes through the drain: ``schedule_drain`` puts one drain job per 5-second
  slot on RQ's scheduler (workers run ``--with-scheduler``), so 1,000 rows failing together come back as a
  handful of drain jobs, not 1,000 jobs; without Redis the sweep sends them.
- **Outage** (our own Redis or database failed, ``hrportal.infrastructure.is_infrastructure_error``): the row is back to pending without
  spending an attempt and the drain **stops claiming** — failing row after row while Redis is down was how a
  restart of Redis turned 698 messages into ``failed``. The sweep starts a new drain once it can.
- **Early jobs**: RQ's scheduler keeps whole seconds only, so a job can start up to 1 s before its time. Every
  scheduled time is rounded *up* to a whole second, and a per-row job that still finds its row pending but
  not yet due schedules itself again for the row's time instead of returning "skipped" (which stranded it).
- **Drain**: a row due now does not get a job of its own; ``wake`` makes sure one ``drain_outbox`` job is
  queued, and that job claims due rows one by one (``delivery.claim_next``, ``FOR UPDATE SKIP LOCKED``) until
  none is left, spreading to ``OUTBOX_DRAIN_CONCURRENCY`` jobs when many are due. Rows due later (reminders,
  backoff retries) keep a per-row job on RQ's scheduler. This keeps the queue overhead per message near zero,
  which is what lets the default forking RQ worker drain thousands of messages quickly.
- **Sweep** (``sweep``; command ``wecom_sweep_outbox``): rows stuck in ``sending`` longer than the lease go
  back to pending, and when due pending rows are left (their job was lost) one drain job is queued. Without
  Redis, ``embedded_tick`` runs it after responses.

Producers never call this module: they write rows with ``wecom.outbox.services.queue_message``.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from hrportal.infrastructure import is_infrastructure_error
from hrportal.queues import (
    drain_started,
    enqueue,
    force_drain,
    get_queue,
    queue_is_idle,
    redis_enabled,
    wake_drain,
)
from wecom.models import OutboxMessage
from wecom.outbox.delivery import claim, claim_next, deliver, release_waiting
from wecom.outbox.retry import lease, max_attempts, setting

log = logging.getLogger(__name__)

OUTBOX_QUEUE = "outbox"
Status = OutboxMessage.Status

DRAIN_NAME = "outbox"
DEFAULT_DRAIN_SECONDS = 60
DEFAULT_DRAIN_CONCURRENCY = 2
DRAIN_SPREAD_MIN_ROWS = 50
DEFAULT_SWEEP_GRACE_SECONDS = 60
DEFAULT_SWEEP_LIMIT = 1000
# Retries due within one slot of this many seconds share one scheduled drain job.
RETRY_SLOT_SECONDS = 5


def send_outbox_message(message_id: int) -> str:
    """Send one outbox row if it is pending, due and this job wins the claim (else do nothing).

    Safe to run any number of times for the same row: see ``send_message``.
    """
    return send_message(message_id)


def drain_outbox(spread: bool = True) -> dict:
    """Send every due outbox row (see ``wake``): first lets later rows wake a new job, spreads to
    more workers when many rows are due, then drains for at most ``OUTBOX_DRAIN_SECONDS`` and wakes a
    successor if rows may be left."""
    drain_started(DRAIN_NAME)
    if spread:
        spread_drain()
    counts = drain(max_seconds=drain_seconds())
    if counts["more"]:
        wake()
    return counts


def wake(message_id: int | None = None) -> None:
    """A row became due now: make sure a drain job is on its way (``hrportal.queues.wake_drain``: one waiting
    job at most, so a burst of 10,000 rows makes a handful of jobs, not 10,000). Without Redis the row is sent
    here and now, in-process."""
    if not redis_enabled():
        if message_id is not None:
            schedule_send(message_id)
        return
    try:
        wake_drain(drain_outbox, name=DRAIN_NAME, queue=OUTBOX_QUEUE, ttl=int(lease().total_seconds()))
    except Exception as exc:
        if not is_infrastructure_error(exc):
            raise
        # The row is committed; the page that queued it must not fail. The sweep queues a drain once Redis is back.
        log.warning("outbox: could not wake the drain (%s: %s); the sweep will send message %s",
                    type(exc).__name__, exc, message_id)


def _whole_second_after(at: datetime) -> datetime:
    """``at`` rounded up to a whole second: RQ's scheduler drops the fraction, which would start a job early."""
    return at if at.microsecond == 0 else at.replace(microsecond=0) + timedelta(seconds=1)


def schedule_drain(at: datetime) -> None:
    """A drain job at ``at`` (rounded up to the next ``RETRY_SLOT_SECONDS`` slot), shared by every retry due in
    that slot: the retry of a row flows through the drain instead of a job per row. Without Redis nothing
    happens (the sweep sends due rows)."""
    if not redis_enabled():
        return
    slot = math.ceil(at.timestamp() / RETRY_SLOT_SECONDS) * RETRY_SLOT_SECONDS
    when = datetime.fromtimestamp(slot, tz=UTC)
    # One id per slot: scheduling it again for another row of the slot only re-saves the same job.
    get_queue(OUTBOX_QUEUE).enqueue_at(when, drain_outbox, job_id=f"{DRAIN_NAME}-drain-at-{slot}")


def spread_drain(*, now: datetime | None = None) -> int:
    """When many rows are due, queue extra drain jobs (``OUTBOX_DRAIN_CONCURRENCY`` in all) so every outbox
    worker helps; the extra jobs do not spread again. Returns how many were queued."""
    if not redis_enabled():
        return 0
    concurrency = max(1, setting("OUTBOX_DRAIN_CONCURRENCY", DEFAULT_DRAIN_CONCURRENCY))
    if concurrency <= 1:
        return 0
    due = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now or timezone.now())
    if due[:DRAIN_SPREAD_MIN_ROWS].count() < DRAIN_SPREAD_MIN_ROWS:
        return 0
    for _ in range(concurrency - 1):
        force_drain(drain_outbox, name=DRAIN_NAME, queue=OUTBOX_QUEUE, spread=False)
    return concurrency - 1


def drain_seconds() -> float:
    return float(setting("OUTBOX_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS))


def schedule_send(message_id: int, *, at: datetime | None = None, job_id: str | None = None) -> None:
    """Enqueue the send job for one row (idempotent while a job for it is pending).

    ``at`` in the future: with Redis the job is scheduled with RQ's ``enqueue_at``; without Redis nothing
    happens now and the sweep sends the row once it is due. ``job_id`` overrides the default id
    (``outbox-<id>``), e.g. for the job that hands over from one that started early. (Retries do not come
    here: they go through ``schedule_drain``.)
    """
    if job_id is None:
        job_id = f"outbox-{message_id}"
    if at is not None and at > timezone.now():
        if redis_enabled():
            get_queue(OUTBOX_QUEUE).enqueue_at(_whole_second_after(at), send_outbox_message, message_id, job_id=job_id)
        return
    enqueue(send_outbox_message, message_id, queue=OUTBOX_QUEUE, job_id=job_id)


# --- claim and send ------------------------------------------------------------------------------------


def send_message(message_id: int, *, now: datetime | None = None) -> str:
    """Claim one row and send it through its channel's transport; returns what happened:
    ``sent``, ``retry`` (transient error, back to pending with backoff), ``outage`` (our infrastructure failed:
    back to pending, attempt not counted), ``failed`` (permanent error or the attempts cap), ``rescheduled``
    (pending but not due yet — the job started early: queued again for the row's time) or ``skipped`` (not
    pending, or claimed by another worker).

    Guarantee: a row is handed to its transport only by the worker that claimed it; the outcome is written
    only while that claim still holds (see ``sweep`` for what happens when it does not). A pending row is
    never left without a job: a job that comes too early hands over to one at the row's time.
    """
    now_ = now or timezone.now()
    message = claim(message_id, now=now_)
    if message is None:
        due_at = (OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING)
                  .values_list("next_attempt_at", flat=True).first())
        if due_at is not None and due_at > now_ and redis_enabled():
            schedule_send(message_id, at=due_at, job_id=f"outbox-{message_id}-at-{due_at.timestamp():.0f}")
            log.info("outbox message %s not due until %s: its job came early, queued again", message_id,
                     due_at.isoformat())
            return "rescheduled"
        log.debug("outbox message %s not claimed (not pending, not due, or taken)", message_id)
        return "skipped"
    return _deliver_and_follow_up(message, now=now)


def _deliver_and_follow_up(message: OutboxMessage, *, now: datetime | None) -> str:
    outcome = deliver(message, now=now)
    if outcome in ("retry", "outage"):
        try:
            schedule_drain(message.next_attempt_at)
        except Exception as exc:
            if not is_infrastructure_error(exc):
                raise
            # Redis is down: the row is pending with its time set; the sweep queues a drain once Redis is back.
            log.warning("outbox message %s: retry not scheduled (%s); the sweep will queue it", message.pk, exc)
    return outcome


def drain(*, now: datetime | None = None, max_messages: int | None = None, max_seconds: float | None = None) -> dict:
    """Send due pending rows one after another until none is due (or a budget is spent).

    Same guarantees per row as ``send_message``; many drains may run at once. The first message a channel
    accepts releases that channel's rows waiting out an outage (``delivery.release_waiting``). Stops at the first ``outage``
    (our infrastructure failing) instead of failing row after row. Returns counts per outcome plus ``more`` =
    True when it stopped on a budget with rows possibly still due."""
    counts = {"sent": 0, "retry": 0, "outage": 0, "failed": 0, "skipped": 0, "more": False}
    started = time.monotonic()
    done = 0
    released: set[str] = set()
    while True:
        if (max_messages is not None and done >= max_messages) or (
            max_seconds is not None and time.monotonic() - started >= max_seconds
        ):
            counts["more"] = True
            break
        message = claim_next(now=now)
        if message is None:
            break
        outcome = _deliver_and_follow_up(message, now=now)
        counts[outcome] += 1
        done += 1
        if outcome == "sent" and message.channel not in released:
            # The first success on a channel in this drain: rows that were waiting out an outage of it come
            # along now instead of at their backoff time (recovery in seconds, not minutes).
            released.add(message.channel)
            release_waiting(message.channel, now=now)
        if outcome == "outage":
            # Our own Redis or database is failing: every further row would fail the same way. Stop claiming;
            # the sweep (or the retry's scheduled drain) starts a new drain once the infrastructure is back.
            log.warning("outbox drain stopped after an infrastructure error; %s sent before it", counts["sent"])
            break
    return counts


# --- sweep ---------------------------------------------------------------------------------------------


def sweep(*, now: datetime | None = None, limit: int = DEFAULT_SWEEP_LIMIT) -> dict[str, int]:
    """Recover what a lost job or a dead worker left behind. Idempotent; safe to run often and on many hosts.

    1. Rows in ``sending`` whose claim is older than the lease (the worker died mid-send) go back to pending,
       or to failed when they used their last attempt. WeCom has no idempotency key, so such a message may
       already have been delivered: we choose at-least-once (a rare duplicate) over at-most-once (a silently
       lost invitation or reminder).
    2. Due pending rows are queued again (with Redis only those due for more than ``OUTBOX_SWEEP_GRACE_SECONDS``,
       so a job that is merely waiting in the queue is not doubled; a doubled job would be harmless anyway —
       unless the outbox queue is idle, no job waiting or running, as after Redis came back empty: then at once).
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

    grace = timedelta(seconds=setting("OUTBOX_SWEEP_GRACE_SECONDS", DEFAULT_SWEEP_GRACE_SECONDS)) \
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
        if not counts["queued"] and grace and queue_is_idle(OUTBOX_QUEUE):
            # Nothing waits in the outbox queue and nothing runs there (e.g. Redis came back empty after an
            # outage): rows due now need no grace, nobody else will take them.
            counts["queued"] = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)[:limit].count()
        if counts["queued"]:
            force_drain(drain_outbox, name=DRAIN_NAME, queue=OUTBOX_QUEUE)
    else:
        for outcome in ("sent", "retry", "outage", "failed", "skipped", "rescheduled"):
            counts[outcome] = 0
        for pk, _attempts in [*recovered_attempts, *due]:
            outcome = send_message(pk, now=now)
            counts[outcome] += 1
            if outcome == "outage":
                break  # the next sweep tries again
    return counts


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
