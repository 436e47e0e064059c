"""The survey's questions, edited by a system administrator in the admin (audited)."""

from __future__ import annotations

from django.contrib import admin

from frontdoor.core.admin import AuditedModelAdmin

from .models import SurveyQuestion


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(AuditedModelAdmin):
    list_display = ["text", "kind", "order", "active", "required"]
    audit_name = "survey_question"
