"""Forms for keeping a person's record: details, other names, moves and relationships."""

from __future__ import annotations

from django import forms

from frontdoor.core.codes import Disability, Religion, UpnUnknown
from frontdoor.core.forms import GovukDateField, GovukForm
from frontdoor.core.validators import validate_not_in_future, validate_upn

from .forms import PersonForm
from .models import PersonName, Relationship


class PersonDetailsForm(PersonForm):
    # The version of the details the form was filled in from: a save over a newer one is
    # refused and shows both (people/services.py person_update).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    middle_names = forms.CharField(label="Middle names", required=False, max_length=100)
    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        help_text="13 characters, starting with a letter, like A123456789012",
    )
    former_upn = forms.CharField(
        label="Former unique pupil number", required=False, help_text="If the child had another"
    )
    upn_unknown = forms.ChoiceField(
        label="Why the unique pupil number is not known",
        required=False,
        choices=[("", "It is known, or not asked"), *UpnUnknown.choices],
    )
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        required=False,
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    first_language = forms.CharField(label="First language", required=False, max_length=60)
    interpreter_needed = forms.TypedChoiceField(
        label="Is an interpreter needed?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    religion = forms.ChoiceField(
        label="Religion", required=False, choices=[("", "Not recorded"), *Religion.choices]
    )
    date_of_death = GovukDateField(
        label="Date of death", required=False, validators=[validate_not_in_future]
    )

    def _upn(self, name: str) -> str:
        value = self.cleaned_data.get(name, "").strip().upper()
        if value:
            validate_upn(value)
        return value

    def clean_upn(self) -> str:
        return self._upn("upn")

    def clean_former_upn(self) -> str:
        return self._upn("former_upn")

    def clean_disabilities(self) -> list[str]:
        chosen = self.cleaned_data.get("disabilities") or []
        if Disability.NONE in chosen and len(chosen) > 1:
            raise forms.ValidationError("Select 'No disability' on its own, or the disabilities")
        return chosen


class PersonNameForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of name",
        choices=[(k, v) for k, v in PersonName.Kind.choices if k != PersonName.Kind.CURRENT],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is an alias or a previous name"},
    )
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.errors and not data.get("first_name") and not data.get("last_name"):
            self.add_error("first_name", "Enter a first name or a last name")
        return data


class MoveForm(GovukForm):
    address = forms.CharField(
        label="New address", max_length=300, error_messages={"required": "Enter the new address"}
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    moved_in = GovukDateField(
        label="Date moved in", required=False, validators=[validate_not_in_future]
    )


class RelationshipForm(GovukForm):
    """What another person is to this one: the other person is chosen from a search."""

    other = forms.TypedChoiceField(
        label="Who",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person"},
    )
    kind = forms.ChoiceField(
        label="What are they to this person?",
        choices=Relationship.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the relationship"},
    )
    parental_responsibility = forms.TypedChoiceField(
        label="Do they have parental responsibility?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label="Description", required=False, max_length=200, help_text="For example, stepfather"
    )
    started = GovukDateField(label="Since", required=False, validators=[validate_not_in_future])

    def __init__(self, *args, candidates=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [  # type: ignore[attr-defined]
            (person.pk, f"{person.full_name}, {_born(person)}") for person in candidates
        ]


def _born(person) -> str:  # type: ignore[no-untyped-def]
    if person.date_of_birth:
        return f"born {person.date_of_birth:%-d %B %Y}"
    return "date of birth not known"
