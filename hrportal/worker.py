"""The RQ worker class the portal runs (``settings.RQ["WORKER_CLASS"]``; ``manage.py rqworker`` picks it up).

Two differences from RQ's own ``Worker``, both about noticing and containing a dead worker (issue 24):

- **It heartbeats every ``RQ_JOB_MONITORING_SECONDS`` (default 10) while a job runs** instead of RQ's 30, so the
  periodic check (``hrportal.queues.job_is_alive``) can tell within ~30 s that the worker of a started job is
  gone and the run or batch is re-queued within a minute, not after a 10-minute heartbeat staleness.
- **Its work horse dies with it.** RQ forks a horse per job in a process group of its own, so a ``kill -9`` of
  the worker left the horse running on, still writing (the fault tests saw it fail 170 outbox rows a second).
  On Linux the horse asks the kernel for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); elsewhere the
  deployment's process supervision must do it (docs/operations.md: compose, systemd ``KillMode``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from django.conf import settings
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


class Worker(RQWorker):
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
