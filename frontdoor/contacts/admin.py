"""The council's threshold descriptors, edited by a system administrator (audited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin

from frontdoor.core.admin import AuditedModelAdmin

from .models import Outcome, ThresholdDescriptor


class ThresholdDescriptorForm(forms.ModelForm):
    level = forms.ChoiceField(choices=())
    outcomes = forms.MultipleChoiceField(
        label="Outcomes that usually follow",
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ThresholdDescriptor
        fields = ["level", "descriptor", "outcomes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = settings.FRONTDOOR_NEED_LEVELS  # type: ignore[attr-defined]


@admin.register(ThresholdDescriptor)
class ThresholdDescriptorAdmin(AuditedModelAdmin):
    form = ThresholdDescriptorForm
    list_display = ["__str__", "descriptor"]
    audit_name = "threshold_descriptor"
