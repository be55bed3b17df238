"""Processes the fault-injection tests and bench/faults.py start, break and restart — all on loopback.

- ``RedisServer``: our own ``redis-server`` on a free port (no persistence: a restart comes back empty, the
  worst case), killed with SIGKILL and started again on the same port;
- ``Supervisor``: keeps an ``rqworker --with-scheduler`` running as docker compose (``restart: unless-stopped``)
  or systemd (``Restart=always``) would: when it exits it is started again after ``restart_delay`` seconds;
  ``kill_parent()`` is a ``kill -9`` of the worker process only;
- ``alive`` (with ``tests.conftest.descendants``) to see what a killed process left behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import worker_env as shared_worker_env

ROOT = Path(__file__).resolve().parents[2]


def scale(name: str, default: int) -> int:
    """A count from the environment (``FAULTS_MESSAGES`` …): CI-sized defaults, the bench passes bigger ones."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate: Callable[[], object], *, timeout: float, interval: float = 0.2, what: str = "a condition"):
    """Poll ``predicate`` until it returns something true; raise TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for(self.answers, timeout=20, what=f"redis-server on port {self.port}")
        return self

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.exceptions.RedisError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()


def worker_env(*, redis_url: str, **extra) -> dict:
    """``tests.conftest.worker_env`` with the fault tests' own Redis and a quiet log."""
    return shared_worker_env(redis_url=redis_url, LOG_LEVEL=os.environ.get("FAULTS_WORKER_LOG_LEVEL", "WARNING"),
                             **extra)


class Supervisor:
    """Keeps one ``manage.py rqworker --with-scheduler <queues>`` running (restarted ``restart_delay`` s after it
    exits, like compose's ``restart: unless-stopped``). Each incarnation runs in a session of its own; when it
    ends, whatever is left of its process group (the scheduler child) is killed, as a container stop would."""

    def __init__(self, env: dict, queues: tuple[str, ...], *, restart_delay: float = 1.0, log: Path | None = None,
                 reap_group: bool = True):
        self.env, self.queues, self.restart_delay = env, queues, restart_delay
        self.reap_group = reap_group  # False: leave a dead worker's children alone (to see whether they die by themselves)
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="worker-supervisor", daemon=True)

    def start(self) -> Supervisor:
        self._thread.start()
        wait_for(lambda: self.proc is not None, timeout=10, what="the first worker")
        return self

    def _spawn(self) -> subprocess.Popen:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
        return subprocess.Popen(
            [sys.executable, "manage.py", "rqworker", "--with-scheduler", *self.queues], cwd=ROOT, env=self.env,
            stdout=out, stderr=subprocess.STDOUT if self.log else subprocess.DEVNULL, start_new_session=True,
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                self.proc = self._spawn()
                self.starts += 1
            proc = self.proc
            while proc.poll() is None and not self._stop.is_set():
                time.sleep(0.1)
            if self.reap_group or self._stop.is_set():
                self._kill_group(proc)
            self._stop.wait(self.restart_delay)

    @staticmethod
    def _kill_group(proc: subprocess.Popen) -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def kill_parent(self) -> int:
        """``kill -9`` of the worker process alone (not its group); returns its pid."""
        with self._lock:
            pid = self.proc.pid
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        self._stop.set()
        if self.proc is not None:
            self._kill_group(self.proc)
        self._thread.join(timeout=20)


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has finished


def kill_worker(supervisor: Supervisor) -> list[int]:
    """``kill -9`` of the supervised worker alone; returns the pids of its children (work horse, scheduler)
    as they were, once they have died with it (they must not act on as orphans)."""
    from tests.conftest import descendants

    children = [pid for pid in descendants(supervisor.proc.pid) if alive(pid)]
    supervisor.kill_parent()
    wait_for(lambda: not any(alive(pid) for pid in children), timeout=10, what="the orphaned horse and scheduler to die")
    return children


def reap(pids: list[int]) -> None:
    """SIGKILL whatever of ``pids`` still runs (the test's clean-up when an assertion failed half-way)."""
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
