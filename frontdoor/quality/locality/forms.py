"""The locality feedback form."""

from __future__ import annotations

from frontdoor.core.forms import GovukForm, radio_field, text_field

from .models import LocalityFeedback


class FeedbackForm(GovukForm):
    kind = radio_field("What is your feedback?", LocalityFeedback.Kind.choices)
    reason = text_field("Why", help_text="What the front door should know for next time")
