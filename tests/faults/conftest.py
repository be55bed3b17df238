"""The standing fault-injection suite (marker ``faults``): real processes broken on purpose — our own
redis-server killed and restarted mid-drain, the fake WeCom server refusing / answering 503 / busy errcodes,
``kill -9`` of an RQ worker mid-job, database connections terminated mid-batch.

Selected only with ``-m faults`` (``.ci/run`` has a step for it, on PostgreSQL + Redis): ``make test`` deselects
them, so nothing runs twice. Sizes scale with ``FAULTS_MESSAGES`` / ``FAULTS_APPLICATIONS`` (CI-sized
defaults; bench/faults.py runs the full-size scenarios).
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.conftest import wait_other_sessions_gone
from tests.faults.harness import RedisServer


def pytest_collection_modifyitems(config, items):
    if "faults" in (config.getoption("markexpr") or ""):
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("faults") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("fault tests share the database with worker processes: run with DATABASE_URL (PostgreSQL)")


@pytest.fixture
def own_redis(settings, postgres):
    """A redis-server of this test's own on a free loopback port; the portal in this process points at it."""
    server = RedisServer().start()
    settings.REDIS_URL = server.url
    settings.RQ_QUEUES = {name: {"URL": server.url, "DEFAULT_TIMEOUT": 3600} for name in ("default", "screening", "outbox")}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}}
    yield server
    server.kill()


@pytest.fixture
def fast_retries(settings):
    """Retry timing scaled down for tests (the same values go to the workers' environment)."""
    values = {"OUTBOX_BACKOFF_BASE_SECONDS": 2, "OUTBOX_SWEEP_GRACE_SECONDS": 3, "OUTBOX_LEASE_SECONDS": 20,
              "OUTBOX_MAX_ATTEMPTS": 8}
    for name, value in values.items():
        setattr(settings, name, value)
    return {name: str(value) for name, value in values.items()}


@pytest.fixture
def sessions_gone():
    yield
    wait_other_sessions_gone()


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default
