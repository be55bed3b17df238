"""The outbox's ``webhook`` channel: POST the signed JSON body to the subscription's URL.

2xx → delivered; 408/429/5xx, timeouts and refused connections → transient (the outbox backs off and
retries); any other 4xx, an inactive or deleted subscription → permanent (the message log shows it)."""

from __future__ import annotations

import json

import httpx
from django.conf import settings

from api.models import WebhookSubscription
from api.webhooks import signing
from wecom.outbox.transports.base import Delivery, Transport, TransportError, require


def body_of(payload: dict) -> bytes:
    envelope = {"id": payload["delivery"], "event": payload["event"], "occurred_at": payload.get("occurred_at"),
                "data": payload.get("data", {})}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class WebhookTransport(Transport):
    channel = "webhook"

    def send(self, message) -> Delivery:
        payload = message.data
        require(payload, "subscription_id", "event", "delivery")
        subscription = WebhookSubscription.objects.filter(pk=payload["subscription_id"], active=True).first()
        if subscription is None:
            raise TransportError("the webhook subscription is gone or inactive", permanent=True)
        body = body_of(payload)
        headers = {"Content-Type": "application/json", signing.EVENT_HEADER: payload["event"],
                   signing.DELIVERY_HEADER: payload["delivery"], **signing.signed_headers(subscription.secret, body)}
        try:
            response = httpx.post(subscription.url, content=body, headers=headers,
                                  timeout=settings.WEBHOOK_TIMEOUT_SECONDS, follow_redirects=False)
        except httpx.HTTPError as exc:
            raise TransportError(f"webhook {type(exc).__name__}: {exc}", permanent=False) from None
        code = response.status_code
        if 200 <= code < 300:
            return Delivery(external_ref=f"HTTP {code}")
        transient = code in (408, 429) or code >= 500
        raise TransportError(f"webhook answered HTTP {code}", permanent=not transient)
