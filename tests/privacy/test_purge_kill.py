"""A purge killed with SIGKILL in the middle (issue 19 item 5, "survives a crash"): a real
``manage.py purge_expired_candidates`` process against PostgreSQL is killed after a few batches; the next start
continues the same run and ends with every candidate purged, exact counts and one audit record."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hrportal.models import AuditLog, PurgeRun
from recruiting.models import Candidate
from tests.conftest import wait_other_sessions_gone, worker_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
N = 400


def test_a_purge_killed_mid_way_is_continued_by_the_next_start(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a killed process needs a database it shares with the test: run with DATABASE_URL (PostgreSQL)")
    expired = timezone.localdate() - dt.timedelta(days=1)
    Candidate.objects.bulk_create([Candidate(name=f"杀进程{i}", phone=f"1370000{i:04d}", retention_until=expired)
                                   for i in range(N)])
    env = worker_env(PRIVACY_PURGE_BATCH="1", MEDIA_ROOT=str(tmp_path))
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen([sys.executable, "manage.py", "purge_expired_candidates", "--json"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if PurgeRun.objects.filter(batches__gte=3).exists() or proc.poll() is not None:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    wait_other_sessions_gone()
    run = PurgeRun.objects.get()
    assert run.status == "running" and 3 <= run.purged < N, (run.purged, proc.returncode)
    assert Candidate.objects.filter(purged_at__isnull=False).count() == run.purged  # counters commit with rows

    out = io.StringIO()
    call_command("purge_expired_candidates", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"purged": N, "files_removed": 0, "skipped": 0, "dry_run": False}
    assert PurgeRun.objects.get().status == "done"
    assert AuditLog.objects.filter(object_type="privacy.purge_run").count() == 1
    assert not Candidate.objects.filter(purged_at=None).exists()
