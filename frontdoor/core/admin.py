"""The Django admin: for system administrators only, and only for what is not a person's
record or an account. Users and teams are managed through Frontdoor's own audited pages,
so nobody can make themselves superuser, give themselves a role or set another's password
here; the calendar's local closure days are edited here, audited; the audit log is read."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_write
from .models import AuditEvent, LocalClosureDay

# Groups carry Django permissions, not Frontdoor's way of saying who may do what (rules);
# sign-in lockouts are lifted on Frontdoor's own audited page (/accounts/locked/), and
# two-factor devices are reset through accounts' audited service, not edited here.
for model in (Group, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class AuditedModelAdmin(admin.ModelAdmin):
    """An admin whose every add, change and delete writes an audit event: `audit_name` is the
    event's noun (`closure_day.add`), `summary` what the event says of the row."""

    audit_name = ""

    def summary(self, obj: Any) -> str:
        return str(obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_write(
            actor=request.user,
            action=f"{self.audit_name}.{'change' if change else 'add'}",
            obj=obj,
            changes={
                name: [form.initial.get(name), form.cleaned_data[name]]
                for name in form.changed_data
            },
            summary=self.summary(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_write(
            actor=request.user,
            action=f"{self.audit_name}.delete",
            obj=obj,
            summary=self.summary(obj),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for row in queryset:
            self.delete_model(request, row)


@admin.register(LocalClosureDay)
class LocalClosureDayAdmin(AuditedModelAdmin):
    list_display = ["date", "reason"]
    audit_name = "closure_day"

    def summary(self, obj: Any) -> str:
        return f"{obj.date:%-d %B %Y}: {obj.reason}"


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
