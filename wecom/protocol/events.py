"""The callback vocabulary WeCom defines (D:90239 / D:90240): the message types an app callback can carry and
the events the portal acts on. Shared by the callback endpoint and the sandbox phone that imitates WeCom."""

from __future__ import annotations

# Message types an app callback can carry. Anything else is stored as ignored.
KNOWN_MSG_TYPES = frozenset({"text", "image", "voice", "video", "location", "link", "event"})
# A click on a template card's button (interviewer cards).
TEMPLATE_CARD_EVENT = "template_card_event"
