"""Management oversight and supervision of a child's work, and the directions it gives."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.casework.models import (
    EarlyHelpEpisode,
    Oversight,
    Referral,
)
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import bump, due_date, lock, require, required_text
from frontdoor.people.access import holders_of
from frontdoor.people.models import Person

# Roles that hold no casework, so cannot be given a direction on a child's case.
NOT_CASEWORKERS = (Role.MASH_PARTNER, Role.PERFORMANCE_ANALYST, Role.SYSTEM_ADMINISTRATOR)


# --- Management oversight --------------------------------------------------------------------


@transaction.atomic
def oversight_record(
    *,
    actor: Any,
    person: Person,
    kind: str,
    discussion: str,
    direction: str = "",
    direction_for_id: int | None = None,
    direction_due_on: date | None = None,
    referral_id: int | None = None,
    early_help_id: int | None = None,
) -> Oversight:
    require(actor, "casework.record_oversight")
    referral = (
        Referral.objects.filter(pk=referral_id, person=person).first() if referral_id else None
    )
    if referral_id and referral is None:
        raise DomainError("That referral is not this child's")
    episode = (
        EarlyHelpEpisode.objects.select_related("advisor")
        .filter(pk=early_help_id, person=person)
        .first()
        if early_help_id
        else None
    )
    if early_help_id and episode is None:
        raise DomainError("That early help episode is not this child's")
    if not manages_the_work(actor, person, referral, episode):
        raise PermissionDeniedError(
            "Only a manager of the team that holds this child's work can record oversight"
        )
    if kind not in Oversight.Kind.values:
        raise DomainError("Select oversight or supervision", field="kind")
    discussion = required_text(discussion, "discussion", "Enter what was discussed")
    direction = direction.strip()
    direction_for = None
    if direction:
        direction_for = (
            User.objects.filter(pk=direction_for_id, is_active=True)
            .exclude(role__in=NOT_CASEWORKERS)
            .first()
            if direction_for_id
            else None
        )
        if direction_for is None:
            raise DomainError("Select who the direction is for", field="direction_for")
        direction_due_on = due_date(
            direction_due_on, field="direction_due_on", what="the direction"
        )
    elif direction_for_id or direction_due_on:
        raise DomainError("Enter the direction given", field="direction")
    oversight = Oversight.objects.create(
        person=person,
        referral_id=referral_id,
        early_help_id=early_help_id,
        kind=kind,
        discussion=discussion,
        direction=direction,
        direction_for=direction_for,
        direction_due_on=direction_due_on if direction else None,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="oversight.record",
        obj=oversight,
        summary=f"{oversight.get_kind_display()} for {person.full_name}",
        changes={"direction": [None, direction]} if direction else None,
    )
    return oversight


def manages_the_work(
    actor: Any,
    person: Person,
    referral: Referral | None = None,
    episode: EarlyHelpEpisode | None = None,
) -> bool:
    """A head of service oversees every child's work; a team manager only their own team's:
    the referral's team, the early help advisor's team (the early help team's while the
    episode waits for an advisor), or, for oversight of the child as a whole, a team that
    holds work with the child (the front door's, for a contact)."""
    if actor.role == Role.HEAD_OF_SERVICE:
        return True
    if actor.role != Role.TEAM_MANAGER or actor.team_id is None:
        return False
    if referral is not None:
        return referral.team_id == actor.team_id
    if episode is not None:
        if episode.advisor is None:  # waiting in the early help queue
            return bool(actor.team.kind == Team.Kind.EARLY_HELP)
        return episode.advisor.team_id == actor.team_id
    return any(holder.includes(actor) for holder in holders_of([person.pk])[person.pk])


@transaction.atomic
def oversight_direction_complete(*, actor: Any, oversight_id: int, note: str) -> Oversight:
    oversight = lock(Oversight, oversight_id)
    if actor.pk not in (
        oversight.direction_for_id,
        oversight.recorded_by_id,
    ) and not actor.has_perm("casework.record_oversight"):
        raise PermissionDeniedError("Only the worker directed or a manager can complete this")
    if not oversight.direction:
        raise DomainError("This record has no direction to complete")
    if oversight.completed_at:
        raise ConflictError("This direction has already been completed")
    oversight.completion_note = required_text(note, "note", "Enter what was done")
    oversight.completed_at = timezone.now()
    oversight.completed_by = actor
    bump(oversight)
    audit_write(
        actor=actor,
        action="oversight.complete",
        obj=oversight,
        summary=oversight.completion_note,
    )
    return oversight
