"""Forms for asking to close a referral or step it down to early help (they parse; the
services rule)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.casework.referrals.forms import primary_need_field
from frontdoor.core.codes import ClosureReason
from frontdoor.core.forms import (
    GovukDateField,
    VersionedForm,
    text_field,
)


class CloseForm(VersionedForm):
    closed_on = GovukDateField(label="Closure date", required=False)
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=ClosureReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = text_field(
        "Why the episode can close now",
        help_text="Your manager reads this before authorising the closure",
    )
    primary_need = primary_need_field()

    def __init__(self, *args: Any, ask_primary_need: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_primary_need:
            del self.fields["primary_need"]


class StepDownForm(VersionedForm):
    stepped_on = GovukDateField(label="Date of the step down", required=False)
    reason = text_field("Why the child steps down to early help")
    primary_need = primary_need_field()

    def __init__(self, *args: Any, ask_primary_need: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_primary_need:
            del self.fields["primary_need"]

    def add_domain_error(self, field: str | None, message: str) -> None:
        # Stepping down closes the episode: the closure's date errors are this form's date.
        super().add_domain_error("stepped_on" if field == "closed_on" else field, message)
