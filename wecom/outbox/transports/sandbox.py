"""The sandbox transport (the embedded default while ``WECOM_*`` is unset): nothing leaves the machine.

The message is "delivered" into the recipient's sandbox phone: the phone pages (``wecom.sandbox.views``) list
the recipient's sent sandbox rows and render the payload the way WeCom would (text, textcard, template
card, e-mail, card updates). A template card gets a response_code like a real one (``wecom.sandbox.services``'s
format, which names the card), so the card-update path is the same as with WeCom; the card's buttons drive
the real callback endpoint through the sandbox's own crypto.
"""

from __future__ import annotations

from wecom.outbox.transports.base import Delivery, Transport, TransportError


class SandboxTransport(Transport):
    channel = "sandbox"

    def send(self, message) -> Delivery:
        from wecom.sandbox import (
            services as sandbox,  # the sandbox module is the view side; it does not import the outbox
        )

        payload = message.data
        if not isinstance(payload, dict) or not (payload.get("msgtype") or payload.get("response_code")):
            raise TransportError("payload lacks msgtype", permanent=True)
        response_code = ""
        if payload.get("msgtype") == "template_card":
            response_code = sandbox.new_response_code(message.pk)
        return Delivery(msgid=f"sandbox-{message.pk}", response_code=response_code)
