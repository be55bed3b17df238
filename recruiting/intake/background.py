"""Intake in the embedded default (no Redis): the upload request returns at once and the batch is taken in
by a background thread of the same process, with the same progress page as with RQ (issue 14 item 5: a
5,000-entry zip held the request for 244 s, past any production-like server timeout).

- The thread starts only once the batch is committed (``transaction.on_commit``); a caller that holds a
  transaction of its own and cannot commit it first (the test runner, a management command inside
  ``atomic``) gets the job run inline instead, because another thread could not see the uncommitted rows.
- One batch at a time per process (a semaphore): two big uploads do not compete for SQLite's write lock;
  the second waits as "queued" and its page shows that.
- The thread closes its database connections when it ends (each thread has its own connection in Django).
- A transient database error (SQLite's "database is locked" while another connection writes) is not the end
  of the batch: the thread takes it up again a few times, a little later each time.
- A process that exits mid-batch leaves it "running" with a stale heartbeat: ``resume_stalled_intakes``
  (the sweep, ``manage.py resume_screening_runs``) takes it up again without loss or repeat.

``wait_for_background_intakes()`` joins the running threads: tests use it to finish deterministically.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connection, connections, transaction

from hrportal.infrastructure import is_infrastructure_error

logger = logging.getLogger(__name__)

TRANSIENT_ATTEMPTS = 5  # a locked database or a dropped connection: tried again, 0.2 s, 0.4 s, … apart
TRANSIENT_PAUSE = 0.2

_one_at_a_time = threading.BoundedSemaphore(1)
_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def enabled() -> bool:
    """Background threads in the embedded default unless INTAKE_IN_BACKGROUND is off (then inline)."""
    return bool(getattr(settings, "INTAKE_IN_BACKGROUND", True))


def run_embedded(batch_id: int, job) -> None:
    """Run ``job(batch_id)`` in a background thread after commit, or inline when that is impossible."""
    if not enabled() or connection.in_atomic_block:
        job(batch_id)
        return
    transaction.on_commit(lambda: _start(batch_id, job))


def _start(batch_id: int, job) -> None:
    thread = threading.Thread(target=_run, args=(batch_id, job), name=f"intake-{batch_id}", daemon=True)
    with _threads_lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        _threads.append(thread)
    thread.start()


def _run(batch_id: int, job) -> None:
    try:
        with _one_at_a_time:
            for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
                try:
                    job(batch_id)
                    return
                except Exception as exc:
                    # SQLite answers "database is locked" while another connection writes: the job is resumable
                    # (done documents stay done), so take the batch up again after a short pause.
                    if not is_infrastructure_error(exc) or attempt == TRANSIENT_ATTEMPTS:
                        raise
                    logger.warning("background intake of batch %s: %s; again in %.1f s (attempt %s)",
                                   batch_id, exc, attempt * TRANSIENT_PAUSE, attempt)
                    connections.close_all()
                    time.sleep(attempt * TRANSIENT_PAUSE)
    except Exception:  # noqa: BLE001 — a thread has no caller to raise to; the sweep resumes the batch
        logger.exception("background intake of batch %s failed", batch_id)
    finally:
        connections.close_all()


def wait_for_background_intakes(timeout: float | None = 60) -> None:
    """Join every intake thread started so far (tests; a clean shutdown)."""
    with _threads_lock:
        pending = list(_threads)
    for thread in pending:
        thread.join(timeout)
