"""Forms for the early help queue and episode pages.

They only parse what was typed: every rule (consent before the assessment, dates in order,
a reason to close) is the service's, and its DomainError is shown at the field named here.
"""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.accounts.models import Role, User
from frontdoor.casework.models import EarlyHelpClosure, EarlyHelpEpisode, Oversight
from frontdoor.core.forms import GovukDateField, GovukForm

BLANK = [("", "Select")]


def pathway_advisors() -> Any:
    return User.objects.filter(role=Role.PATHWAY_ADVISOR, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


class TakeOnForm(GovukForm):
    """The "Take this on" button: the signed-in user becomes the pathway advisor."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class EarlyHelpAssignForm(GovukForm):
    advisor = forms.ModelChoiceField(
        label="Pathway advisor",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select",
        error_messages={"invalid_choice": "Select a pathway advisor from the list"},
    )
    lead_organisation = forms.CharField(
        label="Or the organisation that leads",
        help_text="When another organisation leads, such as a school or health visitors",
        required=False,
        max_length=200,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = pathway_advisors()  # type: ignore[attr-defined]


class EarlyHelpProgressForm(GovukForm):
    consent = forms.ChoiceField(
        label="Has the family consented to early help?",
        choices=EarlyHelpEpisode.Consent.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    assessment_started_on = GovukDateField(label="Early help assessment started", required=False)
    assessment_completed_on = GovukDateField(
        label="Early help assessment completed", required=False
    )
    plan_started_on = GovukDateField(label="Early help plan started", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


CLOSE_REASONS = [
    (value, label)
    for value, label in EarlyHelpClosure.choices
    if value != EarlyHelpClosure.STEPPED_UP  # only a step up closes for this reason
]


class EarlyHelpCloseForm(GovukForm):
    closed_on = GovukDateField(label="Date closed", required=False)
    closure_reason = forms.ChoiceField(
        label="Reason for closing",
        choices=CLOSE_REASONS,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the reason for closure"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepUpForm(GovukForm):
    stepped_on = GovukDateField(label="Date of the step up", required=False)
    reason = forms.CharField(
        label="Why the child needs a social work response",
        required=False,
        widget=forms.Textarea,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class OversightForm(GovukForm):
    kind = forms.ChoiceField(
        label="Oversight or supervision",
        choices=Oversight.Kind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    discussion = forms.CharField(label="What was discussed", required=False, widget=forms.Textarea)
    direction = forms.CharField(
        label="Direction given",
        help_text="Leave empty if there is no direction",
        required=False,
        widget=forms.Textarea,
    )
    direction_for = forms.ModelChoiceField(
        label="Direction for",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select",
        error_messages={"invalid_choice": "Select who the direction is for from the list"},
    )
    direction_due_on = GovukDateField(label="Direction due by", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["direction_for"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role__in=(Role.PATHWAY_ADVISOR, Role.TEAM_MANAGER), is_active=True
        ).order_by("first_name", "last_name", "pk")
