"""WeCom app messages (message/send) to corp members: interviewers and HR.

``address`` is the member's WeCom userid; the payload is WeCom's own message body without ``touser`` and
``agentid`` (msgtype ``text`` / ``textcard`` / ``template_card``), which this transport adds. A payload with
``"msgtype": "update_template_card"`` instead spends a card's response_code on message/update_template_card:
``{"msgtype": "update_template_card", "task_id": …, "update_template_card": update_card_payload(...)}`` (the
fields may also sit at the top level; ``userids`` default to ``[address]``).

81013 / 40003 (nobody valid) and a recipient listed in ``invaliduser`` are permanent; every WeCom error
keeps the transient/permanent flag of the one errcode table (``wecom.protocol.errors``).
"""

from __future__ import annotations

import threading

from wecom import conf
from wecom.outbox.transports.base import Delivery, Transport, TransportError, require
from wecom.protocol.client import WeComClient
from wecom.protocol.errors import WeComError

UPDATE_CARD = "update_template_card"
MESSAGE_TYPES = {"text", "textcard", "template_card"}

_clients: dict[tuple, WeComClient] = {}
_clients_lock = threading.Lock()


def shared_client() -> WeComClient:
    """One client (one HTTP connection pool) per process and configuration: a worker draining thousands of
    messages must not open a TCP connection per message. The token is shared through the Django cache."""
    key = (conf.corp_id(), conf.secret(), conf.agent_id(), conf.api_base(), conf.timeout())
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = conf.get_client()
        return client


def as_transport_error(exc: WeComError) -> TransportError:
    return TransportError(str(exc), permanent=exc.permanent, errcode=exc.errcode)


class WeComAppTransport(Transport):
    channel = "wecom_app"

    def send(self, message) -> Delivery:
        if not conf.is_configured():
            raise TransportError("WeCom is not configured (WECOM_CORP_ID / WECOM_AGENT_ID / WECOM_SECRET)",
                                 permanent=True)
        payload = message.data
        msgtype = payload.get("msgtype")
        client = shared_client()
        try:
            if msgtype == UPDATE_CARD or (not msgtype and payload.get("response_code")):  # also WeCom's bare body
                # the update's fields nested under "update_template_card" (wecom.cards.services), or at the top level
                update = payload.get(UPDATE_CARD) if isinstance(payload.get(UPDATE_CARD), dict) else payload
                require(update, "response_code")
                fields = {k: v for k, v in update.items() if k in {"response_code", "userids", "atall"}}
                if not fields.get("userids") and not fields.get("atall"):
                    require({"address": message.address}, "address")
                    fields["userids"] = [message.address]
                if "button" in update:
                    fields["replace_name"] = (update["button"] or {}).get("replace_name", "")
                else:
                    fields["template_card"] = update.get("template_card")
                client.update_template_card(**fields)
                return Delivery(external_ref=str(update["response_code"])[:128])
            if msgtype not in MESSAGE_TYPES:
                raise TransportError(f"msgtype {msgtype!r} cannot go through message/send", permanent=True)
            require({"address": message.address}, "address")
            body = {k: v for k, v in payload.items() if k not in {"touser", "agentid"}}
            result = client.send_message({**body, "touser": message.address})
        except ValueError as exc:  # a payload builder refused a field
            raise TransportError(f"invalid payload: {exc}", permanent=True) from None
        except WeComError as exc:
            raise as_transport_error(exc) from None
        if message.address.lower() in result.invalid_users:
            raise TransportError(f"{message.address} is not a member in the app's visible range (invaliduser)",
                                 permanent=True, errcode=81013)
        return Delivery(msgid=result.msgid, response_code=result.response_code)
