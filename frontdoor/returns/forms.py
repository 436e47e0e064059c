"""The returns page's forms. The census and Annex A forms are GET forms bound over their
defaults, so a run can be shared as a link; a bad value is an error at its field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from frontdoor.core.forms import GovukDateField, GovukForm

from .census_data import CensusYear


def default_year(today: date | None = None) -> int:
    """The latest census year that has ended: 2026 from 1 April 2026."""
    return CensusYear.current(today).year - 1


def bound_data(query: Mapping[str, str], defaults: Mapping[str, object]) -> dict[str, object]:
    """The query string over the defaults: an empty form shows the defaults as if chosen."""
    data: dict[str, object] = dict(defaults)
    data.update({k: v for k, v in query.items() if k in defaults})
    return data


class CensusForm(GovukForm):
    year = forms.CharField(
        label="Census year",
        max_length=10,
        help_text="The year the census ends in: 2026 is 1 April 2025 to 31 March 2026",
        error_messages={"required": "Enter the census year, like 2026"},
    )
    la = forms.CharField(
        label="LA code",
        max_length=10,
        help_text="Your council's 3-digit local authority code, like 845",
        error_messages={"required": "Enter the LA code, like 845"},
    )

    @classmethod
    def defaults(cls) -> dict[str, object]:
        return {"year": str(default_year()), "la": settings.FRONTDOOR_LA_CODE}

    def clean_year(self) -> int:
        text = self.cleaned_data["year"].strip()
        if not re.fullmatch(r"\d+", text):
            raise ValidationError("The census year must be a number, like 2026")
        year = int(text)
        if not 2000 <= year <= 2100:
            raise ValidationError("The census year must be between 2000 and 2100")
        return year

    def clean_la(self) -> str:
        text = self.cleaned_data["la"].strip()
        if not re.fullmatch(r"\d{3}", text):
            raise ValidationError("The LA code must be 3 digits, like 845")
        return text


class AnnexAForm(GovukForm):
    as_at = GovukDateField(
        label="Annex A as at", help_text="The day the lists are drawn up to, usually today"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        messages = self.fields["as_at"].error_messages
        messages["required"] = messages["incomplete"] = "Enter the date Annex A is as at"

    @classmethod
    def defaults(cls) -> dict[str, object]:
        today = timezone.localdate()
        return {"as_at_day": today.day, "as_at_month": today.month, "as_at_year": today.year}

    def clean_as_at(self) -> date:
        as_at = self.cleaned_data["as_at"]
        if as_at is None:
            raise ValidationError("Enter the date Annex A is as at")
        if as_at > timezone.localdate():
            raise ValidationError("The Annex A date must be today or in the past")
        return as_at


class ExplainForm(GovukForm):
    """Why a query is not a fault. Prefixed per row of the page (`ChildRow.key`), so each
    row's box has its own id and only the row that was sent shows an error."""

    year = forms.IntegerField(widget=forms.HiddenInput)
    la = forms.CharField(widget=forms.HiddenInput, max_length=3)
    code = forms.CharField(widget=forms.HiddenInput, max_length=10)
    person = forms.IntegerField(widget=forms.HiddenInput, required=False)  # none: the return
    reason = forms.CharField(
        label="Why this is not a fault",
        widget=forms.Textarea,
        max_length=2000,
        help_text="The DfE may ask for this when the return is submitted",
        error_messages={"required": "Enter why this query is not a fault"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["rows"] = 3
