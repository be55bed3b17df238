"""Outbox under faults, with real processes: a supervised ``rqworker --with-scheduler outbox`` (restarted when it
exits, as compose/systemd do), our own redis-server, the fake WeCom server, and this test acting as the
``sweeper`` (``wecom_sweep_outbox`` every 2 s; failures while Redis is down are ignored, as the loop does).

Asserted: no message ends failed or stranded, every message is delivered — exactly once where nothing was in
flight at the fault, at most the in-flight rows twice otherwise (at-least-once, docs/wecom.md) — and recovery
needs no person within a stated time.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.faults.conftest import env_float
from tests.faults.harness import Supervisor, scale, wait_for, worker_env
from tests.wecom.outbox_fixtures import contents, new_rows
from wecom.models import OutboxMessage
from wecom.outbox import jobs as outbox_jobs

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

MESSAGES = scale("FAULTS_MESSAGES", 300)
RECOVERY_LIMIT = 60.0  # seconds after the fault ends (issue 24's target)


def _statuses(ids) -> Counter:
    return Counter(OutboxMessage.objects.filter(pk__in=ids).values_list("status", flat=True))


def _sweep_quietly() -> None:
    try:
        outbox_jobs.sweep()
    except Exception:  # noqa: BLE001 - Redis is down: the sweeper's loop just tries again
        pass


def _until_all_sent(ids, *, timeout: float, sweep_every: float = 2.0) -> float:
    """Run the sweeper until every row is sent; returns the seconds it took."""
    started = last = time.monotonic()
    while True:
        statuses = _statuses(ids)
        assert statuses.get("failed", 0) == 0, f"failed rows: {statuses}"
        if statuses.get("sent", 0) == len(ids):
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"not all sent {timeout:.0f} s after recovery: {statuses}")
        if time.monotonic() - last >= sweep_every:
            _sweep_quietly()
            last = time.monotonic()
        time.sleep(0.2)


@pytest.fixture
def worker(own_redis, fast_retries, fake_wecom, settings, sessions_gone, tmp_path):
    for name, value in fake_wecom.django_settings().items():
        setattr(settings, name, value)
    env = worker_env(redis_url=own_redis.url,
                     OUTBOX_DRAIN_CONCURRENCY="1", **fast_retries, **fake_wecom.django_settings())
    supervisor = Supervisor(env, ("outbox",), log=tmp_path / "worker.log").start()
    yield supervisor
    supervisor.stop()


def test_redis_killed_mid_drain_fails_and_loses_nothing(own_redis, worker, fake_wecom):
    ids = new_rows("lisi", MESSAGES, prefix="redis-kill")
    fake_wecom.start_outage("slow", delay=0.01)  # ~100 messages/s at most: the kill lands mid-drain
    outbox_jobs.wake()
    wait_for(lambda: _statuses(ids).get("sent", 0) >= MESSAGES // 5, timeout=60, what="the drain to be under way")

    own_redis.kill()
    outage = env_float("FAULTS_REDIS_OUTAGE_SECONDS", 5)
    end = time.monotonic() + outage
    while time.monotonic() < end:
        assert _statuses(ids).get("failed", 0) == 0  # used to turn every unsent row failed within seconds
        _sweep_quietly()
        time.sleep(0.5)
    in_flight = _statuses(ids).get("sending", 0)
    own_redis.start()  # empty: --save "" (the worst case: every queued job is gone)

    seconds = _until_all_sent(ids, timeout=RECOVERY_LIMIT + 60)

    print(f"\nfaults: Redis killed {outage:.0f} s mid-drain: all {MESSAGES} sent {seconds:.1f} s after it returned "
          f"({in_flight} in flight, worker started {worker.starts}x)")
    assert seconds < RECOVERY_LIMIT, f"{seconds:.1f} s after Redis returned"
    delivered = Counter(contents(fake_wecom))
    assert set(delivered) == {f"redis-kill-{i}" for i in range(MESSAGES)}  # none lost
    assert sum(delivered.values()) - MESSAGES <= in_flight + 1  # at-least-once only for rows in flight


@pytest.mark.parametrize("mode", ["refused", "http503", "busy-errcode"])
def test_wecom_outage_recovers_without_a_person(worker, fake_wecom, mode):
    ids = new_rows("lisi", MESSAGES, prefix=f"wecom-{mode}")
    if mode == "busy-errcode":
        # 8 messages answered "system busy" 3 times (the client's inline retries sleep 0.5 + 1 s each time)
        fake_wecom.fail_next("message/send", -1, times=3 * 8)
    else:
        fake_wecom.start_outage(mode)
    outbox_jobs.wake()
    outage = env_float("FAULTS_WECOM_OUTAGE_SECONDS", 8)
    end = time.monotonic() + outage
    while time.monotonic() < end:
        _sweep_quietly()
        time.sleep(1)
    fake_wecom.end_outage()

    seconds = _until_all_sent(ids, timeout=RECOVERY_LIMIT + 60)

    print(f"\nfaults: WeCom {mode} for {outage:.0f} s: all {MESSAGES} sent {seconds:.1f} s after recovery")
    assert seconds < RECOVERY_LIMIT, f"{seconds:.1f} s after WeCom came back"
    # Refused / 503 / errcode answers deliver nothing, so every message arrived exactly once.
    assert Counter(contents(fake_wecom)) == Counter({f"wecom-{mode}-{i}": 1 for i in range(MESSAGES)})
    retried = OutboxMessage.objects.filter(pk__in=ids, attempts__gt=1).count()
    assert retried > 0  # the outage was real
