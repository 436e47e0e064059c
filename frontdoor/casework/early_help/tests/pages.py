"""What the early help page tests post and where they go."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.accounts.tests.factories import (
    date_fields,
)
from frontdoor.casework.models import EarlyHelpEpisode

QUEUE = "/casework/early-help/"
DECISION: dict[str, Any] = {
    "outcome": "early_help",
    "need_level": "early_help",
    "rationale": "Additional needs; the school knows the family well.",
    "best_placed": "School to lead an early help assessment.",
    "agency_taking_action": "Northshire Primary School",
    "child_views": "",
}


def url(episode: EarlyHelpEpisode) -> str:
    return f"/casework/early-help/{episode.pk}/"


def progress(episode: EarlyHelpEpisode, consent: str, **dates: date | None) -> dict[str, str]:
    data = {"action": "update", "version": str(episode.version), "consent": consent}
    for name in ("assessment_started_on", "assessment_completed_on", "plan_started_on"):
        data |= date_fields(name, dates.get(name))
    return data
