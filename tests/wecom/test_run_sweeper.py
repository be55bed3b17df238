"""manage.py run_sweeper: one process runs every periodic check; a failing step (Redis down) does not stop the
others or the loop."""

from __future__ import annotations

import pytest
import redis
from django.core.management import call_command

from tests.wecom.outbox_fixtures import new_rows, wecom_on  # noqa: F401 - fixture
from wecom.management.commands import run_sweeper
from wecom.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_one_round_runs_every_sweep_and_survives_a_failing_one(wecom_on, monkeypatch):  # noqa: F811
    def down(**_kwargs):
        raise redis.exceptions.ConnectionError("Connection refused")

    ran = []
    monkeypatch.setattr(run_sweeper, "close_old_connections", lambda: None)  # the test's transaction stays open
    monkeypatch.setattr(run_sweeper, "sweep_callbacks", down)
    monkeypatch.setattr(run_sweeper, "resume_stalled_runs", lambda: ran.append("runs") or [])
    [pk] = new_rows("lisi", 1, prefix="sweeper")

    call_command("run_sweeper", "--once")

    assert OutboxMessage.objects.get(pk=pk).status == "sent"  # embedded mode: the outbox sweep sends due rows
    assert ran == ["runs"]  # the step after the failing one still ran
