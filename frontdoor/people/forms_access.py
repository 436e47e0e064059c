"""Forms of the access model: breaking the glass, restricting a record, reviewing it."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.core.forms import GovukForm

from .models import Restriction


class BreakGlassForm(GovukForm):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text="Your manager and the manager of the team that holds the child's work will "
        "see this reason, with everything you open.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why you need to open this record"},
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why you need to open this record")
        return reason


class BreakGlassReviewForm(GovukForm):
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea, required=False, max_length=2000
    )


def _staff_choices(users: Any) -> list[tuple[int, str]]:
    return [(u.pk, f"{u.get_full_name() or u.username}, {u.get_role_display()}") for u in users]


class RestrictForm(GovukForm):
    category = forms.ChoiceField(
        label="Why is the record restricted?",
        choices=Restriction.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the record is restricted"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the reason for restricting the record"},
    )
    named_users = forms.TypedMultipleChoiceField(
        label="Who may open it",
        help_text="Only these people can open the record. You are added yourself.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose people from the list"},
    )

    def __init__(self, *args: Any, staff: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["named_users"].choices = _staff_choices(staff)  # type: ignore[attr-defined]


class RestrictionReviewForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.TypedChoiceField(
        label="Should the record stay restricted?",
        choices=[("yes", "Yes, keep it restricted"), ("no", "No, lift the restriction")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the record stays restricted"},
    )
    note = forms.CharField(
        label="What did the review find?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter what the review found"},
    )
    named_users = RestrictForm.base_fields["named_users"]

    def __init__(self, *args: Any, staff: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["named_users"].choices = _staff_choices(staff)  # type: ignore[attr-defined]
