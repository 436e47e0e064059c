"""Forms for starting, ending and reviewing a plan (they parse; the services rule)."""

from __future__ import annotations

from frontdoor.core.forms import (
    GovukDateField,
    GovukForm,
    text_field,
)

# --- Plans and closure -----------------------------------------------------------------------


class CinPlanStartForm(GovukForm):
    start_date = GovukDateField(label="Date the plan started", required=False)


class CinPlanEndForm(GovukForm):
    end_date = GovukDateField(label="Date the plan ended", required=False)


class PlanReviewForm(GovukForm):
    reviewed_on = GovukDateField(label="Date of the review", required=False)
    note = text_field("What the review found and decided")
