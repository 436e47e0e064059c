"""Forms for raising a disagreement, finding the decision by its contact, and recording a
stage's outcome."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.models import Agency
from frontdoor.core.forms import GovukForm, VersionedForm, line_field, radio_field, text_field

from .models import Disagreement, DisagreementStage

WHOSE = [("self", "Mine"), ("partner", "A partner professional's")]


class FindContactForm(GovukForm):
    contact = line_field("Contact reference", help_text="Like C000123", max_length=20)


class RaiseForm(GovukForm):
    whose = radio_field("Whose disagreement is it?", WHOSE)
    partner_name = line_field("Their name", max_length=120)
    partner_agency = radio_field("Their agency", Agency.choices)
    partner_role = line_field(
        "Their role", help_text="Like designated safeguarding lead", max_length=120
    )
    disagrees_with = text_field("What is disagreed with in the decision")
    wants_instead = text_field("What is wanted instead")

    def clean(self) -> dict[str, Any]:
        """Every missing answer at its field at once (the service checks them again)."""
        data = super().clean() or {}
        whose = data.get("whose")
        if not whose:
            self.add_error("whose", "Select whose disagreement this is")
        if whose == "partner":
            if not (data.get("partner_name") or "").strip():
                self.add_error("partner_name", "Enter the name of the professional who disagrees")
            if not data.get("partner_agency"):
                self.add_error("partner_agency", "Select the professional's agency")
            if not (data.get("partner_role") or "").strip():
                self.add_error("partner_role", "Enter the professional's role")
        if not (data.get("disagrees_with") or "").strip():
            self.add_error("disagrees_with", "Enter what is disagreed with in the decision")
        if not (data.get("wants_instead") or "").strip():
            self.add_error("wants_instead", "Enter what is wanted instead")
        return data

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "for_partner": {"self": False, "partner": True}.get(data["whose"]),
            "partner_name": data["partner_name"],
            "partner_agency": data["partner_agency"],
            "partner_role": data["partner_role"],
            "disagrees_with": data["disagrees_with"],
            "wants_instead": data["wants_instead"],
        }


class OutcomeForm(VersionedForm):
    outcome = radio_field("Outcome of this stage", DisagreementStage.Outcome.choices)
    agreed = radio_field("What was agreed", Disagreement.Agreed.choices)
    note = text_field("What was agreed and why", help_text="If resolved")
    reason = text_field("Why it is escalated", help_text="If escalated")

    def __init__(self, *args: Any, last: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if last:  # the last stage only resolves: say so, but let a forged post be refused
            self.fields["outcome"].help_text = "This is the last stage: it can only be resolved"

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        escalated = data["outcome"] == DisagreementStage.Outcome.ESCALATED
        return {
            "version": data["version"],
            "outcome": data["outcome"],
            "agreed": "" if escalated else data["agreed"],
            "note": data["reason"] if escalated else data["note"],
        }
