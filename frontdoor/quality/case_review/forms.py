"""Forms of the case review meeting: attendance, a partner's representative, a finding and
an action. Each leaves the rules to the service, which names the field a refusal belongs to."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.accounts.models import Agency, Role, User
from frontdoor.core.forms import (
    BLANK,
    GovukDateField,
    GovukForm,
    VersionedForm,
    line_field,
    radio_field,
    text_field,
)

from .models import CaseReviewItem, CaseReviewTheme
from .services import action_owners


def _people(users: Any) -> list[tuple[int, str]]:
    return [
        (u.pk, u.get_full_name() or u.username) for u in users.order_by("first_name", "last_name")
    ]


class AttendanceForm(VersionedForm):
    chair = forms.TypedChoiceField(
        label="Chair", choices=(), coerce=int, required=False, empty_value=None
    )
    held_on = GovukDateField(
        label="Date the meeting was held", required=False, help_text="Leave blank until it is held"
    )
    staff = forms.TypedMultipleChoiceField(
        label="Staff attending",
        choices=(),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managers = User.objects.filter(
            is_active=True, role__in=[Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE]
        )
        self.fields["chair"].choices = BLANK + _people(managers)  # type: ignore[attr-defined]
        self.fields["staff"].choices = _people(action_owners())  # type: ignore[attr-defined]


class PartnerForm(GovukForm):
    name = line_field("Representative's name")
    agency = forms.ChoiceField(label="Agency", choices=BLANK + list(Agency.choices), required=False)


class FindingForm(VersionedForm):
    finding = radio_field("Finding", CaseReviewItem.Finding.choices)
    finding_how = text_field(
        "How the decision should have been different",
        help_text="Needed when the decision should have been different",
    )
    themes = forms.TypedMultipleChoiceField(
        label="Themes",
        choices=(),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, item: CaseReviewItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        used = [t.pk for t in item.themes.all()] if item is not None else []
        offered = CaseReviewTheme.objects.filter(active=True) | CaseReviewTheme.objects.filter(
            pk__in=used
        )
        self.fields["themes"].choices = [(t.pk, t.name) for t in offered.distinct()]  # type: ignore[attr-defined]


class ActionForm(GovukForm):
    text = text_field("Action")
    owner = forms.TypedChoiceField(
        label="Owner", choices=(), coerce=int, required=False, empty_value=None
    )
    due_on = GovukDateField(label="Date the action is due", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = BLANK + _people(action_owners())  # type: ignore[attr-defined]
