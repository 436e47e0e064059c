"""Every write to a referral: opening it (or joining the open one), its team, its worker, the
risk reviews while it waits, and its primary need. One transaction each, each audited.

A child has at most one open referral."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.casework.clocks import due_on, today
from frontdoor.casework.models import (
    Allocation,
    Referral,
    ReferralContact,
    RiskReview,
)
from frontdoor.casework.referrals.selectors import referrals_within_12_months
from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.codes import PrimaryNeed, ReferralSource
from frontdoor.core.errors import DomainError
from frontdoor.core.services import bump, check_version, lock, require, required_text
from frontdoor.core.working_days import calendar
from frontdoor.people.models import Person

# --- Referrals: opened from the front door's decision ---------------------------------------


def locality_team_for(person: Person) -> tuple[Team | None, str]:
    """The locality team covering the child's current postcode, and why, in words."""
    address = person.addresses.filter(moved_out__isnull=True).exclude(postcode="").first()
    if address is None:
        return None, "No current postcode: choose the locality team"
    district = address.postcode.upper().split()[0] if address.postcode.strip() else ""
    for team in Team.objects.filter(kind=Team.Kind.LOCALITY).exclude(postcode_districts=""):
        if district in team.districts:
            return team, f"By postcode district {district}"
    return None, f"No locality team covers {district}: choose one"


def _is_re_referral(person: Person, referral_date: date) -> bool:
    # Called before the new referral is saved, so a previous one on the same day (opened and
    # closed that day) counts: it is within 12 months too.
    return referrals_within_12_months(person, referral_date).exists()


def referral_open(
    *,
    actor: Any,
    person: Person,
    referral_date: date,
    source: str,
    urgent: bool = False,
    origin: Any = None,
) -> Referral:
    """Open a child in need episode, or join the child's open one. Called inside a service."""
    open_referral = open_referral_of(person)
    if open_referral is None:
        try:
            with transaction.atomic():
                return _new_referral(
                    actor=actor,
                    person=person,
                    referral_date=referral_date,
                    source=source,
                    urgent=urgent,
                    origin=origin,
                )
        except IntegrityError:
            # Another session opened the child's referral after we looked (there was no row
            # to lock yet) and the one-open-referral index refused ours: join theirs.
            open_referral = open_referral_of(person)
            if open_referral is None:
                raise
    if origin is not None:
        ReferralContact.objects.get_or_create(referral=open_referral, contact_child=origin)
        audit_write(
            actor=actor,
            action="referral.contact_attach",
            obj=open_referral,
            summary=f"Contact {origin.contact.reference} joined the open referral",
        )
    return open_referral


def open_referral_of(person: Person) -> Referral | None:
    """The child's open referral, locked for the rest of the transaction, or None."""
    return (
        Referral.objects.select_for_update().filter(person=person, closed_on__isnull=True).first()
    )


def _new_referral(
    *,
    actor: Any,
    person: Person,
    referral_date: date,
    source: str,
    urgent: bool,
    origin: Any,
) -> Referral:
    cal = calendar()
    team, why = locality_team_for(person)
    seen_clock = "child_seen_urgent_working_days" if urgent else "child_seen_working_days"
    referral = Referral.objects.create(
        person=person,
        origin=origin,
        referral_date=referral_date,
        source=source or ReferralSource.UNKNOWN,
        is_re_referral=_is_re_referral(person, referral_date),
        team=team,
        allocation_due_on=due_on(referral_date, "allocation_working_days", cal),
        risk_review_due_on=due_on(referral_date, "risk_review_working_days", cal),
        child_seen_due_on=due_on(referral_date, seen_clock, cal),
        opened_by=actor,
    )
    if origin is not None:
        ReferralContact.objects.create(referral=referral, contact_child=origin)
    Allocation.objects.create(
        referral=referral, team=team, reason=why, allocated_by=actor, allocated_at=timezone.now()
    )
    audit_write(
        actor=actor,
        action="referral.open",
        obj=referral,
        changes={k: [None, v] for k, v in snapshot(referral).items()},
        summary=f"Referral opened for {person.full_name}"
        + (" (re-referral)" if referral.is_re_referral else ""),
    )
    return referral


# --- Allocation ------------------------------------------------------------------------------


