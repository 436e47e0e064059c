"""Forms for a child protection plan (its start, reviews, visits and end) and immediate
protection (they parse; the services rule)."""

from __future__ import annotations

from typing import Any

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
from frontdoor.safeguarding.models import (
    AbuseCategory,
    ProtectionKind,
)


class PlanStartForm(GovukForm):
    start_date = GovukDateField(
        label="Date the plan started",
        required=False,
        help_text="The day of the conference or after it",
    )
    category = radio_field("Category of abuse", AbuseCategory.choices)


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date of the review conference", required=False)
    category = radio_field("Category of abuse now", AbuseCategory.choices)
    note = text_field("What the review conference decided")


class VisitForm(GovukForm):
    visited_on = GovukDateField(label="Date of the visit", required=False)
    child_seen = radio_field("Was the child seen?", YES_NO)
    seen_alone = radio_field("Was the child seen alone?", YES_NO)
    note = text_field("Note of the visit")

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "visited_on": data["visited_on"],
            "child_seen": yes_no_answer(data["child_seen"]),
            "seen_alone": yes_no_answer(data["seen_alone"]) is True,
            "note": data["note"],
        }


class PlanEndForm(GovukForm):
    end_date = GovukDateField(label="Date the plan ended", required=False)
    end_reason = line_field("Why the plan ends")


# --- Immediate protection ----------------------------------------------------------------------


class ProtectionForm(GovukForm):
    kind = radio_field("Kind of protection", ProtectionKind.choices)
    started_at = GovukDateTimeField(label="When it started", required=False)
    authority = line_field(
        "Who authorised it", help_text="The police officer, with their collar number, or the court"
    )
    note = text_field("Note")
