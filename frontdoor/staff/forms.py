"""Forms of staff administration. None has a password, superuser, staff, group or permission
field: there is no way to set them here."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.accounts.models import Agency, Role, Team
from frontdoor.core.forms import GovukForm

from .services import UserDetails


def _team_choices() -> list[tuple[str, str]]:
    return [("", "No team"), *((str(t.pk), t.name) for t in Team.objects.order_by("name"))]


class UserForm(GovukForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter the username"},
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter the first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter the last name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The link to set their password goes here",
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Select the role"},
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    job_title = forms.CharField(label="Job title (optional)", required=False, max_length=120)
    agency = forms.ChoiceField(
        label="Agency (MASH partners only)",
        required=False,
        choices=[("", "Not a partner"), *Agency.choices],
    )
    swe_registration = forms.CharField(
        label="Social Work England registration number (optional)",
        required=False,
        max_length=12,
        help_text="Registered social workers only, like SW123456",
    )
    reason = forms.CharField(
        label="Why they need this role (head of service or system administrator only)",
        help_text="Another administrator approves these roles before they take effect.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices()  # type: ignore[attr-defined]
        if editing:
            del self.fields["username"]
        else:
            del self.fields["stamp"]

    def details(self) -> UserDetails:
        data = self.cleaned_data
        return UserDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
            team_id=data["team"],
            job_title=data["job_title"],
            agency=data["agency"],
            swe_registration=data["swe_registration"],
        )


class TeamForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the team's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of team",
        choices=[("", "Choose"), *Team.Kind.choices],
        error_messages={"required": "Select the kind of team"},
    )
    locality = forms.CharField(label="Locality (optional)", required=False, max_length=60)
    postcode_districts = forms.CharField(
        label="Postcode districts (locality teams)",
        required=False,
        max_length=300,
        help_text="Like NR1 NR2 PE30",
    )


class RecertifyForm(GovukForm):
    """For each member: still needs this access, or what should change."""

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"keep_{member.pk}"] = forms.ChoiceField(
                label=f"{member.get_full_name() or member.username}, {member.get_role_display()}",
                choices=[("yes", "Still needs this access"), ("no", "Remove or change it")],
                widget=forms.RadioSelect,
                error_messages={"required": "Say whether they still need this access"},
            )
            self.fields[f"note_{member.pk}"] = forms.CharField(
                label="What should change", required=False, max_length=500
            )
        self.members = list(members)

    def flags(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"note_{m.pk}"]
            for m in self.members
            if self.cleaned_data[f"keep_{m.pk}"] == "no"
        }
