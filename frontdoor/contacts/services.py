"""Every write at the front door: one function each, one transaction each, each audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.services import check_version, lock, require
from frontdoor.core.working_days import calendar
from frontdoor.people import services as people_services
from frontdoor.people.models import Person, Relationship

from . import selectors
from .models import NO_FURTHER_ACTION_OUTCOMES, Consent, Contact, ContactChild, Decision
from .signals import decision_settled, feedback_recorded

CONTACT_DETAIL_FIELDS = (
    "channel",
    "received_at",
    "referrer_name",
    "referrer_role",
    "referrer_agency",
    "referrer_phone",
    "referrer_email",
    "referral_source",
    "concern_summary",
    "concern_categories",
    "immediacy",
    "child_whereabouts",
    "parents_aware",
    "consent",
    "consent_reason",
    "referrer_actions",
    "csw",
    "call_started_at",
    "call_ended_at",
)
DECISION_FIELDS = (
    "outcome",
    "need_level",
    "rationale",
    "best_placed",
    "agency_taking_action",
    "child_views",
)


class AlreadyDecidedError(ConflictError):
    def __init__(self, decision: Decision) -> None:
        super().__init__(
            f"{decision.decided_by} already decided for this child at "
            f"{timezone.localtime(decision.decided_at):%H:%M on %-d %B %Y}"
        )
        self.decision = decision


@transaction.atomic
def contact_start(*, actor: Any, channel: str = "") -> Contact:
    """Open a draft the moment a call starts, so that nothing typed is ever lost."""
    require(actor, "contacts.record_contact")
    now = timezone.now()
    contact = Contact.objects.create(
        status=Contact.Status.DRAFT,
        channel=channel,
        received_at=now,
        decision_due_at=selectors.decision_due(now),
        call_started_at=now,
        csw=actor if actor.role == "csw" else None,
        recorded_by=actor,
    )
    audit_write(actor=actor, action="contact.start", obj=contact, summary="Started a contact")
    return contact


@transaction.atomic
def contact_update(*, actor: Any, contact_id: int, version: int, **details: Any) -> Contact:
    contact = lock(Contact, contact_id)
    require(actor, "contacts.change_contact", contact)
    check_version(contact, version)
    unknown = set(details) - set(CONTACT_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not contact details: {sorted(unknown)}")
    before = snapshot(contact, CONTACT_DETAIL_FIELDS)
    for name, value in details.items():
        setattr(contact, name, value)
    contact.decision_due_at = selectors.decision_due(contact.received_at, contact.immediacy)
    changes = changes_between(before, snapshot(contact, CONTACT_DETAIL_FIELDS))
    if changes:
        contact.version += 1
        contact.save()
        audit_write(actor=actor, action="contact.update", obj=contact, changes=changes)
    return contact


@transaction.atomic
def contact_child_add(*, actor: Any, contact_id: int, person: Person) -> ContactChild:
    contact = lock(Contact, contact_id)
    require(actor, "contacts.change_contact", contact)
    if person.kind != Person.Kind.CHILD:
        raise DomainError(f"{person.full_name} is recorded as an adult", field="children")
    link, created = ContactChild.objects.get_or_create(contact=contact, person=person)
    if created:
        audit_write(
            actor=actor,
            action="contact.child_add",
            obj=contact,
            changes={"children": [None, person.pk]},
            summary=f"Added {person.full_name}",
        )
    return link


@transaction.atomic
def contact_child_create(
    *, actor: Any, contact_id: int, sibling_ids: list[int], **person_fields: Any
) -> ContactChild:
    """A child not found, added as new to the contact, recorded as the brother or sister of
    those children already on it that the worker ticked: one step, one transaction."""
    contact = lock(Contact, contact_id)
    require(actor, "contacts.change_contact", contact)
    on_contact = set(contact.contact_children.values_list("person_id", flat=True))
    if not set(sibling_ids) <= on_contact:
        raise DomainError("Select brothers and sisters from the children on this contact")
    person = people_services.person_create(actor=actor, **person_fields)
    link = contact_child_add(actor=actor, contact_id=contact.pk, person=person)
    for sibling_id in sibling_ids:
        people_services.relationship_add(
            actor=actor, person_id=person.pk, relative_id=sibling_id, kind=Relationship.Kind.SIBLING
        )
    return link


@transaction.atomic
def contact_child_remove(*, actor: Any, contact_id: int, person_id: int) -> None:
    contact = lock(Contact, contact_id)
    require(actor, "contacts.change_contact", contact)
    deleted, _ = ContactChild.objects.filter(contact=contact, person_id=person_id).delete()
    if deleted:
        audit_write(
            actor=actor,
            action="contact.child_remove",
            obj=contact,
            changes={"children": [person_id, None]},
        )


def contact_problems(contact: Contact) -> dict[str, str]:
    """What stops a draft from being recorded, by field, in the words shown to the user."""
    problems: dict[str, str] = {}
    if not contact.contact_children.exists():
        problems["children"] = "Add at least one child this contact is about"
    required = {
        "channel": "Select how the contact came in",
        "referrer_name": "Enter the referrer's name",
        "referral_source": "Select the referral source",
        "concern_summary": "Enter a summary of the concern",
        "immediacy": "Select how urgent this is",
        "consent": "Select whether consent was obtained",
        "csw": "Select the named consultant social worker",
    }
    for field, message in required.items():
        if not getattr(contact, field if field != "csw" else "csw_id"):
            problems[field] = message
    if contact.consent in (Consent.REFUSED, Consent.NOT_SOUGHT) and not contact.consent_reason:
        problems["consent_reason"] = (
            "Enter why consent was not sought"
            if contact.consent == Consent.NOT_SOUGHT
            else "Enter why consent was refused and what was decided"
        )
    now = timezone.now()
    started, ended = contact.call_started_at, contact.call_ended_at
    if started and ended and ended < started:
        problems["call_ended_at"] = "Call end must be after the call started"
    elif ended and ended > now:
        problems["call_ended_at"] = "Call end must be now or in the past"
    if contact.received_at > now:
        problems["received_at"] = "Date and time received must be in the past"
    urgency = selectors.immediacy_problem(calendar(), contact.received_at, contact.immediacy)
    if urgency:
        problems["immediacy"] = urgency
    return problems


@transaction.atomic
def contact_record(*, actor: Any, contact_id: int, version: int) -> Contact:
    """Finish recording a contact: it now waits for a decision on each child."""
    contact = lock(Contact, contact_id)
    require(actor, "contacts.change_contact", contact)
    check_version(contact, version)
    problems = contact_problems(contact)
    if problems:
        field, message = next(iter(problems.items()))
        raise DomainError(message, field=field)
    contact.status = Contact.Status.RECORDED
    contact.call_ended_at = contact.call_ended_at or timezone.now()
    contact.version += 1
    contact.save()
    audit_write(
        actor=actor,
        action="contact.record",
        obj=contact,
        changes={"status": [Contact.Status.DRAFT, Contact.Status.RECORDED]},
        summary=f"Recorded {contact.reference}",
    )
    return contact


def authorisation_reason(*, person: Person, outcome: str, received_at: datetime) -> str:
    """Why a decision must wait for a manager, or "" when it need not."""
    if outcome in settings.FRONTDOOR_OUTCOMES_NEEDING_AUTHORISATION:
        return "This outcome needs a manager's authorisation"
    months = settings.FRONTDOOR_NFA_AFTER_REFERRAL_MONTHS
    if (
        outcome in NO_FURTHER_ACTION_OUTCOMES
        and months
        and selectors.person_referred_within_months(
            person=person, before=received_at, months=months
        )
    ):
        return f"No further action for a child referred in the last {months} months"
    return ""


def _validate_decision(fields: dict[str, Any]) -> None:
    for name, message in (
        ("outcome", "Select the outcome"),
        ("need_level", "Select the level of need"),
        ("rationale", "Enter the rationale for this decision"),
        ("best_placed", "Enter who is best placed to help and the next steps"),
    ):
        if not str(fields.get(name) or "").strip():
            raise DomainError(message, field=name)


@transaction.atomic
def decision_make(*, actor: Any, contact_child_id: int, **fields: Any) -> Decision:
    link = lock(ContactChild, contact_child_id)
    require(actor, "contacts.decide_contact", link.contact)
    if link.contact.status != Contact.Status.RECORDED:
        raise DomainError("Finish recording the contact before deciding")
    existing = Decision.objects.filter(contact_child=link).select_related("decided_by").first()
    if existing is not None:
        raise AlreadyDecidedError(existing)
    _validate_decision(fields)
    reason = authorisation_reason(
        person=link.person, outcome=fields["outcome"], received_at=link.contact.received_at
    )
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                contact_child=link,
                status=Decision.Status.AWAITING_AUTHORISATION if reason else Decision.Status.FINAL,
                authorisation_reason=reason,
                decided_by=actor,
                decided_at=timezone.now(),
                **{name: fields.get(name, "") for name in DECISION_FIELDS},
            )
    except IntegrityError:
        # Another session decided between our check and our insert (SQLite has no row locks).
        raise AlreadyDecidedError(Decision.objects.get(contact_child=link)) from None
    audit_write(
        actor=actor,
        action="decision.make",
        obj=decision,
        changes={k: [None, v] for k, v in snapshot(decision, DECISION_FIELDS).items()},
        summary=f"{decision.get_outcome_display()} for {link.person.full_name}",
    )
    _announce_if_settled(decision, actor)
    return decision


def _announce_if_settled(decision: Decision, actor: Any) -> None:
    if decision.is_settled:
        decision_settled.send(sender=Decision, decision=decision, actor=actor)


@transaction.atomic
def decision_revise(*, actor: Any, decision_id: int, version: int, **fields: Any) -> Decision:
    """Change a decision a manager returned, and send it back for authorisation."""
    decision = lock(Decision, decision_id)
    require(actor, "contacts.decide_contact", decision.contact_child.contact)
    check_version(decision, version)
    if decision.status != Decision.Status.RETURNED:
        raise DomainError("Only a decision returned by a manager can be changed")
    _validate_decision(fields)
    before = snapshot(decision, DECISION_FIELDS)
    for name in DECISION_FIELDS:
        setattr(decision, name, fields.get(name, ""))
    link = decision.contact_child
    reason = authorisation_reason(
        person=link.person, outcome=decision.outcome, received_at=link.contact.received_at
    )
    decision.status = Decision.Status.AWAITING_AUTHORISATION if reason else Decision.Status.FINAL
    decision.authorisation_reason = reason
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.version += 1
    decision.save()
    audit_write(
        actor=actor,
        action="decision.revise",
        obj=decision,
        changes=changes_between(before, snapshot(decision, DECISION_FIELDS)),
    )
    _announce_if_settled(decision, actor)
    return decision


def _awaiting_authorisation(actor: Any, decision_id: int, version: int) -> Decision:
    decision = lock(Decision, decision_id)
    require(actor, "contacts.authorise_decision", decision)
    check_version(decision, version)
    if decision.status != Decision.Status.AWAITING_AUTHORISATION:
        raise ConflictError("This decision is no longer waiting for authorisation")
    if decision.decided_by_id == actor.pk:
        raise DomainError("A manager cannot authorise their own decision")
    return decision


@transaction.atomic
def decision_authorise(
    *, actor: Any, decision_id: int, version: int, comment: str = ""
) -> Decision:
    decision = _awaiting_authorisation(actor, decision_id, version)
    decision.status = Decision.Status.AUTHORISED
    decision.authorised_by = actor
    decision.authorised_at = timezone.now()
    decision.manager_comment = comment.strip()
    decision.version += 1
    decision.save()
    audit_write(
        actor=actor,
        action="decision.authorise",
        obj=decision,
        changes={"status": [Decision.Status.AWAITING_AUTHORISATION, decision.status]},
    )
    _announce_if_settled(decision, actor)
    return decision


@transaction.atomic
def decision_return(*, actor: Any, decision_id: int, version: int, comment: str) -> Decision:
    if not comment.strip():
        raise DomainError("Enter a comment saying what needs to change", field="comment")
    decision = _awaiting_authorisation(actor, decision_id, version)
    decision.status = Decision.Status.RETURNED
    decision.returned_by = actor
    decision.returned_at = timezone.now()
    decision.manager_comment = comment.strip()
    decision.version += 1
    decision.save()
    audit_write(
        actor=actor,
        action="decision.return",
        obj=decision,
        changes={"status": [Decision.Status.AWAITING_AUTHORISATION, decision.status]},
        summary=comment.strip(),
    )
    return decision


@transaction.atomic
def contact_feedback_sent(*, actor: Any, contact_id: int, sent_at: datetime) -> Contact:
    contact = lock(Contact, contact_id)
    require(actor, "contacts.decide_contact", contact)
    if sent_at > timezone.now():
        raise DomainError("Date feedback was sent must be in the past", field="sent_at")
    before = contact.feedback_sent_at
    contact.feedback_sent_at = sent_at
    contact.save(update_fields=["feedback_sent_at", "updated_at"])
    audit_write(
        actor=actor,
        action="contact.feedback_sent",
        obj=contact,
        changes=changes_between(
            {"feedback_sent_at": before and before.isoformat()},
            {"feedback_sent_at": sent_at.isoformat()},
        ),
    )
    feedback_recorded.send(sender=Contact, contact=contact, actor=actor)
    return contact
