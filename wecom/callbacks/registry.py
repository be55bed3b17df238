"""Decrypted WeCom callbacks as typed values, their de-duplication key, and the handler registry.

WeCom's advice (shared/reference/wecom.md §4): de-duplicate messages by MsgId, events by FromUserName +
CreateTime, and template-card clicks additionally by TaskId + EventKey. ``dedupe_key`` encodes exactly
that. Later features (invitation replies, interviewer cards) register their handlers here with
``@register("event", "template_card_event")``; the job ``wecom.callbacks.jobs.process_callback_event`` dispatches.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wecom.protocol.events import TEMPLATE_CARD_EVENT

log = logging.getLogger(__name__)

DEDUPE_KEY_MAX = 255


@dataclass(frozen=True)
class CallbackMessage:
    """One decrypted callback: the common header fields plus every top-level field as text."""

    msg_type: str
    event: str
    from_user: str
    to_user: str
    create_time: int
    agent_id: str
    msg_id: str
    fields: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> CallbackMessage:
        """Build from ``wecom.protocol.crypto.xml_fields`` output; raises ValueError when the header is unusable."""
        msg_type = (fields.get("MsgType") or "").strip()
        if not msg_type:
            raise ValueError("callback has no MsgType")
        raw_time = (fields.get("CreateTime") or "").strip()
        try:
            create_time = int(raw_time)
        except ValueError as exc:
            raise ValueError(f"callback CreateTime is not an integer: {raw_time[:20]!r}") from exc
        return cls(
            msg_type=msg_type.lower(),
            event=(fields.get("Event") or "").strip(),
            from_user=(fields.get("FromUserName") or "").strip(),
            to_user=(fields.get("ToUserName") or "").strip(),
            create_time=create_time,
            agent_id=(fields.get("AgentID") or "").strip(),
            msg_id=(fields.get("MsgId") or "").strip(),
            fields=dict(fields),
        )

    @property
    def is_card_click(self) -> bool:
        return self.msg_type == "event" and self.event == TEMPLATE_CARD_EVENT

    @property
    def dedupe_key(self) -> str:
        """``msg:<MsgId>``, ``card:<TaskId>:<EventKey>:<FromUserName>`` or ``evt:<From>:<CreateTime>:<Event>``.

        Keys longer than the column (EventKey may be 1024 bytes) keep their prefix and become a SHA-256.
        """
        if self.msg_id:
            key = f"msg:{self.msg_id}"
        elif self.is_card_click:
            key = f"card:{self.fields.get('TaskId', '')}:{self.fields.get('EventKey', '')}:{self.from_user}"
        else:
            key = f"evt:{self.from_user}:{self.create_time}:{self.event or self.msg_type}"
        if len(key) <= DEDUPE_KEY_MAX:
            return key
        prefix = key.split(":", 1)[0]
        return f"{prefix}:sha256:{hashlib.sha256(key.encode('utf-8')).hexdigest()}"


@dataclass(frozen=True)
class TemplateCardClick:
    """A click on a button_interaction card (Event ``template_card_event``).

    ``response_code`` is what ``WeComClient.update_template_card`` needs to change the card afterwards;
    it works once, within 72 hours.
    """

    userid: str
    task_id: str
    event_key: str
    response_code: str
    card_type: str
    create_time: int
    agent_id: str

    @classmethod
    def from_message(cls, message: CallbackMessage) -> TemplateCardClick:
        if not message.is_card_click:
            raise ValueError(f"not a template card event: {message.msg_type}/{message.event}")
        f = message.fields
        return cls(
            userid=message.from_user,
            task_id=f.get("TaskId", ""),
            event_key=f.get("EventKey", ""),
            response_code=f.get("ResponseCode", ""),
            card_type=f.get("CardType", ""),
            create_time=message.create_time,
            agent_id=message.agent_id,
        )


# --- handler registry ------------------------------------------------------------------------------------

Handler = Callable[[CallbackMessage], Any]
_HANDLERS: dict[tuple[str, str], Handler] = {}


def register(msg_type: str, event: str = "") -> Callable[[Handler], Handler]:
    """Decorator: handle callbacks of ``msg_type`` (and ``event`` for MsgType ``event``).

    One handler per key; registering a second one for the same key is a programming error.
    """

    def decorator(func: Handler) -> Handler:
        key = (msg_type.lower(), event)
        existing = _HANDLERS.get(key)
        if existing is not None and existing is not func:
            raise ValueError(f"a WeCom callback handler for {key} is already registered: {existing!r}")
        _HANDLERS[key] = func
        return func

    return decorator


def unregister(msg_type: str, event: str = "") -> None:
    _HANDLERS.pop((msg_type.lower(), event), None)


def default_handler(message: CallbackMessage) -> None:
    """Nothing handles this kind of callback yet: log it (without the content) and move on."""
    log.info(
        "WeCom callback %s/%s from %s has no handler; recorded only",
        message.msg_type, message.event or "-", message.from_user or "?",
    )


def handler_for(message: CallbackMessage) -> Handler:
    """The registered handler for (MsgType, Event), else (MsgType, ""), else ``default_handler``."""
    return (
        _HANDLERS.get((message.msg_type, message.event))
        or _HANDLERS.get((message.msg_type, ""))
        or default_handler
    )
