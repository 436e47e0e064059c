"""Forms for recording oversight or supervision and completing its direction."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.accounts.models import User
from frontdoor.casework.models import Oversight
from frontdoor.core.forms import (
    GovukDateField,
    GovukForm,
    text_field,
)

# --- Oversight -------------------------------------------------------------------------------


class OversightForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of record",
        choices=Oversight.Kind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    discussion = text_field("What was discussed")
    direction = text_field("Direction given", help_text="Leave blank if no direction was given")
    direction_for = forms.ModelChoiceField(
        label="Who the direction is for",
        queryset=User.objects.none(),
        required=False,
        empty_label="Select",
    )
    direction_due_on = GovukDateField(label="Date the direction is due", required=False)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["direction_for"].queryset = people  # type: ignore[attr-defined]

    def details(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        chosen = data.pop("direction_for")
        return data | {"direction_for_id": chosen.pk if chosen else None}


class DirectionDoneForm(GovukForm):
    note = text_field("What was done")
