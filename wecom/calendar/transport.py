"""Interviewers' WeCom calendars (oa/schedule add/update/del) as an outbox channel.

The payload only names the interview (``{"interview_id": …}``); ``wecom.calendar.services.sync`` reads the
interview as it is when the row is sent and makes WeCom's calendar match it, so the outbox's retries, backoff,
failure list and sweep apply to calendar writes as to messages. Registered with the outbox's transport
registry by ``wecom.apps`` (the outbox itself knows nothing of calendars).
"""

from __future__ import annotations

from wecom import conf
from wecom.calendar import services as calendar_sync
from wecom.outbox.transports.base import Delivery, Transport, TransportError, require
from wecom.outbox.transports.wecom_app import as_transport_error, shared_client
from wecom.protocol.errors import WeComError


class WeComCalendarTransport(Transport):
    channel = "wecom_calendar"

    def send(self, message) -> Delivery:
        if not conf.is_configured():
            raise TransportError("WeCom is not configured (WECOM_CORP_ID / WECOM_AGENT_ID / WECOM_SECRET)",
                                 permanent=True)
        payload = message.data
        require(payload, "interview_id")
        try:
            schedule_id = calendar_sync.sync(int(payload["interview_id"]), client=shared_client())
        except (TypeError, ValueError) as exc:
            raise TransportError(f"invalid calendar payload: {exc}", permanent=True) from None
        except WeComError as exc:
            raise as_transport_error(exc) from None
        return Delivery(external_ref=schedule_id[:128])
