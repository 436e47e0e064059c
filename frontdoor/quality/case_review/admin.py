"""The case review's themes, edited by a system administrator in the admin (audited)."""

from __future__ import annotations

from django.contrib import admin

from frontdoor.core.admin import AuditedModelAdmin

from .models import CaseReviewTheme


@admin.register(CaseReviewTheme)
class CaseReviewThemeAdmin(AuditedModelAdmin):
    list_display = ["name", "active"]
    audit_name = "case_review_theme"
