"""What the casework page tests post and where they go."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.accounts.tests.factories import date_fields
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import Assessment, Referral


def assessment_post(action: str = "save", version: int = 1, **fields: Any) -> dict[str, Any]:
    """Everything the assessment form submits, filled in as a complete assessment."""
    data: dict[str, Any] = {
        "action": action,
        "version": str(version),
        **date_fields("child_seen_on", date(2026, 11, 10)),
        "child_seen_alone": "yes",
        "child_views": "Says she feels safe at home but worries about her mum.",
        "culture_identity": "Polish heritage; speaks Polish at home; Catholic family.",
        "factors": ["3B", "4B"],
        "analysis": "Domestic abuse between the parents; mother engaging with support.",
        "outcome": "cin_plan",
        "requires_support": "yes",
        "late_reason": "",
    }
    return data | fields


def assessment_url(assessment: Assessment) -> str:
    return f"/casework/assessments/{assessment.pk}/"


def referral_url(referral: Referral, action: str = "") -> str:
    return f"/casework/referrals/{referral.pk}/" + (f"{action}/" if action else "")


def started(referral: Referral, worker: Any) -> Assessment:
    return assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
