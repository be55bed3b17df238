"""The RQ worker class the portal runs (``settings.RQ["WORKER_CLASS"]``; ``manage.py rqworker`` picks it up).

Three differences from RQ's own ``Worker``, about noticing and containing a dead worker and recovering from a
Redis outage (issue 24); the third: an idle worker retries an unreachable Redis every 5 s at most (RQ: 60 s).

- **It heartbeats every ``RQ_JOB_MONITORING_SECONDS`` (default 10) while a job runs** instead of RQ's 30, so the
  periodic check (``hrportal.queues.job_is_alive``) can tell within ~30 s that the worker of a started job is
  gone and the run or batch is re-queued within a minute, not after a 10-minute heartbeat staleness.
- **Its children die with it.** RQ forks a horse per job in a process group of its own (and, with
  ``--with-scheduler``, a scheduler process), so a ``kill -9`` of the worker left them running on, still writing
  (the fault tests saw an orphaned horse fail 170 outbox rows a second). On Linux both ask the kernel for SIGKILL
  when their parent dies (``PR_SET_PDEATHSIG``); elsewhere the deployment's process supervision must do it
  (docs/operations.md: compose ``init``, systemd ``KillMode=control-group``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from django.conf import settings
from rq.defaults import DEFAULT_LOGGING_DATE_FORMAT, DEFAULT_LOGGING_FORMAT
from rq.scheduler import RQScheduler
from rq.worker import Worker as RQWorker

DEFAULT_JOB_MONITORING_SECONDS = 10
PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; exit at once if the parent is already gone.
    Returns False where the call does not exist (not Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent_pid:  # the parent died between fork() and prctl()
        os._exit(1)
    return True


class Scheduler(RQScheduler):
    """RQ's scheduler process, dying with the worker that forked it."""

    worker_pid: int = 0

    def work(self):
        die_with_parent(self.worker_pid or os.getppid())
        return super().work()


class Worker(RQWorker):
    # While Redis is unreachable an idle worker retries with a doubling wait; RQ caps it at 60 s, which alone
    # could delay recovery after an outage by a minute. 5 s costs one connection attempt per 5 s.
    max_connection_wait_time = 5.0

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("job_monitoring_interval", int(
            getattr(settings, "RQ_JOB_MONITORING_SECONDS", None) or DEFAULT_JOB_MONITORING_SECONDS))
        super().__init__(*args, **kwargs)

    def fork_work_horse(self, job, queue):
        self._horse_parent_pid = os.getpid()
        super().fork_work_horse(job, queue)

    def main_work_horse(self, job, queue):
        die_with_parent(getattr(self, "_horse_parent_pid", os.getppid()))
        return super().main_work_horse(job, queue)

    def _start_scheduler(self, burst: bool = False, logging_level: str | None = "INFO",
                         date_format: str = DEFAULT_LOGGING_DATE_FORMAT, log_format: str = DEFAULT_LOGGING_FORMAT):
        """RQ's own ``_start_scheduler`` (rq 3.0), with ``Scheduler`` instead of ``RQScheduler``."""
        self.scheduler = Scheduler(
            self.queues, connection=self.connection,
            logging_level=logging_level if logging_level is not None else self.log.level,
            date_format=date_format, log_format=log_format, serializer=self.serializer,
        )
        self.scheduler.worker_pid = os.getpid()
        self.scheduler.acquire_locks()
        if self.scheduler.acquired_locks:
            if burst:
                try:
                    self.scheduler.register_birth()
                    self.scheduler.enqueue_scheduled_jobs()
                finally:
                    self.scheduler.release_locks()
                    self.scheduler.register_death()
            else:
                self.scheduler.start()
