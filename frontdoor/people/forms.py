from __future__ import annotations

from django import forms

from frontdoor.core.codes import Ethnicity, Sex
from frontdoor.core.forms import GovukDateField, GovukForm
from frontdoor.core.validators import (
    normalise_nhs_number,
    validate_nhs_number,
    validate_not_in_future,
)

from .models import Person


class PersonSearchForm(GovukForm):
    name = forms.CharField(label="Name", required=False, help_text="First name, surname or both")
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2015",
        validators=[validate_not_in_future],
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not self.errors and not data.get("name") and not data.get("date_of_birth"):
            self.add_error("name", "Enter a name or a date of birth to search for")
        return data


class PersonForm(GovukForm):
    """A new person. Field names are prefixed so the form can sit inside the contact screen."""

    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    kind = forms.ChoiceField(
        label="Child or adult",
        choices=Person.Kind.choices,
        initial=Person.Kind.CHILD,
        widget=forms.RadioSelect,
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2015. Leave blank if not known",
        validators=[validate_not_in_future],
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        required=False,
        help_text="For an unborn child only",
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial="NOBT")
    nhs_number = forms.CharField(
        label="NHS number", required=False, help_text="10 digits, like 999 000 0018"
    )
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value:
            validate_nhs_number(value)
        return value

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error(
                "expected_date_of_birth",
                "Enter either a date of birth or an expected date of birth, not both",
            )
        return data
