from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.core.codes import AssessmentFactor, ReferralSource
from frontdoor.core.forms import GovukDateTimeField, GovukForm

from .models import Channel, Consent, Immediacy, Outcome, ParentsAware

BLANK = [("", "Select")]


class ContactForm(GovukForm):
    """The details of a call. Lenient while a draft is saved; the record step checks it is whole."""

    channel = forms.ChoiceField(
        label="How did the contact come in?", choices=Channel.choices, widget=forms.RadioSelect
    )
    received_at = GovukDateTimeField(
        label="Received", help_text="Time as 24-hour clock, like 14:30"
    )
    referrer_name = forms.CharField(label="Referrer's name", max_length=200)
    referrer_role = forms.CharField(label="Referrer's role", max_length=200)
    referrer_agency = forms.CharField(label="Agency or organisation", max_length=200)
    referrer_phone = forms.CharField(label="Phone", max_length=40)
    referrer_email = forms.EmailField(
        label="Email", error_messages={"invalid": "Enter an email address like name@example.org"}
    )
    referral_source = forms.ChoiceField(
        label="Referral source", choices=BLANK + ReferralSource.choices
    )
    concern_summary = forms.CharField(label="What is the concern?", widget=forms.Textarea)
    concern_categories = forms.MultipleChoiceField(
        label="Concern categories",
        help_text="Select all that apply",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    immediacy = forms.ChoiceField(
        label="How urgent is this?",
        help_text=(
            "Sets the decision clock: an immediate concern within the hour, one for today by "
            "the close of the working day, anything else within one working day"
        ),
        choices=Immediacy.choices,
        widget=forms.RadioSelect,
    )
    child_whereabouts = forms.CharField(label="Where is the child now?", max_length=300)
    parents_aware = forms.ChoiceField(
        label="Do the parents or carers know about this contact?",
        choices=ParentsAware.choices,
        widget=forms.RadioSelect,
    )
    consent = forms.ChoiceField(
        label="Consent to share information and contact the family",
        choices=Consent.choices,
        widget=forms.RadioSelect,
    )
    consent_reason = forms.CharField(
        label="If consent was refused or not sought, why",
        help_text=(
            "Consent may only be left unsought where seeking it would put the child or others "
            "at risk or undermine a criminal investigation"
        ),
        widget=forms.Textarea,
    )
    referrer_actions = forms.CharField(
        label="What has the referrer already done?", widget=forms.Textarea
    )
    csw = forms.ModelChoiceField(
        label="Named consultant social worker",
        queryset=User.objects.filter(role=Role.CSW, is_active=True),
        empty_label="Select",
    )
    call_started_at = GovukDateTimeField(label="Call started")
    call_ended_at = GovukDateTimeField(label="Call ended")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name in ("received_at", "version")

    def details(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"} | {
            "referrer_email": self.cleaned_data.get("referrer_email") or "",
            "concern_categories": self.cleaned_data.get("concern_categories") or [],
        }


class NewChildSiblingsForm(GovukForm):
    """Beside the new child's details: which children already on the contact they are a
    brother or sister of. All are ticked at first, as most children on one call are."""

    siblings = forms.MultipleChoiceField(
        label="Brother or sister of",
        help_text="Untick any child on this contact who is not their brother or sister",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, children: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"siblings": [str(child.pk) for child in children]})
        super().__init__(*args, **kwargs)
        self.fields["siblings"].choices = [  # type: ignore[attr-defined]
            (str(child.pk), child.full_name) for child in children
        ]

    def sibling_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("siblings", [])]


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    need_level = forms.ChoiceField(
        label="Level of need",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of need"},
    )
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why this is the right response for this child",
        widget=forms.Textarea,
        error_messages={"required": "Enter the rationale for this decision"},
    )
    best_placed = forms.CharField(
        label="Who is best placed to help, and next steps",
        widget=forms.Textarea,
        error_messages={"required": "Enter who is best placed to help and the next steps"},
    )
    agency_taking_action = forms.CharField(
        label="Agency taking action", required=False, max_length=200
    )
    child_views = forms.CharField(
        label="The child's views, where known", required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need_level"].choices = settings.FRONTDOOR_NEED_LEVELS  # type: ignore[attr-defined]


class AuthorisationForm(GovukForm):
    comment = forms.CharField(
        label="Comment",
        required=False,
        help_text="Required when you return the decision: say what needs to change",
        widget=forms.Textarea,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeedbackSentForm(GovukForm):
    sent_at = GovukDateTimeField(
        label="Feedback sent", help_text="Filled in with now: change it if you sent it earlier"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sent_at"].error_messages["required"] = (
            "Enter the date and time you sent the feedback to the referrer, like 7 12 2026 14:30"
        )

    @classmethod
    def for_now(cls) -> FeedbackSentForm:
        """The form as first shown: most feedback is recorded as it is sent."""
        return cls(initial={"sent_at": timezone.localtime().replace(second=0, microsecond=0)})
