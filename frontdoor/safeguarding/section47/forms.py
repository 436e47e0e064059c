"""Forms for the outcome of a section 47 enquiry and its conference (they parse; services rule)."""

from __future__ import annotations

from frontdoor.core.forms import (
    GovukDateField,
    GovukForm,
    VersionedForm,
    line_field,
    radio_field,
)
from frontdoor.safeguarding.models import (
    ConferenceOutcome,
    Section47Outcome,
)

# --- Section 47 enquiries, conferences and plans -----------------------------------------------


class Section47OutcomeForm(VersionedForm):
    outcome = radio_field("Outcome of the enquiry", Section47Outcome.choices)
    outcome_on = GovukDateField(label="Date of the outcome", required=False)


class ConferenceForm(GovukForm):
    held_on = GovukDateField(
        label="Date of the initial conference",
        required=False,
        help_text="Conferences are held on weekdays",
    )
    outcome = radio_field("Outcome of the conference", ConferenceOutcome.choices)
    chair = line_field("Who chaired the conference")
