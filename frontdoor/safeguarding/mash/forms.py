"""Forms for the MASH enquiry page and the partners' check pages.

They only parse what was typed: every rule (a reason for a rating change or for checks
without consent, a question for each agency, an answer or "Nothing known") is the
service's, and its DomainError is shown at the field it names, which these forms share.
"""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.contacts.models import Outcome
from frontdoor.core.forms import GovukForm, VersionedForm, text_field
from frontdoor.safeguarding.mash.services import CheckRequest
from frontdoor.safeguarding.models import CheckAgency, MashConsent, Rag


class RateForm(VersionedForm):
    rag = forms.ChoiceField(
        label="New rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select red, amber or green"},
    )
    reason = text_field("Why the rating changes")


class ConsentForm(VersionedForm):
    consent = forms.ChoiceField(
        label="Consent to the checks",
        choices=MashConsent.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select whether consent was obtained"},
    )
    consent_reason = text_field(
        "Why the checks go ahead without consent",
        help_text="Needed unless consent was obtained",
    )


def question_field(agency: str) -> str:
    """The name of the question box for `agency` (the service names its errors so)."""
    return f"question_{agency}"


class ChecksForm(VersionedForm):
    """Agencies to check with, each with its own question, sent with one button."""

    agencies = forms.MultipleChoiceField(
        label="Agencies to check with",
        choices=CheckAgency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select agencies from the list"},
    )
    other_agency = forms.CharField(label="Name of the other agency", required=False, max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CheckAgency.choices:
            self.fields[question_field(value)] = text_field(f"Question for {label}")

    def requests(self) -> list[CheckRequest]:
        data = self.cleaned_data
        return [
            CheckRequest(
                agency=agency,
                question=data.get(question_field(agency), ""),
                other_agency=data["other_agency"] if agency == CheckAgency.OTHER else "",
            )
            for agency in data["agencies"]
        ]

    def rows(self) -> list[dict[str, Any]]:
        """Each agency's checkbox with its question box, for the page."""
        chosen = self["agencies"].value() or []
        return [
            {
                "value": value,
                "label": label,
                "id": f"{self['agencies'].auto_id}_{index}",
                "checked": value in chosen,
                "question": self[question_field(value)],
                "other": self["other_agency"] if value == CheckAgency.OTHER else None,
            }
            for index, (value, label) in enumerate(CheckAgency.choices)
        ]


NOTHING_KNOWN = "yes"


class AnswerForm(VersionedForm):
    answer = text_field("What your agency knows")
    nothing_known = forms.MultipleChoiceField(
        label="If your agency holds nothing about this child",
        choices=[(NOTHING_KNOWN, "Nothing known")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"answer": data["answer"], "nothing_known": NOTHING_KNOWN in data["nothing_known"]}


CONCLUSIONS = [(value, label) for value, label in Outcome.choices if value != Outcome.MASH_ENQUIRY]


class ConcludeForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="Outcome of the enquiry",
        choices=CONCLUSIONS,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the outcome of the enquiry"},
    )
    rationale = text_field("Rationale for the outcome")


class ChaseForm(GovukForm):
    """The "Record that you chased" button of an overdue check."""

    check = forms.IntegerField(widget=forms.HiddenInput)
