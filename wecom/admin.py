from django.contrib import admin

from wecom.models import CallbackEvent, InboundReply, OutboxMessage


@admin.register(CallbackEvent)
class CallbackEventAdmin(admin.ModelAdmin):
    """Read-only: what WeCom sent and what became of it (failed rows show the handler's error).

    The decrypted payload may hold personal data and is left out of the page.
    """

    list_display = ("received_at", "msg_type", "event", "from_user", "status", "processed_at")
    list_filter = ("status", "msg_type", "event")
    search_fields = ("from_user", "dedupe_key")
    date_hierarchy = "received_at"
    fields = readonly_fields = (
        "dedupe_key", "msg_type", "event", "from_user", "agent_id", "received_at", "processed_at", "status", "error",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only view of the outbox for operators. Address and payload (personal data) stay out of the
    admin: the message log (wecom:message_detail) shows them to recruiters, audited; retry happens there."""

    list_display = ("created_at", "kind", "channel", "recipient_label", "status", "attempts", "next_attempt_at",
                    "sent_at", "last_errcode")
    list_filter = ("status", "channel", "kind")
    search_fields = ("dedupe_key", "recipient_label", "msgid")
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "kind", "channel", "recipient_label", "recipient_user", "recipient_candidate", "interview", "dedupe_key",
        "status", "attempts", "next_attempt_at", "claimed_at", "last_error", "last_errcode", "msgid",
        "response_code", "external_ref", "created_at", "sent_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InboundReply)
class InboundReplyAdmin(admin.ModelAdmin):
    """Read-only: replies to our messages (the text, which may be personal, is left out)."""

    list_display = ("received_at", "kind", "channel", "from_label", "interview", "message", "handled_at")
    list_filter = ("kind", "channel")
    date_hierarchy = "received_at"
    fields = readonly_fields = (
        "kind", "channel", "from_label", "message", "interview", "callback_event", "received_at", "handled_by",
        "handled_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
