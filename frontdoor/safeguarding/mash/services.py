"""Every write to a MASH enquiry: opened from a decision, rated, consent, the agencies' checks
asked, answered and chased, and its conclusion, which starts what it decided. One
transaction each, each audited.

A rating change and checks without consent need a reason; a partner answers only their own
agency's checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.rules import is_manager
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.transitions import services as transition_services
from frontdoor.contacts.models import REFERRAL_OUTCOMES, Decision, Immediacy, Outcome
from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.services import bump, check_version, lock, require, required_text
from frontdoor.core.working_days import calendar
from frontdoor.people.models import Person
from frontdoor.safeguarding.models import (
    AgencyCheck,
    CheckAgency,
    MashConsent,
    MashEnquiry,
    Rag,
    RagChange,
)

# --- MASH enquiries ---------------------------------------------------------------------------


def rag_due_at(rag: str, rated_at: datetime) -> datetime:
    """When checks rated `rag` at `rated_at` must be answered (working hours, configurable)."""
    hours = settings.FRONTDOOR_MASH_RAG_HOURS[rag]
    return calendar().add_working_hours(rated_at, hours)


def mash_enquiry_open(
    *,
    actor: Any,
    person: Person,
    rag: str = Rag.AMBER,
    origin: Any = None,
    reason: str = "Rated when the MASH enquiry was opened",
) -> MashEnquiry:
    """Open an enquiry (called inside a service: the decision that asked for it); a child
    with an enquiry already open keeps that one."""
    existing = (
        MashEnquiry.objects.select_for_update()
        .filter(person=person, concluded_at__isnull=True)
        .first()
    )
    if existing is not None:
        return existing
    now = timezone.now()
    consent, consent_reason = _consent_from(origin)
    enquiry = MashEnquiry.objects.create(
        person=person,
        origin=origin,
        consent=consent,
        consent_reason=consent_reason,
        rag=rag,
        rated_at=now,
        due_at=rag_due_at(rag, now),
        opened_by=actor,
        opened_at=now,
    )
    RagChange.objects.create(
        enquiry=enquiry, to_rag=rag, reason=reason, changed_by=actor, changed_at=now
    )
    audit_write(
        actor=actor,
        action="mash.open",
        obj=enquiry,
        changes={"rag": [None, rag]} | ({"consent": [None, consent]} if consent else {}),
        summary=f"MASH enquiry for {person.full_name}"
        + (", consent as recorded on the contact" if consent else ""),
    )
    return enquiry


def _consent_from(origin: Any) -> tuple[str, str]:
    """The consent decision recorded on the contact, carried to its enquiry so nobody asks the
    referrer again (the MASH may still change it, with a reason)."""
    contact = getattr(origin, "contact", None)
    if contact is None or contact.consent not in MashConsent.values:
        return "", ""
    return contact.consent, contact.consent_reason


def mash_from_decision(*, decision: Decision, actor: Any) -> None:
    if decision.outcome == Outcome.MASH_ENQUIRY:
        mash_enquiry_open(
            actor=actor, person=decision.contact_child.person, origin=decision.contact_child
        )


def _open_enquiry(actor: Any, enquiry_id: int, version: int | None) -> MashEnquiry:
    enquiry = lock(MashEnquiry, enquiry_id)
    require(actor, "safeguarding.work_on_mash", enquiry)
    check_version(enquiry, version)
    if not enquiry.is_open:
        raise DomainError("This MASH enquiry has been concluded")
    return enquiry


@transaction.atomic
def mash_rate(
    *, actor: Any, enquiry_id: int, version: int | None, rag: str, reason: str
) -> MashEnquiry:
    """Change the rating; the clock restarts from now at the new rating's length."""
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if rag not in Rag.values:
        raise DomainError("Select red, amber or green", field="rag")
    if rag == enquiry.rag:
        raise DomainError(
            f"The enquiry is already rated {enquiry.get_rag_display().lower()}", field="rag"
        )
    reason = required_text(reason, "reason", "Enter why the rating changes")
    now = timezone.now()
    RagChange.objects.create(
        enquiry=enquiry,
        from_rag=enquiry.rag,
        to_rag=rag,
        reason=reason,
        changed_by=actor,
        changed_at=now,
    )
    before = snapshot(enquiry, ["rag", "due_at"])
    enquiry.rag, enquiry.rated_at, enquiry.due_at = rag, now, rag_due_at(rag, now)
    for check in enquiry.checks.filter(answered_at__isnull=True):
        check.due_at = enquiry.due_at
        check.save(update_fields=["due_at"])
    bump(enquiry)
    audit_write(
        actor=actor,
        action="mash.rate",
        obj=enquiry,
        changes=changes_between(before, snapshot(enquiry, ["rag", "due_at"])),
        summary=reason,
    )
    return enquiry


