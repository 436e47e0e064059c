from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent, LocalClosureDay


@admin.register(LocalClosureDay)
class LocalClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the audit log through the application."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor__username", "object_id", "summary"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