@transaction.atomic
def referral_team_change(
    *, actor: Any, referral_id: int, version: int | None, team_id: int | None, reason: str
) -> Referral:
    """Send a referral to another locality team (overriding the postcode)."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.change_referral_team", referral)
    check_version(referral, version)
    require_open(referral)
    team = Team.objects.filter(pk=team_id, kind=Team.Kind.LOCALITY).first() if team_id else None
    if team is None:
        raise DomainError("Select the locality team", field="team")
    reason = required_text(reason, "reason", "Enter why the referral goes to this team")
    audited = ["team_id", "worker_id", "risk_review_due_on", "allocation_due_on"]
    before = snapshot(referral, audited)
    referral.team = team
    referral.worker = None
    referral.allocated_at = None
    # The new team's allocation clock starts now.
    referral.allocation_due_on = due_on(today(), "allocation_working_days")
    if referral.risk_review_due_on is None:
        # Unallocated again: the child's risk must be reviewed until a new worker is named.
        referral.risk_review_due_on = due_on(today(), "risk_review_working_days")
    bump(referral)
    Allocation.objects.create(
        referral=referral,
        team=team,
        reason=reason,
        allocated_by=actor,
        allocated_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="referral.team_change",
        obj=referral,
        changes=changes_between(before, snapshot(referral, audited)),
        summary=reason,
    )
    return referral


@transaction.atomic
def referral_allocate(
    *, actor: Any, referral_id: int, version: int | None, worker_id: int | None
) -> Referral:
    """A team manager allocates the referral to a named worker in their team."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.allocate_referral", referral)
    check_version(referral, version)
    require_open(referral)
    if referral.team_id is None:
        raise DomainError("Choose the locality team before allocating a worker", field="team")
    worker = User.objects.filter(pk=worker_id, is_active=True).first() if worker_id else None
    if worker is None:
        raise DomainError("Select the worker", field="worker")
    if worker.team_id != referral.team_id:
        raise DomainError(f"{worker} is not in {referral.team}", field="worker")
    before = snapshot(referral, ["worker_id"])
    referral.worker = worker
    referral.allocated_at = timezone.now()
    referral.risk_review_due_on = None
    bump(referral)
    Allocation.objects.create(
        referral=referral,
        team=referral.team,
        worker=worker,
        allocated_by=actor,
        allocated_at=referral.allocated_at,
    )
    audit_write(
        actor=actor,
        action="referral.allocate",
        obj=referral,
        changes=changes_between(before, snapshot(referral, ["worker_id"])),
        summary=f"Allocated to {worker}",
    )
    return referral


@transaction.atomic
def risk_review_record(
    *, actor: Any, referral_id: int, note: str, next_review_on: date | None
) -> RiskReview:
    """A manager reviews the risk to a child still waiting for a worker, and sets the next date."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.allocate_referral", referral)
    require_open(referral)
    if referral.worker_id:
        raise DomainError("This referral is allocated: no risk review is needed")
    note = required_text(note, "note", "Enter what you reviewed and what you decided")
    if next_review_on is None:
        raise DomainError("Enter the date of the next risk review", field="next_review_on")
    latest = due_on(today(), "risk_review_working_days")
    if not today() < next_review_on <= latest:
        raise DomainError(
            f"The next risk review must be after today and no later than {latest:%-d %B %Y}",
            field="next_review_on",
        )
    previous = referral.risk_review_due_on
    review = RiskReview.objects.create(
        referral=referral,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        note=note,
        next_review_on=next_review_on,
    )
    referral.risk_review_due_on = next_review_on
    bump(referral)
    audit_write(
        actor=actor,
        action="referral.risk_review",
        obj=referral,
        changes={
            "risk_review_due_on": [
                previous.isoformat() if previous else None,
                next_review_on.isoformat(),
            ]
        },
        summary=note,
    )
    return review


@transaction.atomic
def referral_primary_need_set(
    *, actor: Any, referral_id: int, version: int | None, primary_need: str
) -> Referral:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    check_version(referral, version)
    if primary_need not in PrimaryNeed.values:
        raise DomainError("Select the primary need", field="primary_need")
    before = referral.primary_need
    referral.primary_need = primary_need
    bump(referral)
    audit_write(
        actor=actor,
        action="referral.primary_need",
        obj=referral,
        changes={"primary_need": [before, primary_need]},
    )
    return referral


def require_open(referral: Referral) -> None:
    if not referral.is_open:
        raise DomainError("This referral is closed")
