"""Forms for recording a monitored call and acknowledging its feedback."""

from __future__ import annotations

import re
from typing import Any

from frontdoor.core.forms import (
    GovukDateTimeField,
    GovukForm,
    line_field,
    radio_field,
    text_field,
)
from frontdoor.quality.grading import add_rubric_fields, posted_grades

from .models import CALL_RUBRIC, MonitoredCall

REFERENCE = re.compile(r"^\s*C?0*(\d{1,9})\s*$", re.IGNORECASE)


def contact_id_from(reference: str) -> int | None:
    """The contact's id from its reference as typed ("C000123", "c123" or "123")."""
    found = REFERENCE.match(reference or "")
    return int(found.group(1)) if found else None


class CallForm(GovukForm):
    contact = line_field("Contact reference", help_text="Like C000123", max_length=20)
    listened_at = GovukDateTimeField(label="When you listened", required=False)
    mode = radio_field("How you listened", MonitoredCall.Mode.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_rubric_fields(self, CALL_RUBRIC)
        self.fields["feedback"] = text_field("Feedback to the worker")

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact_id": contact_id_from(data["contact"]),
            "listened_at": data["listened_at"],
            "mode": data["mode"],
            "grades": posted_grades(data, CALL_RUBRIC),
            "feedback": data["feedback"],
        }


class AcknowledgeForm(GovukForm):
    reply = text_field("Your reply", help_text="Optional")
