"""The strategy discussion form and completing one of its actions.

The forms only parse what was typed: the rules (who must take part, a rationale for every
child, dates in order) are the services', whose `DomainError` names the field it belongs to.
So every field is optional here, and each form has a field named as the service names it, or
maps the service's name to its own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.core.forms import (
    YES_NO,
    GovukDateField,
    GovukDateTimeField,
    GovukForm,
    line_field,
    radio_field,
    text_field,
    yes_no_answer,
)
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    REQUIRED_AGENCIES,
    ExpectedAgency,
)
from frontdoor.safeguarding.strategy.services import Action, Attendance, ChildDecision

ACTION_ROWS = 3  # immediate actions a strategy discussion records on its page

# Each agency as the labels name it mid-sentence: "Did the police take part?"
AGENCY_IN_A_SENTENCE = {
    ExpectedAgency.LOCAL_AUTHORITY: "the local authority",
    ExpectedAgency.POLICE: "the police",
    ExpectedAgency.HEALTH: "health",
    ExpectedAgency.EDUCATION: "education",
    ExpectedAgency.PROBATION: "probation",
    ExpectedAgency.HOUSING: "housing",
    ExpectedAgency.YOUTH_JUSTICE: "youth justice",
    ExpectedAgency.OTHER: "another agency",
}


def as_typed(form: forms.Form, data: Mapping[str, Any]) -> dict[str, Any]:
    """What was typed into `form`'s fields, as initial values for an unbound form: used to
    re-show the page with a child added or taken off, keeping everything typed and showing
    no errors (nothing has been submitted yet)."""
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
    }


# --- Strategy discussions ----------------------------------------------------------------------


class StrategyDiscussionForm(GovukForm):
    """The whole strategy discussion: attendance by agency, a decision for each child, and up
    to three immediate actions. Field names are the service's error fields: `name_police`,
    `absence_police`, `s47_<person id>`, `rationale_<person id>`..."""

    def __init__(
        self,
        *args: Any,
        children: Iterable[Person] = (),
        chairs: Any = None,
        owners: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.children = list(children)
        fields = self.fields
        fields["held_at"] = GovukDateTimeField(
            label="When the discussion was held",
            required=False,
            help_text="For example, 27 3 2026 and a time like 14:30",
        )
        fields["chair"] = forms.ModelChoiceField(
            label="Who chaired it",
            queryset=chairs,
            required=False,
            empty_label="Select",
        )
        for agency in ExpectedAgency:
            who = AGENCY_IN_A_SENTENCE[agency]
            fields[f"attended_{agency}"] = radio_field(f"Did {who} take part?", YES_NO)
            fields[f"name_{agency}"] = line_field(
                f"Who came for {who}",
                help_text="Their name, and the agency's" if agency == ExpectedAgency.OTHER else "",
            )
            fields[f"role_{agency}"] = line_field("Their role")
            fields[f"absence_{agency}"] = text_field(
                f"Why {who} did not take part",
                help_text="Only if they did not: say why, and how their information was shared",
            )
        fields["information_shared"] = text_field("Information shared")
        for child in self.children:
            fields[f"s47_{child.pk}"] = radio_field(
                f"Does a section 47 enquiry start for {child.full_name}?", YES_NO
            )
            fields[f"rationale_{child.pk}"] = text_field(
                f"Why the discussion decided this for {child.full_name}"
            )
        for n in range(1, ACTION_ROWS + 1):
            fields[f"action_{n}_owner"] = forms.ModelChoiceField(
                label="Who does it", queryset=owners, required=False, empty_label="Select"
            )
            fields[f"action_{n}_what"] = text_field("What they will do")
            fields[f"action_{n}_due"] = GovukDateField(label="By when", required=False)
        fields["interim_safety_plan"] = text_field(
            "Interim safety plan",
            help_text="How the children are kept safe while the enquiries are made",
        )
        fields["legal_advice_needed"] = radio_field("Is legal advice needed?", YES_NO)
        fields["next_steps"] = text_field("Next steps")

    # The rows of the page, each with its fields, for the template.

    def agency_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "agency": agency,
                "label": agency.label,
                "required": agency in REQUIRED_AGENCIES,
                "attended": self[f"attended_{agency}"],
                "name": self[f"name_{agency}"],
                "role": self[f"role_{agency}"],
                "absence": self[f"absence_{agency}"],
                # Shown open when anything was typed for the agency or it has an error.
                "typed": any(
                    self[f"{part}_{agency}"].value() or self.errors.get(f"{part}_{agency}")
                    for part in ("attended", "name", "role", "absence")
                ),
            }
            for agency in ExpectedAgency
        ]

    def child_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "person": child,
                "s47": self[f"s47_{child.pk}"],
                "rationale": self[f"rationale_{child.pk}"],
            }
            for child in self.children
        ]

    def action_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "number": n,
                "owner": self[f"action_{n}_owner"],
                "what": self[f"action_{n}_what"],
                "due": self[f"action_{n}_due"],
            }
            for n in range(1, ACTION_ROWS + 1)
        ]

    # What the service is given.

    def attendance(self) -> list[Attendance]:
        """Each agency with anything recorded. An agency left blank is left out: for the
        local authority, police and health the service then says they must take part."""
        data, found = self.cleaned_data, []
        for agency in ExpectedAgency:
            attended = yes_no_answer(data.get(f"attended_{agency}"))
            name = data.get(f"name_{agency}", "")
            role = data.get(f"role_{agency}", "")
            reason = data.get(f"absence_{agency}", "")
            if attended is None:
                if not (name.strip() or role.strip() or reason.strip()):
                    continue
                attended = bool(name.strip()) or not reason.strip()
            found.append(
                Attendance(
                    agency=agency,
                    attended=attended,
                    name=name,
                    role=role,
                    absence_reason="" if attended else reason,
                )
            )
        return found

    def decisions(self) -> list[ChildDecision]:
        data = self.cleaned_data
        return [
            ChildDecision(
                person_id=child.pk,
                start_section_47=yes_no_answer(data.get(f"s47_{child.pk}")),
                rationale=data.get(f"rationale_{child.pk}", ""),
            )
            for child in self.children
        ]

    def _used_actions(self) -> list[tuple[int, Any, str, date | None]]:
        data, rows = self.cleaned_data, []
        for n in range(1, ACTION_ROWS + 1):
            owner = data.get(f"action_{n}_owner")
            what = data.get(f"action_{n}_what", "")
            due = data.get(f"action_{n}_due")
            if owner or what.strip() or due:
                rows.append((n, owner, what, due))
        return rows

    def actions(self) -> list[Action]:
        return [
            Action(owner_id=owner.pk if owner else None, action=what, due_on=due)
            for _, owner, what, due in self._used_actions()
        ]

    def details(self) -> dict[str, Any]:
        """Everything strategy_discussion_record takes but the actor and the enquiry."""
        data = self.cleaned_data
        chair = data.get("chair")
        return {
            "held_at": data.get("held_at"),
            "chair_id": chair.pk if chair else None,
            "attendance": self.attendance(),
            "children": self.decisions(),
            "information_shared": data.get("information_shared", ""),
            "next_steps": data.get("next_steps", ""),
            "interim_safety_plan": data.get("interim_safety_plan", ""),
            "legal_advice_needed": yes_no_answer(data.get("legal_advice_needed")) is True,
            "actions": self.actions(),
        }

    def add_domain_error(self, field: str | None, message: str) -> None:
        if field == "actions":
            field = self._action_at_fault()
        super().add_domain_error(field, message)

    def _action_at_fault(self) -> str | None:
        """The service says only "actions": find the row it stopped at, checking each row in
        its order (what, who, when) as it does."""
        held_at = self.cleaned_data.get("held_at")
        held_on = timezone.localtime(held_at).date() if held_at else None
        for n, owner, what, due in self._used_actions():
            if not what.strip():
                return f"action_{n}_what"
            if owner is None:
                return f"action_{n}_owner"
            if due is None or (held_on is not None and due < held_on):
                return f"action_{n}_due"
        return "action_1_what"


class ActionDoneForm(GovukForm):
    note = text_field("What was done")
