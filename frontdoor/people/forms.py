from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.core.codes import Ethnicity, Sex
from frontdoor.core.forms import GovukDateField, GovukForm
from frontdoor.core.validators import (
    nhs_number_is_valid,
    normalise_nhs_number,
    validate_nhs_number,
    validate_not_in_future,
)

from .models import Person
from .query_parsing import (
    NAME_MAX_LENGTH,
    has_letters,
    is_postcode,
    parse_query,
    postcode_in,
    postcode_key,
)


def _age_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=120,
        help_text="In years",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": f"{label} must be a whole number, like 7",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be 120 or less",
        },
    )


class PersonSearchForm(GovukForm):
    """One search box, and optional fields for a closer search. `criteria()` gives the
    arguments for `selectors.people_matching`."""

    NOTHING = "Enter a name, date of birth, NHS number or postcode to search for"
    OPTIONAL = ("name", "date_of_birth", "nhs_number", "postcode", "address", "age_from", "age_to")

    query = forms.CharField(
        label="Search",
        required=False,
        help_text="Name, date of birth, NHS number or postcode",
        strip=True,
    )
    name = forms.CharField(label="Name", required=False, help_text="First name, surname or both")
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2015"
    )
    nhs_number = forms.CharField(
        label="NHS number", required=False, help_text="10 digits, like 999 000 0018"
    )
    postcode = forms.CharField(label="Postcode", required=False, help_text="For example, NR2 1AA")
    address = forms.CharField(label="Address", required=False, help_text="Part of it is enough")
    age_from = _age_field("Age from")
    age_to = _age_field("Age to")

    def clean_query(self) -> str:
        value: str = self.cleaned_data.get("query", "")
        if not value:
            return value
        parts = parse_query(value)
        if len(parts.name) > NAME_MAX_LENGTH:
            raise forms.ValidationError(f"Name must be {NAME_MAX_LENGTH} characters or fewer")
        if len(value) > 200:
            raise forms.ValidationError("Search must be 200 characters or fewer")
        if parts.problem:
            raise forms.ValidationError(parts.problem)
        if parts.nhs_number and not nhs_number_is_valid(parts.nhs_number):
            raise forms.ValidationError(
                "Enter a valid NHS number: the last digit does not match the others"
            )
        searchable = parts.nhs_number or parts.date_of_birth or parts.postcode
        if not (searchable or parts.la_child_id or has_letters(parts.name)):
            if any(ch.isalnum() for ch in value):
                raise forms.ValidationError(self.NOTHING)
            raise forms.ValidationError("Enter letters or numbers to search for")
        return value

    def clean_name(self) -> str:
        value: str = self.cleaned_data.get("name", "")
        if len(value) > NAME_MAX_LENGTH:
            raise forms.ValidationError(f"Name must be {NAME_MAX_LENGTH} characters or fewer")
        if value and not has_letters(value):
            raise forms.ValidationError("Name must include letters")
        return value

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        if value:
            validate_nhs_number(value)
        return value

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data.get("postcode", "")
        if value and not is_postcode(value):
            raise forms.ValidationError("Enter a full postcode, like NR2 1AA")
        return postcode_key(value) if value else ""

    def clean_address(self) -> str:
        value: str = self.cleaned_data.get("address", "")
        if len(value) > 300:
            raise forms.ValidationError("Address must be 300 characters or fewer")
        return value

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.errors:
            return data
        age_from, age_to = data.get("age_from"), data.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", "Age to must be the same as or more than age from")
            return data
        wanted = ("query", "name", "date_of_birth", "nhs_number", "postcode")
        if not any(data.get(field) for field in wanted) and not postcode_in(
            data.get("address") or ""
        ):
            self.add_error("query", self.NOTHING)
        return data

    def criteria(self) -> dict[str, Any]:
        """The keyword arguments for `people_matching`."""
        data = self.cleaned_data
        texts = ("query", "name", "nhs_number", "postcode", "address")
        return {field: data.get(field) or "" for field in texts} | {
            field: data.get(field) for field in ("date_of_birth", "age_from", "age_to")
        }

    def more_options_open(self) -> bool:
        """Open "More search options" when one of them was filled in or has an error."""
        if not self.is_bound:
            return False
        return any(_filled(self[field].value()) for field in self.OPTIONAL) or any(
            field in self.errors for field in self.OPTIONAL
        )


def _filled(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return any(_filled(part) for part in value)
    return value is not None and str(value).strip() != ""


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
