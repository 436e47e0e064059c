"""Writes of the access model: breaking the glass and its review, restricting a record, its
review every `restricted_review_days`, and lifting it. Each is one transaction and writes its
audit row; a refusal saves nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, lock, required_text

from .access import CEILING, access_for, access_setting, holding_team_ids
from .models import BreakGlass, Person, Restriction


@transaction.atomic
def break_glass_open(*, actor: Any, person_id: int, reason: str) -> BreakGlass:
    """Open a child's whole record to a member of staff with no relationship to the child,
    for `break_glass_minutes`, with their reason."""
    person = Person.objects.get(pk=person_id)
    text = required_text(reason, "reason", "Enter why you need to open this record")
    if actor.role not in CEILING:
        raise PermissionDeniedError("Your role cannot open children's records")
    access = access_for(actor, person)
    if access.restricted:
        raise PermissionDeniedError(
            "This record is restricted: only the people named on it can open it"
        )
    if access.case:
        raise DomainError("You can already open this record", field="reason")
    now = timezone.now()
    opened = BreakGlass.objects.create(
        person=person,
        user=actor,
        reason=text,
        opened_at=now,
        expires_at=now + timedelta(minutes=access_setting("break_glass_minutes")),
    )
    audit_write(
        actor=actor,
        action="break_glass.open",
        obj=opened,
        person=person,
        summary=text,
        changes={"reason": text, "expires_at": opened.expires_at},
    )
    return opened


def may_review_break_glass(user: Any, opened: BreakGlass) -> bool:
    """The head of service, or a manager of a team holding the child's work; never the
    person who broke the glass."""
    if user.pk == opened.user_id or not user.is_active:
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return (
        user.role == Role.TEAM_MANAGER
        and user.team_id is not None
        and user.team_id in holding_team_ids(opened.person_id)
    )


@transaction.atomic
def break_glass_review(*, actor: Any, break_glass_id: int, note: str) -> BreakGlass:
    opened = lock(BreakGlass, break_glass_id)
    if not may_review_break_glass(actor, opened):
        raise PermissionDeniedError("Only a manager of the child's team can review this")
    if opened.reviewed_at is not None:
        raise DomainError(f"{opened.reviewed_by} reviewed this already", field="note")
    opened.reviewed_by = actor
    opened.reviewed_at = timezone.now()
    opened.review_note = (note or "").strip()
    opened.save()
    audit_write(
        actor=actor,
        action="break_glass.review",
        obj=opened,
        person=opened.person_id,
        summary=opened.review_note,
    )
    return opened


# --- restricted records ----------------------------------------------------------------------


def _require_head_of_service(actor: Any) -> None:
    if not (actor.is_active and actor.role == Role.HEAD_OF_SERVICE):
        raise PermissionDeniedError("Only a head of service can restrict a record")


def _named_users(actor: Any, user_ids: list[int]) -> list[User]:
    users = list(User.objects.filter(pk__in=user_ids, is_active=True, role__in=list(CEILING)))
    if len(users) != len(set(user_ids)):
        raise DomainError("Choose people from the list", field="named_users")
    if actor.pk not in {u.pk for u in users}:
        users.append(actor)  # whoever restricts a record can always open it
    return users


@transaction.atomic
def person_restrict(
    *, actor: Any, person_id: int, category: str, reason: str, named_user_ids: list[int]
) -> Restriction:
    _require_head_of_service(actor)
    person = lock(Person, person_id)
    if category not in Restriction.Category.values:
        raise DomainError("Choose why the record is restricted", field="category")
    text = required_text(reason, "reason", "Enter the reason for restricting the record")
    if Restriction.objects.filter(person=person, lifted_at__isnull=True).exists():
        raise DomainError("This record is already restricted", field="category")
    named = _named_users(actor, named_user_ids)
    now = timezone.now()
    restriction = Restriction.objects.create(
        person=person,
        category=category,
        reason=text,
        restricted_by=actor,
        restricted_at=now,
        review_due_on=timezone.localdate()
        + timedelta(days=access_setting("restricted_review_days")),
    )
    restriction.named_users.set(named)
    audit_write(
        actor=actor,
        action="restriction.add",
        obj=restriction,
        person=person,
        summary=text,
        changes={"category": category, "named_users": sorted(u.pk for u in named)},
    )
    return restriction


@transaction.atomic
def restriction_review(
    *,
    actor: Any,
    restriction_id: int,
    version: int,
    keep: bool,
    note: str,
    named_user_ids: list[int],
) -> Restriction:
    """The periodic review: keep it (with who is named now, until the next review) or lift
    it; either way with a note."""
    _require_head_of_service(actor)
    restriction = lock(Restriction, restriction_id)
    check_version(restriction, version)
    if not restriction.in_force:
        raise DomainError("This restriction has been lifted already", field="keep")
    text = required_text(note, "note", "Enter what the review found")
    now = timezone.now()
    before = sorted(u.pk for u in restriction.named_users.all())
    if keep:
        named = _named_users(actor, named_user_ids)
        restriction.named_users.set(named)
        restriction.reviewed_by = actor
        restriction.reviewed_at = now
        restriction.review_due_on = timezone.localdate() + timedelta(
            days=access_setting("restricted_review_days")
        )
        action = "restriction.review"
        changes = {"named_users": [before, sorted(u.pk for u in named)], "note": text}
    else:
        restriction.lifted_by = actor
        restriction.lifted_at = now
        restriction.lift_reason = text
        action = "restriction.lift"
        changes = {"note": text}
    bump(restriction)
    audit_write(
        actor=actor,
        action=action,
        obj=restriction,
        person=restriction.person_id,
        summary=text,
        changes=changes,
    )
    return restriction