@transaction.atomic
def mash_consent_record(
    *, actor: Any, enquiry_id: int, version: int | None, consent: str, reason: str = ""
) -> MashEnquiry:
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if consent not in MashConsent.values:
        raise DomainError("Select whether consent was obtained", field="consent")
    reason = reason.strip()
    if consent != MashConsent.OBTAINED and not reason:
        raise DomainError("Enter why the checks go ahead without consent", field="consent_reason")
    before = snapshot(enquiry, ["consent", "consent_reason"])
    enquiry.consent, enquiry.consent_reason = consent, reason
    bump(enquiry)
    audit_write(
        actor=actor,
        action="mash.consent",
        obj=enquiry,
        changes=changes_between(before, snapshot(enquiry, ["consent", "consent_reason"])),
    )
    return enquiry


@dataclass(frozen=True)
class CheckRequest:
    agency: str
    question: str
    other_agency: str = ""


@transaction.atomic
def checks_request(
    *, actor: Any, enquiry_id: int, version: int | None, requests: list[CheckRequest]
) -> list[AgencyCheck]:
    """Send agency checks, each due when the enquiry's rating says."""
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if not enquiry.consent:
        raise DomainError("Record the consent decision before sending checks", field="consent")
    if not requests:
        raise DomainError("Select at least one agency to check with", field="agencies")
    now = timezone.now()
    checks = []
    for request in requests:
        if request.agency not in CheckAgency.values:
            raise DomainError("Select agencies from the list", field="agencies")
        question = required_text(
            request.question, f"question_{request.agency}", "Enter the question for each agency"
        )
        if request.agency == CheckAgency.OTHER and not request.other_agency.strip():
            raise DomainError("Enter the name of the other agency", field="other_agency")
        if enquiry.checks.filter(agency=request.agency, answered_at__isnull=True).exists():
            raise DomainError(
                f"A check to {CheckAgency(request.agency).label} is already waiting",
                field="agencies",
            )
        check = AgencyCheck.objects.create(
            enquiry=enquiry,
            agency=request.agency,
            other_agency=request.other_agency.strip(),
            question=question,
            requested_by=actor,
            requested_at=now,
            due_at=enquiry.due_at,
        )
        audit_write(
            actor=actor,
            action="mash.check_request",
            obj=check,
            summary=f"{check.get_agency_display()}: {question[:200]}",
        )
        checks.append(check)
    bump(enquiry)
    return checks


@transaction.atomic
def check_answer(
    *, actor: Any, check_id: int, version: int | None, answer: str = "", nothing_known: bool = False
) -> AgencyCheck:
    """A partner (or MASH staff on their behalf) answers a check addressed to their agency."""
    check = lock(AgencyCheck, check_id)
    require(actor, "safeguarding.answer_check", check)
    if check.answered_at:
        raise ConflictError(f"{check.answered_by} already answered this check")
    if not check.enquiry.is_open:
        raise DomainError("This MASH enquiry has been concluded")
    check_version(check, version)
    answer = answer.strip()
    if not answer and not nothing_known:
        raise DomainError(
            "Enter what your agency knows, or select \u201cNothing known\u201d", field="answer"
        )
    if answer and nothing_known:
        raise DomainError(
            "Either enter what your agency knows or select \u201cNothing known\u201d, not both",
            field="answer",
        )
    check.answer, check.nothing_known = answer, nothing_known
    check.answered_by, check.answered_at = actor, timezone.now()
    bump(check)
    audit_write(
        actor=actor,
        action="mash.check_answer",
        obj=check,
        changes={"answer": [None, "Nothing known" if nothing_known else answer]},
    )
    return check


