"""Object-level access to WeCom objects: load for a user or raise 404/403 (the URL rule is hrportal.policy)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from hrportal import policy
from wecom.models import MessageTemplate, OutboxMessage


def get_template_for_user(user, pk) -> MessageTemplate:
    """A message template (404 when missing; 403 for anyone who may not send messages)."""
    template = get_object_or_404(MessageTemplate, pk=pk)
    if not policy.can(user, "send_messages"):
        raise PermissionDenied("message templates are edited by those who send messages")
    return template


def get_message_for_user(user, pk) -> OutboxMessage:
    """An outbox message for the message log (404 when missing; 403 for anyone who may not send messages:
    payloads hold candidates' names, addresses and links)."""
    message = get_object_or_404(
        OutboxMessage.objects.select_related("interview", "recipient_user", "recipient_candidate"), pk=pk
    )
    if not policy.can(user, "send_messages"):
        raise PermissionDenied("the message log is for those who send messages")
    return message
