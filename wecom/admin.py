from django.contrib import admin

from wecom.models import CallbackEvent


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