@transaction.atomic
def check_chase(*, actor: Any, check_id: int) -> AgencyCheck:
    """Record that an overdue check was chased with the agency."""
    check = lock(AgencyCheck, check_id)
    require(actor, "safeguarding.work_on_mash", check.enquiry)
    if not check.enquiry.is_open:
        raise DomainError("This MASH enquiry has been concluded")
    if check.answered_at:
        raise DomainError("This check has been answered")
    if check.due_at > timezone.now():
        raise DomainError("This check is not overdue yet")
    check.last_chased_at, check.times_chased = timezone.now(), check.times_chased + 1
    bump(check)
    audit_write(
        actor=actor,
        action="mash.check_chase",
        obj=check,
        summary=f"Chased {check.get_agency_display()} ({check.times_chased})",
    )
    return check


@transaction.atomic
def mash_conclude(
    *, actor: Any, enquiry_id: int, version: int | None, outcome: str, rationale: str
) -> MashEnquiry:
    """The MASH decision: any of the front door's outcomes, which then starts as it would."""
    enquiry = _open_enquiry(actor, enquiry_id, version)
    if outcome not in Outcome.values or outcome == Outcome.MASH_ENQUIRY:
        raise DomainError("Select the outcome of the enquiry", field="outcome")
    rationale = required_text(rationale, "rationale", "Enter the rationale for the outcome")
    if outcome in settings.FRONTDOOR_OUTCOMES_NEEDING_AUTHORISATION and not is_manager(actor):
        raise DomainError(
            f"{Outcome(outcome).label} needs a manager: ask a manager to conclude the enquiry",
            field="outcome",
        )
    waiting = enquiry.checks.filter(answered_at__isnull=True).count()
    enquiry.outcome, enquiry.outcome_rationale = outcome, rationale
    enquiry.concluded_by, enquiry.concluded_at = actor, timezone.now()
    bump(enquiry)
    audit_write(
        actor=actor,
        action="mash.conclude",
        obj=enquiry,
        changes={"outcome": [None, outcome]},
        summary=rationale + (f" ({waiting} checks unanswered)" if waiting else ""),
    )
    _start_what_the_enquiry_decided(actor, enquiry)
    return enquiry


def _start_what_the_enquiry_decided(actor: Any, enquiry: MashEnquiry) -> None:
    """As a front-door decision would: a referral (dated when the contact came in, joined by
    that contact) or early help, both kept linked to the contact."""
    on = timezone.localdate()
    origin = enquiry.origin
    contact = origin.contact if origin else None
    if enquiry.outcome in REFERRAL_OUTCOMES:
        referral = referral_services.referral_open(
            actor=actor,
            person=enquiry.person,
            referral_date=timezone.localtime(contact.received_at).date() if contact else on,
            source=contact.referral_source if contact else "",
            urgent=enquiry.outcome != Outcome.SOCIAL_WORK_ASSESSMENT
            or (contact is not None and contact.immediacy == Immediacy.IMMEDIATE),
            origin=origin,
        )
        transition_services.step_up_from_early_help(
            actor=actor,
            referral=referral,
            on=on,
            reason=f"MASH enquiry {enquiry.reference} concluded: {enquiry.outcome_rationale}",
        )
    elif enquiry.outcome == Outcome.EARLY_HELP and referral_services.open_referral_of(
        enquiry.person
    ):
        # Open to social work already: the contact goes to the worker who holds the child.
        referral_services.referral_open(
            actor=actor, person=enquiry.person, referral_date=on, source="", origin=origin
        )
    elif enquiry.outcome == Outcome.EARLY_HELP:
        early_help_services.early_help_open(
            actor=actor, person=enquiry.person, opened_on=on, origin=origin
        )
