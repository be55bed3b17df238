"""Stored callbacks are handled by a drain job: a burst of callbacks costs one queue job, not one each, and a
callback whose job was lost is found again by the sweep.

The loop runs in-process on any database; the real RQ path (callbacks posted → one job → a worker handles
each once) and two drains racing run on PostgreSQL + Redis.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import run_at_once, run_rq_worker_burst
from tests.fakes.fake_wecom import FakeClock, FakeWeCom
from tests.wecom.test_callback import employee, post, text_xml
from wecom.callbacks import jobs as services_jobs
from wecom.callbacks import registry as callbacks
from wecom.callbacks.jobs import process_callback_events
from wecom.callbacks.registry import CallbackMessage
from wecom.models import CallbackEvent


def _fake(settings) -> FakeWeCom:
    server = FakeWeCom(clock=FakeClock(start=time.time()))
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    settings.WECOM_CALLBACK_MAX_AGE = 300
    return server


@pytest.fixture
def fake(settings):
    settings.REDIS_URL = ""
    return _fake(settings)


@pytest.fixture
def fake_with_redis(settings, redis_url):
    return _fake(settings)


@pytest.fixture
def recorded(monkeypatch):
    """Text messages are recorded (thread-safe: list.append) instead of handled by the product."""
    seen: list[CallbackMessage] = []
    monkeypatch.setitem(callbacks._HANDLERS, ("text", ""), seen.append)
    return seen


def stored(dedupe_key: str, *, sender: str = "zhangsan", content: str = "确认", age: dt.timedelta = dt.timedelta(0),
           status: str = CallbackEvent.Status.RECEIVED) -> CallbackEvent:
    """A callback row as the endpoint stores it (without waking anything)."""
    message = CallbackMessage.from_fields({
        "ToUserName": "corp", "FromUserName": sender, "CreateTime": "1", "MsgType": "text", "Content": content,
        "MsgId": dedupe_key,
    })
    return CallbackEvent.objects.create(
        dedupe_key=message.dedupe_key, msg_type="text", from_user=sender, payload=message_json(message),
        status=status, received_at=timezone.now() - age,
    )


def message_json(message: CallbackMessage) -> str:
    import json

    return json.dumps(message.fields, ensure_ascii=False)


@pytest.mark.django_db
def test_drain_handles_every_waiting_callback_once_oldest_first(recorded):
    second = stored("m2", content="第二", age=dt.timedelta(seconds=5))
    first = stored("m1", content="第一", age=dt.timedelta(seconds=10))
    done = stored("m0", content="早已处理", status=CallbackEvent.Status.PROCESSED)
    ignored = stored("mx", content="别的应用", status=CallbackEvent.Status.IGNORED)

    counts = process_callback_events()

    assert counts == {"processed": 2}
    assert [m.fields["Content"] for m in recorded] == ["第一", "第二"]
    assert set(CallbackEvent.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {
        "processed"}
    assert CallbackEvent.objects.get(pk=done.pk).status == "processed"
    assert CallbackEvent.objects.get(pk=ignored.pk).status == "ignored"
    assert process_callback_events() == {}  # nothing left: a second drain does nothing


@pytest.mark.django_db
def test_a_failing_handler_fails_its_event_and_the_drain_goes_on(monkeypatch):
    def handler(message):
        if message.fields["Content"] == "坏":
            raise RuntimeError("handler bug")

    monkeypatch.setitem(callbacks._HANDLERS, ("text", ""), handler)
    bad = stored("b1", content="坏", age=dt.timedelta(seconds=3))
    good = stored("g1", content="好")

    assert process_callback_events() == {"failed": 1, "processed": 1}
    bad.refresh_from_db()
    assert bad.status == "failed" and "handler bug" in bad.error
    assert CallbackEvent.objects.get(pk=good.pk).status == "processed"


@pytest.mark.django_db
def test_drain_stops_when_its_time_is_spent(recorded):
    stored("t1")
    assert process_callback_events(max_seconds=0) == {}
    assert CallbackEvent.objects.get().status == "received"


@pytest.mark.django_db
def test_sweep_handles_callbacks_left_waiting_but_not_fresh_ones(recorded):
    old = stored("s1", content="被遗忘", age=dt.timedelta(minutes=2))
    fresh = stored("s2", content="刚到", age=dt.timedelta(seconds=5))

    assert services_jobs.sweep_callbacks() == 1

    assert CallbackEvent.objects.get(pk=old.pk).status == "processed"
    assert CallbackEvent.objects.get(pk=fresh.pk).status == "received"  # its own job may still be on its way
    assert [m.fields["Content"] for m in recorded] == ["被遗忘"]


@pytest.mark.django_db
def test_without_redis_a_posted_callback_is_handled_at_once(client, fake, recorded, django_capture_on_commit_callbacks):
    employee("zhangsan")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, *fake.build_callback(text_xml(fake, msg_id="7001")))
    assert response.status_code == 200 and response.content == b""
    assert CallbackEvent.objects.get().status == "processed"
    assert len(recorded) == 1


# --- the real queue (PostgreSQL + Redis) ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_callbacks_queues_one_job_and_a_worker_handles_each_once(client, fake_with_redis):
    from hrportal.queues import get_queue

    if connection.vendor != "postgresql":
        pytest.skip("a worker subprocess needs PostgreSQL")
    fake = fake_with_redis
    employee("zhangsan")
    for i in range(20):
        params, body = fake.build_callback(text_xml(fake, msg_id=f"80{i:02d}"))
        for _ in range(2 if i % 5 == 0 else 1):  # some are WeCom's repeated deliveries
            assert post(client, params, body).status_code == 200
    queue = get_queue("default")
    assert queue.count == 1  # one drain job for the whole burst
    assert CallbackEvent.objects.filter(status="received").count() == 20

    finished = run_rq_worker_burst("default", env_overrides=fake.django_settings())

    assert finished.returncode == 0, finished.stderr[-3000:]
    assert Counter(CallbackEvent.objects.values_list("status", flat=True)) == Counter({"processed": 20})
    # the job cleared its marker when it started: the next callback wakes a new job
    params, body = fake.build_callback(text_xml(fake, msg_id="8100"))
    assert post(client, params, body).status_code == 200
    assert queue.count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_lost_drain_job_is_replaced_by_the_sweep(client, fake_with_redis):
    from django.core.management import call_command

    from hrportal.queues import get_queue

    if connection.vendor != "postgresql":
        pytest.skip("a worker subprocess needs PostgreSQL")
    fake = fake_with_redis
    employee("zhangsan")
    params, body = fake.build_callback(text_xml(fake, msg_id="9001"))
    assert post(client, params, body).status_code == 200
    queue = get_queue("default")
    queue.empty()  # the job is lost (Redis flushed, or its worker killed before it started); the marker stays
    CallbackEvent.objects.update(received_at=timezone.now() - dt.timedelta(minutes=5))

    call_command("wecom_sweep_outbox")  # the periodic safety net (cron / compose sweeper)

    assert queue.count == 1
    finished = run_rq_worker_burst("default", env_overrides=fake.django_settings())
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert CallbackEvent.objects.get().status == "processed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_drains_at_once_handle_each_callback_once(recorded):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent drains are tested on PostgreSQL: run with DATABASE_URL")
    for i in range(40):
        stored(f"pair{i}", content=f"并发 {i}")
    results = run_at_once(process_callback_events)

    assert sum(r.get("processed", 0) for r in results) == 40
    assert Counter(m.fields["Content"] for m in recorded) == Counter({f"并发 {i}": 1 for i in range(40)})
    assert set(CallbackEvent.objects.values_list("status", flat=True)) == {"processed"}


@pytest.mark.django_db
def test_an_infrastructure_error_in_a_handler_leaves_the_event_received(fake, monkeypatch):
    """Issue 24: the database or Redis failing inside a handler is not the event's fault: it is not marked
    failed (which nobody retries) but stays received for the next drain."""
    from django.db import OperationalError

    def down(message):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(callbacks._HANDLERS, ("text", ""), down)
    event = stored("infra-1")
    with pytest.raises(OperationalError):
        process_callback_events()
    event.refresh_from_db()
    assert event.status == CallbackEvent.Status.RECEIVED and event.error == ""
