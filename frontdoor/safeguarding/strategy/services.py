"""Recording a strategy discussion, and completing its actions.

A strategy discussion has the local authority, police and health, or a reason for each one
absent, and a rationale for every child's section 47 decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.accounts.rules import is_manager
from frontdoor.casework.clocks import due_on
from frontdoor.casework.models import Referral
from frontdoor.casework.oversight.services import NOT_CASEWORKERS
from frontdoor.casework.referrals import services as referral_services
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import lock, require, required_text
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    REQUIRED_AGENCIES,
    ExpectedAgency,
    MashEnquiry,
    Section47,
    StrategyAction,
    StrategyAttendance,
    StrategyChild,
    StrategyDiscussion,
)

# --- Strategy discussions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    agency: str
    attended: bool
    name: str = ""
    role: str = ""
    absence_reason: str = ""


@dataclass(frozen=True)
class ChildDecision:
    person_id: int
    start_section_47: bool | None
    rationale: str


@dataclass(frozen=True)
class Action:
    owner_id: int | None
    action: str
    due_on: date | None


def _check_attendance(attendance: list[Attendance]) -> None:
    present = {a.agency for a in attendance if a.attended}
    for item in attendance:
        if item.agency not in ExpectedAgency.values:
            raise DomainError("Select agencies from the list", field="attendance")
        if item.attended and not item.name.strip():
            raise DomainError(
                f"Enter who came for {ExpectedAgency(item.agency).label}",
                field=f"name_{item.agency}",
            )
        if not item.attended and not item.absence_reason.strip():
            raise DomainError(
                f"Enter why {ExpectedAgency(item.agency).label} was not there",
                field=f"absence_{item.agency}",
            )
    explained = {a.agency for a in attendance if not a.attended}
    for agency in REQUIRED_AGENCIES:
        if agency not in present and agency not in explained:
            raise DomainError(
                f"{ExpectedAgency(agency).label} must take part in a strategy discussion: "
                "record who came, or why they could not",
                field=f"absence_{agency}",
            )


def _referral_source(enquiry: MashEnquiry | None, people: list[Person]) -> str:
    """The referral source for a child the discussion opens a referral for: that of the contact
    behind it, through its MASH enquiry, or else through the latest referral open for a child
    discussed (the contact whose decision asked for the discussion, for a brother or sister
    brought in); "" when there is none, which the referral records as unknown."""
    if enquiry is not None and enquiry.origin is not None:
        return enquiry.origin.contact.referral_source
    latest = (
        Referral.objects.filter(person__in=people, closed_on__isnull=True)
        .order_by("-referral_date", "-pk")
        .values_list("source", flat=True)
        .first()
    )
    return latest or ""


@transaction.atomic
def strategy_discussion_record(
    *,
    actor: Any,
    held_at: datetime | None,
    chair_id: int | None,
    attendance: list[Attendance],
    children: list[ChildDecision],
    information_shared: str,
    next_steps: str,
    interim_safety_plan: str = "",
    legal_advice_needed: bool = False,
    actions: list[Action] | None = None,
    enquiry_id: int | None = None,
) -> StrategyDiscussion:
    """Record a strategy discussion about one or more children, whole or not at all."""
    require(actor, "safeguarding.record_strategy")
    if held_at is None:
        raise DomainError("Enter when the strategy discussion was held", field="held_at")
    if held_at > timezone.now():
        raise DomainError("The strategy discussion must have been held already", field="held_at")
    chair = _council_staff(chair_id)
    if chair is None:
        raise DomainError("Select who chaired the discussion", field="chair")
    _check_attendance(attendance)
    information_shared = required_text(
        information_shared, "information_shared", "Enter the information shared"
    )
    next_steps = required_text(next_steps, "next_steps", "Enter the next steps")
    if enquiry_id is not None and not MashEnquiry.objects.filter(pk=enquiry_id).exists():
        raise DomainError("The MASH enquiry this discussion follows no longer exists")
    if not children:
        raise DomainError("Add the children the discussion was about", field="children")
    decided: list[tuple[Person, bool, str]] = []
    for child in children:
        person = Person.objects.filter(pk=child.person_id).first()
        if person is None:
            raise DomainError("Add the children the discussion was about", field="children")
        if any(other.pk == person.pk for other, _, _ in decided):
            raise DomainError(f"{person.full_name} is listed twice", field="children")
        if child.start_section_47 is None:
            raise DomainError(
                f"Select whether a section 47 enquiry starts for {person.full_name}",
                field=f"s47_{person.pk}",
            )
        rationale = required_text(
            child.rationale,
            f"rationale_{person.pk}",
            f"Enter why the discussion decided as it did for {person.full_name}",
        )
        decided.append((person, child.start_section_47, rationale))
    discussion = StrategyDiscussion.objects.create(
        held_at=held_at,
        chair=chair,
        enquiry_id=enquiry_id,
        information_shared=information_shared,
        interim_safety_plan=interim_safety_plan.strip(),
        legal_advice_needed=legal_advice_needed,
        next_steps=next_steps,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    for item in attendance:
        StrategyAttendance.objects.create(
            discussion=discussion,
            agency=item.agency,
            name=item.name.strip(),
            role=item.role.strip(),
            attended=item.attended,
            absence_reason=item.absence_reason.strip(),
        )
    held_on = timezone.localtime(held_at).date()
    enquiry = (
        MashEnquiry.objects.select_related("origin__contact").filter(pk=enquiry_id).first()
        if enquiry_id
        else None
    )
    source = _referral_source(enquiry, [person for person, _, _ in decided])
    for person, start, rationale in decided:
        referral = referral_services.referral_open(
            actor=actor, person=person, referral_date=held_on, source=source, urgent=True
        )
        strategy_child = StrategyChild.objects.create(
            discussion=discussion,
            person=person,
            referral=referral,
            start_section_47=start,
            rationale=rationale,
        )
        if start:
            section47 = Section47.objects.create(
                person=person,
                referral=referral,
                strategy_child=strategy_child,
                started_on=held_on,
                conference_due_on=due_on(held_on, "conference_working_days"),
            )
            audit_write(
                actor=actor,
                action="section47.start",
                obj=section47,
                summary=f"Section 47 enquiry for {person.full_name}: {rationale[:200]}",
            )
    for action in actions or []:
        _add_action(discussion, action)
    audit_write(
        actor=actor,
        action="strategy.record",
        obj=discussion,
        summary=f"Strategy discussion about {', '.join(p.full_name for p, _, _ in decided)}",
    )
    return discussion


def _council_staff(user_id: int | None) -> User | None:
    """An active council worker (not a partner, analyst or administrator), or None."""
    if not user_id:
        return None
    return User.objects.filter(pk=user_id, is_active=True).exclude(role__in=NOT_CASEWORKERS).first()


def _add_action(discussion: StrategyDiscussion, action: Action) -> None:
    text = required_text(action.action, "actions", "Enter what each action is")
    owner = _council_staff(action.owner_id)
    if owner is None:
        raise DomainError("Select who does each action", field="actions")
    if action.due_on is None or action.due_on < timezone.localtime(discussion.held_at).date():
        raise DomainError(
            "Enter when each action is due, on or after the discussion", field="actions"
        )
    StrategyAction.objects.create(
        discussion=discussion, owner=owner, action=text, due_on=action.due_on
    )


@transaction.atomic
def strategy_action_done(*, actor: Any, action_id: int, note: str) -> StrategyAction:
    action = lock(StrategyAction, action_id)
    if actor.pk != action.owner_id and not is_manager(actor):
        raise PermissionDeniedError("Only the person the action is for, or a manager, can do this")
    if action.done_at:
        raise ConflictError("This action has already been done")
    action.done_note = required_text(note, "note", "Enter what was done")
    action.done_at = timezone.now()
    action.save()
    audit_write(actor=actor, action="strategy.action_done", obj=action, summary=action.done_note)
    return action
