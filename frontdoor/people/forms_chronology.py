"""Forms of the chronology page: its filters (read from the URL) and adding a significant event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.core.forms import GovukDateField, GovukForm

from .chronology import event_kinds


class ChronologyFilterForm(GovukForm):
    type = forms.MultipleChoiceField(
        label="Type of event",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to see every type",
        error_messages={"invalid_choice": "Select types of event from the list"},
    )
    date_from = GovukDateField(label="From", required=False, help_text="For example, 27 3 2026")
    date_to = GovukDateField(label="To", required=False, help_text="For example, 27 3 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made, so kinds registered by any app are offered.
        self.fields["type"].choices = sorted(event_kinds(), key=lambda kind: kind[1])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data


class SignificantEventForm(GovukForm):
    occurred_on = GovukDateField(label="Date of the event", help_text="For example, 27 3 2026")
    title = forms.CharField(
        label="What happened",
        max_length=200,
        help_text="In a line, for example ‘Moved to live with grandmother’",
        error_messages={
            "required": "Enter what happened",
            "max_length": "What happened must be 200 characters or fewer",
        },
    )
    detail = forms.CharField(label="Details (optional)", required=False, widget=forms.Textarea)
    source = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=200,
        help_text="Who told you, or where the information came from",
        error_messages={"max_length": "Source must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].error_messages["required"] = "Enter the date of the event"
        self.fields["occurred_on"].error_messages["incomplete"] = "Enter the date of the event"

    def clean_occurred_on(self) -> date:
        day: date = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("Date of the event must be today or in the past")
        return day
