"""The outcome of a section 47 enquiry, and the initial child protection conference.

A conference is never on a weekend."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.services import bump, check_version, lock, past_date, require, required_text
from frontdoor.safeguarding.models import (
    Conference,
    ConferenceOutcome,
    Section47,
    Section47Outcome,
)

# --- Section 47 and conferences ---------------------------------------------------------------


@transaction.atomic
def section47_outcome_record(
    *, actor: Any, section47_id: int, version: int | None, outcome: str, outcome_on: date | None
) -> Section47:
    section47 = lock(Section47, section47_id)
    check_version(section47, version)
    require(actor, "safeguarding.work_on_section47", section47)
    if section47.outcome:
        raise ConflictError("The outcome of this enquiry has been recorded")
    if outcome not in Section47Outcome.values:
        raise DomainError("Select the outcome of the enquiry", field="outcome")
    outcome_on = past_date(
        outcome_on,
        field="outcome_on",
        label="the date of the outcome",
        not_before=section47.started_on,
        before_label="the strategy discussion",
    )
    section47.outcome, section47.outcome_on, section47.outcome_by = outcome, outcome_on, actor
    bump(section47)
    audit_write(
        actor=actor, action="section47.outcome", obj=section47, changes={"outcome": [None, outcome]}
    )
    return section47


@transaction.atomic
def conference_record(
    *, actor: Any, section47_id: int, held_on: date | None, outcome: str, chair: str
) -> Conference:
    section47 = lock(Section47, section47_id)
    require(actor, "safeguarding.work_on_section47", section47)
    if section47.outcome != Section47Outcome.ICPC:
        raise DomainError("Record the enquiry's outcome as an initial conference first")
    if Conference.objects.filter(section47=section47).exists():
        raise ConflictError("The initial conference has already been recorded")
    held_on = past_date(
        held_on,
        field="held_on",
        label="the date of the conference",
        not_before=section47.started_on,
        before_label="the strategy discussion",
    )
    if held_on.weekday() >= 5:
        raise DomainError(
            f"{held_on:%A %-d %B %Y} is a weekend: conferences are held on weekdays",
            field="held_on",
        )
    if outcome not in ConferenceOutcome.values:
        raise DomainError("Select the outcome of the conference", field="outcome")
    conference = Conference.objects.create(
        section47=section47,
        held_on=held_on,
        outcome=outcome,
        chair=required_text(chair, "chair", "Enter who chaired the conference"),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    late = held_on > section47.conference_due_on
    audit_write(
        actor=actor,
        action="conference.record",
        obj=conference,
        changes={"held_on": [None, held_on.isoformat()], "outcome": [None, outcome]},
        summary="Held after its 15 working days" if late else "",
    )
    return conference
