"""Webhooks: business events become outbox rows of the ``webhook`` channel, delivered (with retries and a
message-log entry) to a real local HTTP server that verifies the HMAC signature the way docs/api.md tells
receivers to."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.models import WebhookSubscription
from api.webhooks import signing
from recruiting.models import Application, Candidate
from wecom.models import OutboxMessage

SECRET = "whsec-test-0123456789abcdef"


def receiver_verifies(secret: str, headers, body: bytes, now: float | None = None) -> bool:
    """The receiver's side exactly as documented: recompute over the raw body, compare, reject > 5 min skew."""
    timestamp = headers.get("X-Hrportal-Timestamp", "")
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    fresh = timestamp.isdigit() and abs((now or time.time()) - int(timestamp)) <= 300
    return fresh and hmac.compare_digest(expected, headers.get("X-Hrportal-Signature", ""))


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it got and answers ``status``."""

    def __init__(self):
        self.received: list[tuple[dict, bytes, bool]] = []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers.items())
                outer.received.append((headers, body, receiver_verifies(SECRET, headers, body)))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def subscription(db, receiver):
    return WebhookSubscription.objects.create(name="EHR", url=receiver.url, secret=SECRET,
                                              events=["application.created", "application.stage_changed"])


def test_signature_round_trip_and_skew():
    body = b'{"event":"ping"}'
    headers = signing.signed_headers(SECRET, body, now=1_700_000_000)
    assert signing.verify(SECRET, timestamp=headers["X-Hrportal-Timestamp"],
                          signature_header=headers["X-Hrportal-Signature"], body=body, now=1_700_000_100)
    assert receiver_verifies(SECRET, headers, body, now=1_700_000_100)
    assert not receiver_verifies(SECRET, headers, body, now=1_700_000_301)  # > 5 minutes: a replay
    assert not receiver_verifies("other", headers, body, now=1_700_000_100)
    assert not receiver_verifies(SECRET, headers, body + b" ", now=1_700_000_100)


@pytest.mark.django_db
def test_application_created_and_stage_changed_are_delivered_signed(ehr, users, subscription, receiver,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        candidate = Candidate.objects.create(name="钱新")
        application = Application.objects.create(candidate=candidate, position=ehr["position"])
    with django_capture_on_commit_callbacks(execute=True):
        application.set_stage("screening", by=users["hr"])
    events = [json.loads(body)["event"] for _h, body, _ok in receiver.received]
    assert events == ["application.created", "application.stage_changed"]
    assert all(ok for _h, _b, ok in receiver.received)
    created = json.loads(receiver.received[0][1])
    assert created["data"]["application_id"] == application.pk
    assert "phone" not in receiver.received[0][1].decode()  # ids and states only
    assert receiver.received[1][0]["X-Hrportal-Event"] == "application.stage_changed"
    messages = OutboxMessage.objects.filter(channel="webhook")
    assert messages.count() == 2 and set(messages.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_unsubscribed_events_and_inactive_subscriptions_send_nothing(ehr, users, subscription, receiver,
                                                                      django_capture_on_commit_callbacks):
    subscription.active = False
    subscription.save()
    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.create(candidate=Candidate.objects.create(name="孙"), position=ehr["position"])
    assert receiver.received == [] and not OutboxMessage.objects.filter(channel="webhook").exists()


@pytest.mark.django_db
def test_a_failing_receiver_is_retried_through_the_outbox(ehr, subscription, receiver,
                                                          django_capture_on_commit_callbacks):
    receiver.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.create(candidate=Candidate.objects.create(name="吴"), position=ehr["position"])
    message = OutboxMessage.objects.get(channel="webhook")
    assert message.status == "pending" and message.attempts == 1 and "HTTP 503" in message.last_error
    receiver.status = 400
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    from wecom.outbox.jobs import send_outbox_message

    send_outbox_message(message.pk)
    message.refresh_from_db()
    assert message.status == "failed"  # a 4xx will not improve by retrying
    assert len(receiver.received) == 2


@pytest.mark.django_db
def test_test_delivery_button(client, users, subscription, receiver, django_capture_on_commit_callbacks):
    client.force_login(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/integrations/webhooks/{subscription.pk}/test/")
    assert response.status_code == 302
    headers, body, ok = receiver.received[0]
    assert ok and json.loads(body)["event"] == "ping"
    page = client.get("/integrations/webhooks/")
    assert page.status_code == 200 and b"EHR" in page.content


@pytest.mark.django_db
def test_new_subscription_shows_a_generated_secret_once(client, users):
    client.force_login(users["admin"])
    response = client.post("/integrations/webhooks/", {"name": "Finance", "url": "https://fin.example.com/hook",
                                                       "events": ["payroll.closed"], "active": "on"})
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert WebhookSubscription.objects.get(name="Finance").secret == secret
    assert secret.encode() not in client.get("/integrations/webhooks/").content


@pytest.mark.django_db
def test_decision_and_payroll_close_queue_their_events_once(ehr, users):
    import datetime as dt

    from interviews.models import HiringDecision
    from payroll.models import PayrollRun

    WebhookSubscription.objects.create(name="all", url="https://x.example.com/h", secret=SECRET,
                                       events=["decision.made", "payroll.closed", "offer.signed"])
    HiringDecision.objects.create(application=ehr["application"], outcome="offer", reason="强", decided_by=users["manager"])
    run = PayrollRun.objects.create(year=2026, month=1, pay_date=dt.date(2026, 2, 10))
    assert set(OutboxMessage.objects.filter(channel="webhook").values_list("kind", flat=True)) == {"webhook"}
    run.status = PayrollRun.Status.CLOSED
    run.save()
    run.save()  # saved again in the same state: still one delivery
    events = sorted(m.data["event"] for m in OutboxMessage.objects.filter(channel="webhook"))
    assert events == ["decision.made", "payroll.closed"]
