"""Admin of the core app: the audit log is append-only, so the admin shows it read-only."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hrportal.models import AuditLog

admin.site.site_header = _("智聘 HR 管理后台")
admin.site.site_title = _("智聘 HR 管理后台")
admin.site.index_title = _("系统管理")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "object_repr", "ip_address")
    list_filter = ("action", "object_type", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_label", "object_id", "object_repr", "note")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
