"""The one interface every outbound channel implements.

A transport takes one claimed ``OutboxMessage`` and either returns a ``Delivery`` (what the far side
told us: msgid, response_code, an external reference) or raises ``TransportError``. ``permanent`` says
whether trying again later can help: the outbox retries transient errors with backoff and stops on
permanent ones (the message log shows them). A transport never touches the row's status: recording the
outcome is the outbox's job (``wecom.outbox.services``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    from wecom.models import OutboxMessage


@dataclass(frozen=True)
class Delivery:
    """A message handed over to its channel. ``response_code`` only for WeCom cards that can be updated."""

    msgid: str = ""
    response_code: str = ""
    external_ref: str = ""


class TransportError(Exception):
    """Sending failed. ``permanent``: a person must change something first (address, payload, configuration)."""

    def __init__(self, message: str, *, permanent: bool, errcode: int | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.errcode = errcode

    @property
    def transient(self) -> bool:
        return not self.permanent


class Transport:
    """Base class: ``channel`` is the ``wecom.models.Channel`` value this transport serves."""

    channel: ClassVar[str] = ""

    def send(self, message: OutboxMessage) -> Delivery:  # pragma: no cover - interface
        raise NotImplementedError


def require(payload: dict, *keys: str) -> None:
    """Refuse a payload that lacks a field: a malformed payload will not improve by retrying."""
    missing = [key for key in keys if not payload.get(key)]
    if missing:
        raise TransportError(f"payload lacks {', '.join(missing)}", permanent=True)
