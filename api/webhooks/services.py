"""Queuing webhook deliveries: one outbox row per (subscription, event occurrence), written in the business
change's transaction (so it commits or rolls back with it); the outbox sends, retries and logs it through the
``webhook`` channel (api/webhooks/transport.py). Payloads name ids and states, never contact data: a receiver
reads details through the API with its own token and scopes."""

from __future__ import annotations

import uuid

from django.utils import timezone

from api.models import WebhookSubscription
from api.webhooks.events import EVENTS, TEST_EVENT
from hrportal import audit
from wecom.outbox.services import queue_message

CHANNEL = "webhook"
KIND = "webhook"


def _queue(subscription: WebhookSubscription, *, event: str, ref: str, data: dict):
    delivery_id = f"{event}:{ref}:{subscription.pk}"
    return queue_message(
        channel=CHANNEL, kind=KIND, dedupe_key=f"webhook:{delivery_id}"[:200],
        recipient_label=subscription.name[:100],
        payload={"subscription_id": subscription.pk, "event": event, "delivery": delivery_id,
                 "occurred_at": timezone.now().isoformat(), "data": data},
    )


def emit(event: str, *, ref: str, data: dict) -> int:
    """Queue ``event`` (``ref`` identifies the occurrence: the same ref is queued once) for every active
    subscription that asked for it. Returns how many deliveries were queued."""
    if event not in EVENTS:
        raise KeyError(f"unknown webhook event {event!r}")
    queued = 0
    for subscription in WebhookSubscription.objects.filter(active=True):
        if event in subscription.events:
            _message, created = _queue(subscription, event=event, ref=ref, data=data)
            queued += created
    return queued


def send_test(*, subscription: WebhookSubscription, by, request=None):
    """A ``ping`` delivery to one subscription (the page's "send test delivery" button); audited."""
    message, _created = _queue(subscription, event=TEST_EVENT, ref=uuid.uuid4().hex[:12],
                               data={"subscription": subscription.name})
    audit.record(action="create", obj=subscription, actor=by, request=request, note="webhook test delivery")
    return message
