"""Forms for referrals, allocation, assessments, plans, closure and oversight.

The forms only parse what was typed: the rules (dates in order, required text, the "21 no
factors" code alone) are the services', whose messages the views show at the field. So most
fields are optional here, and a service's `DomainError` names the field it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from frontdoor.accounts.models import Team, User
from frontdoor.core.codes import AssessmentFactor, ClosureReason, PrimaryNeed
from frontdoor.core.forms import GovukDateField, GovukForm

from .models import AssessmentOutcome, Oversight

BLANK = [("", "Select")]
YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: bool | None) -> str:
    """A stored yes/no answer as the radio value that shows it."""
    return "" if value is None else ("yes" if value else "no")


def _answer(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _text(label: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea, **kwargs)


def _primary_need_select() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Primary need",
        help_text="Needed before an episode with an assessment can be closed",
        choices=BLANK + PrimaryNeed.choices,
        required=False,
    )


class VersionedForm(GovukForm):
    """A form about a record that others may change at the same time."""

    version = forms.IntegerField(widget=forms.HiddenInput)


# --- Allocation ------------------------------------------------------------------------------


class TeamChangeForm(VersionedForm):
    team = forms.ModelChoiceField(
        label="Locality team",
        queryset=Team.objects.filter(kind=Team.Kind.LOCALITY),
        required=False,
        empty_label="Select",
    )
    reason = _text("Why the referral goes to this team")


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
            (str(member.pk), f"{member}, {count} open case{'' if count == 1 else 's'}")
            for member, count in caseloads
        ]

    def worker_id(self) -> int | None:
        chosen = self.cleaned_data.get("worker")
        return int(chosen) if chosen else None


class RiskReviewForm(GovukForm):
    note = _text("What you reviewed and what you decided")
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


# --- Assessments -----------------------------------------------------------------------------


class AssessmentStartForm(GovukForm):
    started_on = GovukDateField(label="Date the assessment started", required=False)


class AssessmentForm(VersionedForm):
    """The assessment as written so far. Everything may be left for later until it is completed."""

    child_seen_on = GovukDateField(label="Date the child was seen", required=False)
    child_seen_alone = forms.ChoiceField(
        label="Was the child seen alone?", choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    child_views = _text("The child's views")
    culture_identity = _text("How the child's culture, identity and ethnicity were considered")
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        help_text="Select all that apply, or \u201cNo factors identified\u201d on its own",
        choices=[(code, f"{code} {label}") for code, label in AssessmentFactor.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    analysis = _text("Analysis")
    outcome = forms.ChoiceField(
        label="Outcome of the assessment",
        choices=AssessmentOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    requires_support = forms.ChoiceField(
        label="Does the child require children's social care support?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    late_reason = _text(
        "Why the assessment is late",
        help_text="Only needed if it is completed after its due date",
    )

    def details(self) -> dict[str, Any]:
        """What the service saves: yes/no answers as True, False or None."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["child_seen_alone"] = _answer(data.get("child_seen_alone"))
        data["requires_support"] = _answer(data.get("requires_support"))
        data["factors"] = data.get("factors") or []
        return data


class AuthoriseAssessmentForm(VersionedForm):
    authorised_on = GovukDateField(label="Date authorised", required=False)
    comment = _text(
        "Comment",
        help_text="Required when you return the assessment: say what needs to change",
    )
    late_reason = _text(
        "Why the assessment is late",
        help_text="Only needed if it is authorised after its due date",
    )


# --- Plans and closure -----------------------------------------------------------------------


class CinPlanStartForm(GovukForm):
    start_date = GovukDateField(label="Date the plan started", required=False)


class CinPlanEndForm(GovukForm):
    end_date = GovukDateField(label="Date the plan ended", required=False)


class PlanReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="Date of the review", required=False)
    note = _text("What the review found and decided")


class CloseForm(VersionedForm):
    closed_on = GovukDateField(label="Closure date", required=False)
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=ClosureReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    primary_need = _primary_need_select()

    def __init__(self, *args: Any, ask_primary_need: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_primary_need:
            del self.fields["primary_need"]


class StepDownForm(VersionedForm):
    stepped_on = GovukDateField(label="Date of the step down", required=False)
    reason = _text("Why the child steps down to early help")
    primary_need = _primary_need_select()

    def __init__(self, *args: Any, ask_primary_need: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_primary_need:
            del self.fields["primary_need"]

    def add_domain_error(self, field: str | None, message: str) -> None:
        # Stepping down closes the episode: the closure's date errors are this form's date.
        super().add_domain_error("stepped_on" if field == "closed_on" else field, message)


# --- Oversight -------------------------------------------------------------------------------


class OversightForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of record",
        choices=Oversight.Kind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    discussion = _text("What was discussed")
    direction = _text("Direction given", help_text="Leave blank if no direction was given")
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
    note = _text("What was done")
