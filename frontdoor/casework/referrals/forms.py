"""Forms for a referral's team, worker, risk review and primary need.

The forms only parse what was typed: the rules are the services', whose messages the views
show at the field. So most fields are optional here, and a service's `DomainError` names the
field it belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from frontdoor.accounts.models import Team, User
from frontdoor.core.codes import PrimaryNeed
from frontdoor.core.forms import (
    BLANK,
    GovukDateField,
    GovukForm,
    VersionedForm,
    text_field,
)


def primary_need_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Primary need",
        help_text="Needed before an episode with an assessment can be closed",
        choices=BLANK + PrimaryNeed.choices,
        required=False,
    )


# --- Allocation ------------------------------------------------------------------------------


class TeamChangeForm(VersionedForm):
    team = forms.ModelChoiceField(
        label="Locality team",
        queryset=Team.objects.filter(kind=Team.Kind.LOCALITY),
        required=False,
        empty_label="Select",
    )
    reason = text_field("Why the referral goes to this team")


def worker_choice(member: User, open_cases: int) -> str:
    cases = f"{member}, {open_cases} open case{'' if open_cases == 1 else 's'}"
    if member.is_registered_social_worker:
        return cases
    return f"{cases} (not a registered social worker: cannot complete the assessment)"


class AllocateForm(VersionedForm):
    worker = forms.ChoiceField(
        label="Worker",
        help_text="Each worker's open cases are shown after their name",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, caseloads: Iterable[tuple[User, int]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            (str(member.pk), worker_choice(member, count)) for member, count in caseloads
        ]

    def worker_id(self) -> int | None:
        chosen = self.cleaned_data.get("worker")
        return int(chosen) if chosen else None


class RiskReviewForm(GovukForm):
    note = text_field("What you reviewed and what you decided")
    next_review_on = GovukDateField(
        label="Date of the next risk review",
        required=False,
        help_text="After today and within 5 working days",
    )


class PrimaryNeedForm(VersionedForm):
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=PrimaryNeed.choices,
        required=False,
        widget=forms.RadioSelect,
    )
