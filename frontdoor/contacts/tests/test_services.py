"""Front-door services: each one transaction, each audited, each refusing bad input whole.

Dates are real 2026 dates; every expected due time was counted on a calendar by hand.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    TeamFactory,
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact, ContactChild, Decision
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

DECISION: dict[str, Any] = {
    "outcome": "early_help",
    "need_level": "early_help",
    "rationale": "Additional needs; the school knows the family well.",
    "best_placed": "School to lead an early help assessment.",
    "agency_taking_action": "Northshire Primary School",
    "child_views": "",
}


def actions() -> list[str]:
    """The contacts app's audit trail (a settled decision also opens casework, audited there)."""
    events = AuditEvent.objects.filter(object_type__startswith="contacts.").order_by("id")
    return list(events.values_list("action", flat=True))


def draft(**fields: Any) -> Contact:
    """A draft with every detail filled in, ready to record; one child unless child=None."""
    return ContactFactory(status=Contact.Status.DRAFT, **fields)


# --- contact_start ---------------------------------------------------------------------------


def test_start_takes_the_time_now_and_sets_the_clock(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 6, 14, 0))  # a Friday
    csw = make_user(Role.CSW)
    contact = services.contact_start(actor=csw, channel="professional_line")
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DRAFT
    assert contact.received_at == now == contact.call_started_at
    assert contact.decision_due_at == london(2026, 11, 9, 14, 0)  # the Monday
    assert (contact.csw, contact.recorded_by, contact.version) == (csw, csw, 1)
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action, event.object_id) == (csw, "contact.start", str(contact.pk))


def test_start_by_a_contact_centre_officer_names_no_csw() -> None:
    contact = services.contact_start(actor=make_user(Role.CONTACT_CENTRE_OFFICER))
    assert contact.csw is None


def test_mash_partner_cannot_start_a_contact() -> None:
    with pytest.raises(PermissionDeniedError):
        services.contact_start(actor=make_user(Role.MASH_PARTNER))
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.exists()


# --- contact_update --------------------------------------------------------------------------


def test_update_saves_bumps_the_version_and_audits_what_changed() -> None:
    contact = draft()
    updated = services.contact_update(
        actor=contact.csw,
        contact_id=contact.pk,
        version=1,
        referrer_name="Dana Whitfield-Jones",
        referrer_phone="01603 000000",
    )
    contact.refresh_from_db()
    assert updated.version == contact.version == 2
    assert contact.referrer_name == "Dana Whitfield-Jones"
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action) == (contact.csw, "contact.update")
    assert event.changes == {
        "referrer_name": ["Dana Whitfield", "Dana Whitfield-Jones"],
        "referrer_phone": ["", "01603 000000"],
    }


def test_update_recounts_the_due_time_over_christmas() -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, received_at=london(2026, 12, 24, 11)
    )
    contact.refresh_from_db()
    # Fri 25 Christmas, weekend, Mon 28 substitute Boxing Day: Tuesday 29 December.
    assert contact.decision_due_at == london(2026, 12, 29, 11, 0)
    assert AuditEvent.objects.get(object_type__startswith="contacts.").changes == {
        "received_at": ["2026-11-06T14:00:00+00:00", "2026-12-24T11:00:00+00:00"]
    }


def test_update_with_nothing_changed_keeps_the_version_and_writes_no_audit() -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, referrer_name="Dana Whitfield"
    )
    contact.refresh_from_db()
    assert contact.version == 1
    assert not AuditEvent.objects.exists()


def test_update_on_a_stale_version_is_a_conflict_and_saves_nothing() -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, referrer_role="DSL"
    )
    with pytest.raises(ConflictError) as error:
        services.contact_update(
            actor=contact.csw, contact_id=contact.pk, version=1, referrer_name="Someone else"
        )
    assert error.value.message.startswith("Somebody else changed this record")
    contact.refresh_from_db()
    assert (contact.version, contact.referrer_name) == (2, "Dana Whitfield")
    assert actions() == ["contact.update"]


def test_update_by_another_officer_is_refused() -> None:
    contact = draft()
    with pytest.raises(PermissionDeniedError):
        services.contact_update(
            actor=make_user(Role.CONTACT_CENTRE_OFFICER),
            contact_id=contact.pk,
            version=1,
            referrer_name="X",
        )
    contact.refresh_from_db()
    assert contact.referrer_name == "Dana Whitfield"


def test_update_refuses_fields_that_are_not_contact_details() -> None:
    contact = draft()
    with pytest.raises(ValueError, match="status"):
        services.contact_update(actor=contact.csw, contact_id=contact.pk, version=1, status="x")
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DRAFT


def test_update_and_its_audit_row_commit_together(monkeypatch) -> None:
    contact = draft()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "audit_write", broken)
    with pytest.raises(RuntimeError):
        services.contact_update(
            actor=contact.csw, contact_id=contact.pk, version=1, referrer_name="Changed"
        )
    contact.refresh_from_db()
    assert (contact.referrer_name, contact.version) == ("Dana Whitfield", 1)


# --- children --------------------------------------------------------------------------------


def test_adding_a_child_twice_links_once_and_audits_once() -> None:
    contact = draft(child=None)
    child = PersonFactory(first_name="Amelia", last_name="Hart")
    services.contact_child_add(actor=contact.csw, contact_id=contact.pk, person=child)
    services.contact_child_add(actor=contact.csw, contact_id=contact.pk, person=child)
    assert list(contact.children.all()) == [child]
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.action, event.changes) == ("contact.child_add", {"children": [None, child.pk]})
    assert event.summary == "Added Amelia Hart"


def test_an_adult_cannot_be_added_as_a_child() -> None:
    contact = draft(child=None)
    adult = PersonFactory(kind="adult", first_name="Jo", last_name="Hart", date_of_birth=None)
    with pytest.raises(DomainError) as error:
        services.contact_child_add(actor=contact.csw, contact_id=contact.pk, person=adult)
    assert (error.value.field, error.value.message) == (
        "children",
        "Jo Hart is recorded as an adult",
    )
    assert not ContactChild.objects.exists()


def test_removing_a_child() -> None:
    contact = draft()
    person = only_child(contact).person
    services.contact_child_remove(actor=contact.csw, contact_id=contact.pk, person_id=person.pk)
    assert not contact.contact_children.exists()
    assert AuditEvent.objects.get(object_type__startswith="contacts.").changes == {
        "children": [person.pk, None]
    }


# --- contact_record --------------------------------------------------------------------------


def test_record_a_whole_contact(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 6, 14, 25))
    contact = draft()
    services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.RECORDED
    assert contact.call_ended_at == now
    assert contact.version == 2
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action) == (contact.csw, "contact.record")
    assert event.changes == {"status": ["draft", "recorded"]}


def assert_not_recorded(contact: Contact) -> None:
    contact.refresh_from_db()
    assert (contact.status, contact.version, contact.call_ended_at) == ("draft", 1, None)
    assert not AuditEvent.objects.filter(action="contact.record").exists()


def test_record_with_no_child_is_refused() -> None:
    contact = draft(child=None)
    with pytest.raises(DomainError) as error:
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert error.value.field == "children"
    assert error.value.message == "Add at least one child this contact is about"
    assert_not_recorded(contact)


def test_record_with_consent_not_sought_needs_a_reason() -> None:
    contact = draft(consent="not_sought", consent_reason="")
    with pytest.raises(DomainError) as error:
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert (error.value.field, error.value.message) == (
        "consent_reason",
        "Enter why consent was not sought",
    )
    assert_not_recorded(contact)


def test_record_with_consent_refused_needs_a_reason() -> None:
    contact = draft(consent="refused")
    with pytest.raises(DomainError, match="Enter why consent was refused and what was decided"):
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert_not_recorded(contact)


def test_problems_lists_every_missing_thing_in_the_users_words(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 14, 30))
    contact = draft(
        child=None,
        channel="",
        referrer_name="",
        referral_source="",
        concern_summary="",
        immediacy="",
        consent="",
        csw=None,
        recorded_by=make_user(Role.CONTACT_CENTRE_OFFICER),
        received_at=london(2026, 11, 6, 15, 0),
        call_started_at=london(2026, 11, 6, 14, 10),
        call_ended_at=london(2026, 11, 6, 14, 0),
    )
    assert services.contact_problems(contact) == {
        "children": "Add at least one child this contact is about",
        "channel": "Select how the contact came in",
        "referrer_name": "Enter the referrer's name",
        "referral_source": "Select the referral source",
        "concern_summary": "Enter a summary of the concern",
        "immediacy": "Select how urgent this is",
        "consent": "Select whether consent was obtained",
        "csw": "Select the named consultant social worker",
        "call_ended_at": "Call end must be after the call started",
        "received_at": "Date and time received must be in the past",
    }


def test_record_on_a_stale_version_is_a_conflict() -> None:
    contact = draft()
    with pytest.raises(ConflictError):
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=0)
    assert_not_recorded(contact)


# --- decision_make ---------------------------------------------------------------------------


def test_a_decision_that_needs_no_authorisation_is_final(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 9, 10, 15))
    contact = ContactFactory()
    link = only_child(contact)
    decision = services.decision_make(actor=contact.csw, contact_child_id=link.pk, **DECISION)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.FINAL
    assert (decision.decided_by, decision.decided_at) == (contact.csw, now)
    assert decision.authorisation_reason == ""
    event = AuditEvent.objects.get(object_type="contacts.decision")
    assert (event.actor, event.action, event.object_type) == (
        contact.csw,
        "decision.make",
        "contacts.decision",
    )
    assert event.changes == {name: [None, value] for name, value in DECISION.items()}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rationale", "", "Enter the rationale for this decision"),
        ("rationale", "   ", "Enter the rationale for this decision"),
        ("outcome", "", "Select the outcome"),
        ("need_level", "", "Select the level of need"),
        ("best_placed", "", "Enter who is best placed to help and the next steps"),
    ],
)
def test_a_decision_missing_something_is_refused_and_nothing_saved(
    field: str, value: str, message: str
) -> None:
    contact = ContactFactory()
    with pytest.raises(DomainError) as error:
        services.decision_make(
            actor=contact.csw, contact_child_id=only_child(contact).pk, **DECISION | {field: value}
        )
    assert (error.value.field, error.value.message) == (field, message)
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.exists()


def test_strategy_discussion_waits_for_a_manager() -> None:
    contact = ContactFactory()
    decision = services.decision_make(
        actor=contact.csw,
        contact_child_id=only_child(contact).pk,
        **DECISION | {"outcome": "strategy_discussion", "need_level": "specialist"},
    )
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION
    assert decision.authorisation_reason == "This outcome needs a manager's authorisation"


def referral_before(person: Any, received_at: Any, outcome: str = "social_work_assessment") -> None:
    DecisionFactory(
        contact_child__person=person,
        contact_child__contact__received_at=received_at,
        outcome=outcome,
    )


@pytest.mark.parametrize("outcome", ["advice", "universal"])
def test_no_further_action_after_a_referral_3_months_earlier_waits_for_a_manager(
    outcome: str,
) -> None:
    child = PersonFactory()
    referral_before(child, london(2026, 8, 6, 10, 0))  # 3 months before 6 November
    link = ContactChildFactory(person=child)
    decision = services.decision_make(
        actor=link.contact.csw, contact_child_id=link.pk, **DECISION | {"outcome": outcome}
    )
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION
    assert decision.authorisation_reason == (
        "No further action for a child referred in the last 12 months"
    )


def test_no_further_action_after_a_referral_13_months_earlier_is_final() -> None:
    child = PersonFactory()
    referral_before(child, london(2025, 10, 6, 10, 0))  # 13 months before 6 November 2026
    link = ContactChildFactory(person=child)
    decision = services.decision_make(
        actor=link.contact.csw, contact_child_id=link.pk, **DECISION | {"outcome": "advice"}
    )
    assert decision.status == Decision.Status.FINAL


def test_no_further_action_after_early_help_3_months_earlier_is_final() -> None:
    child = PersonFactory()
    referral_before(child, london(2026, 8, 6, 10, 0), outcome="early_help")  # not a referral
    link = ContactChildFactory(person=child)
    decision = services.decision_make(
        actor=link.contact.csw, contact_child_id=link.pk, **DECISION | {"outcome": "advice"}
    )
    assert decision.status == Decision.Status.FINAL


def test_outcomes_needing_authorisation_are_configurable(settings) -> None:
    settings.FRONTDOOR_OUTCOMES_NEEDING_AUTHORISATION = ["early_help"]
    settings.FRONTDOOR_NFA_AFTER_REFERRAL_MONTHS = 0
    child = PersonFactory()
    referral_before(child, london(2026, 8, 6, 10, 0))
    first, second = ContactChildFactory(person=child), ContactChildFactory()
    early_help = services.decision_make(
        actor=first.contact.csw, contact_child_id=first.pk, **DECISION
    )
    strategy = services.decision_make(
        actor=second.contact.csw,
        contact_child_id=second.pk,
        **DECISION | {"outcome": "strategy_discussion"},
    )
    nfa = services.decision_make(
        actor=first.contact.csw,
        contact_child_id=ContactChildFactory(person=child).pk,
        **DECISION | {"outcome": "advice"},
    )
    assert early_help.status == Decision.Status.AWAITING_AUTHORISATION
    assert strategy.status == Decision.Status.FINAL
    assert nfa.status == Decision.Status.FINAL


def test_a_second_decision_on_the_same_child_is_refused(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 10, 15))
    team = TeamFactory()
    sam = make_user(Role.CSW, first_name="Sam", last_name="Patel", team=team)
    kim = make_user(Role.CSW, first_name="Kim", last_name="Ode", team=team)
    contact = ContactFactory(csw=sam)
    link = only_child(contact)
    first = services.decision_make(actor=sam, contact_child_id=link.pk, **DECISION)
    freeze(monkeypatch, london(2026, 11, 9, 10, 17))
    with pytest.raises(services.AlreadyDecidedError) as error:
        services.decision_make(
            actor=kim,
            contact_child_id=link.pk,
            **DECISION | {"outcome": "advice", "rationale": "Kim's view"},
        )
    assert error.value.message == (
        "Sam Patel already decided for this child at 10:15 on 09 November 2026"
    )
    assert error.value.decision == first
    assert Decision.objects.count() == 1
    assert Decision.objects.get().rationale == DECISION["rationale"]
    assert actions() == ["decision.make"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks and concurrent connections"
)
def test_two_csws_deciding_the_same_child_at_the_same_moment() -> None:
    team = TeamFactory()
    csws = [make_user(Role.CSW, team=team), make_user(Role.CSW, team=team)]
    link = only_child(ContactFactory(csw=csws[0]))
    start = threading.Barrier(len(csws))
    results: dict[str, Any] = {}

    def decide(csw: Any) -> None:
        try:
            start.wait()
            results[csw.username] = services.decision_make(
                actor=csw, contact_child_id=link.pk, **DECISION | {"rationale": csw.username}
            )
        except services.AlreadyDecidedError as error:
            results[csw.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(csw,)) for csw in csws]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    decision = Decision.objects.get()
    winner = decision.decided_by.username
    loser = next(csw.username for csw in csws if csw.username != winner)
    assert results[winner] == decision
    assert decision.rationale == winner
    assert isinstance(results[loser], services.AlreadyDecidedError)
    assert results[loser].decision == decision
    assert AuditEvent.objects.filter(action="decision.make").count() == 1


def test_a_contact_centre_officer_cannot_decide() -> None:
    contact = ContactFactory()
    with pytest.raises(PermissionDeniedError):
        services.decision_make(
            actor=make_user(Role.CONTACT_CENTRE_OFFICER),
            contact_child_id=only_child(contact).pk,
            **DECISION,
        )
    assert not Decision.objects.exists()


def test_a_draft_cannot_be_decided() -> None:
    contact = draft()
    with pytest.raises(DomainError, match="^Finish recording the contact before deciding$"):
        services.decision_make(
            actor=contact.csw, contact_child_id=only_child(contact).pk, **DECISION
        )
    assert not Decision.objects.exists()


# --- authorise and return --------------------------------------------------------------------


def awaiting(**fields: Any) -> Decision:
    defaults = {
        "status": Decision.Status.AWAITING_AUTHORISATION,
        "outcome": "strategy_discussion",
        "need_level": "specialist",
        "authorisation_reason": "This outcome needs a manager's authorisation",
    }
    return DecisionFactory(**defaults | fields)


def test_a_manager_authorises(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 9, 11, 0))
    decision = awaiting()
    manager = make_user(Role.TEAM_MANAGER)
    services.decision_authorise(
        actor=manager, decision_id=decision.pk, version=1, comment=" Agreed. "
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AUTHORISED
    assert (decision.authorised_by, decision.authorised_at) == (manager, now)
    assert (decision.manager_comment, decision.version) == ("Agreed.", 2)
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action) == (manager, "decision.authorise")
    assert event.changes == {"status": ["awaiting_authorisation", "authorised"]}


def test_a_csw_cannot_authorise() -> None:
    decision = awaiting()
    with pytest.raises(PermissionDeniedError):
        services.decision_authorise(actor=make_user(Role.CSW), decision_id=decision.pk, version=1)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION


def test_a_manager_cannot_authorise_their_own_decision() -> None:
    manager = make_user(Role.TEAM_MANAGER)
    contact = ContactFactory()
    decision = services.decision_make(
        actor=manager,
        contact_child_id=only_child(contact).pk,
        **DECISION | {"outcome": "strategy_discussion"},
    )
    with pytest.raises(DomainError) as error:
        services.decision_authorise(actor=manager, decision_id=decision.pk, version=1)
    assert error.value.message == "A manager cannot authorise their own decision"
    decision.refresh_from_db()
    assert (decision.status, decision.authorised_by) == ("awaiting_authorisation", None)
    assert actions() == ["decision.make"]


def test_a_team_manager_cannot_authorise_another_teams_decision() -> None:
    decision = awaiting()  # decided by a CSW in the "CADS" team
    other_manager = make_user(Role.TEAM_MANAGER, team=TeamFactory(name="MASH", kind="mash"))
    with pytest.raises(PermissionDeniedError):
        services.decision_authorise(actor=other_manager, decision_id=decision.pk, version=1)
    decision.refresh_from_db()
    assert decision.status == "awaiting_authorisation"


def test_a_head_of_service_authorises_any_teams_decision() -> None:
    decision = awaiting()
    head = make_user(Role.HEAD_OF_SERVICE, team=TeamFactory(name="Senior leadership"))
    services.decision_authorise(actor=head, decision_id=decision.pk, version=1)
    decision.refresh_from_db()
    assert (decision.status, decision.authorised_by) == ("authorised", head)


def test_authorising_a_decision_no_longer_waiting_is_a_conflict() -> None:
    decision = DecisionFactory(status=Decision.Status.FINAL)
    with pytest.raises(ConflictError, match="no longer waiting for authorisation"):
        services.decision_authorise(
            actor=make_user(Role.TEAM_MANAGER), decision_id=decision.pk, version=1
        )


def test_authorising_a_stale_version_is_a_conflict() -> None:
    decision = awaiting(version=3)
    with pytest.raises(ConflictError, match="^Somebody else changed this record"):
        services.decision_authorise(
            actor=make_user(Role.TEAM_MANAGER), decision_id=decision.pk, version=2
        )
    decision.refresh_from_db()
    assert (decision.status, decision.version) == ("awaiting_authorisation", 3)


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_needs_a_comment(comment: str) -> None:
    decision = awaiting()
    with pytest.raises(DomainError) as error:
        services.decision_return(
            actor=make_user(Role.TEAM_MANAGER), decision_id=decision.pk, version=1, comment=comment
        )
    assert (error.value.field, error.value.message) == (
        "comment",
        "Enter a comment saying what needs to change",
    )
    decision.refresh_from_db()
    assert (decision.status, decision.version) == ("awaiting_authorisation", 1)


def test_a_manager_returns_with_a_comment() -> None:
    decision = awaiting()
    manager = make_user(Role.TEAM_MANAGER)
    services.decision_return(
        actor=manager, decision_id=decision.pk, version=1, comment="Speak to the school first."
    )
    decision.refresh_from_db()
    assert (decision.status, decision.manager_comment, decision.version) == (
        "returned",
        "Speak to the school first.",
        2,
    )
    assert decision.returned_by == manager
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action, event.summary) == (
        manager,
        "decision.return",
        "Speak to the school first.",
    )
    assert event.changes == {"status": ["awaiting_authorisation", "returned"]}


# --- decision_revise -------------------------------------------------------------------------


def returned() -> Decision:
    return awaiting(status=Decision.Status.RETURNED, version=2, manager_comment="Not yet")


def test_revising_a_returned_decision(monkeypatch) -> None:
    now = freeze(monkeypatch, london(2026, 11, 9, 15, 0))
    decision = returned()
    kim = make_user(Role.CSW)
    new = DECISION | {"outcome": "social_work_assessment", "need_level": "specialist"}
    services.decision_revise(actor=kim, decision_id=decision.pk, version=2, **new)
    decision.refresh_from_db()
    assert (decision.status, decision.authorisation_reason) == ("final", "")
    assert (decision.outcome, decision.decided_by, decision.decided_at) == (
        "social_work_assessment",
        kim,
        now,
    )
    assert decision.version == 3
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.actor, event.action) == (kim, "decision.revise")
    # best_placed is worded the same, so it is not listed.
    assert event.changes == {
        "outcome": ["strategy_discussion", "social_work_assessment"],
        "rationale": ["Needs are additional, not complex.", DECISION["rationale"]],
        "agency_taking_action": ["", DECISION["agency_taking_action"]],
    }


def test_revising_to_an_outcome_that_needs_authorisation_sends_it_back_to_the_tray() -> None:
    decision = returned()
    services.decision_revise(
        actor=make_user(Role.CSW),
        decision_id=decision.pk,
        version=2,
        **DECISION | {"outcome": "strategy_discussion"},
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION


def test_only_a_returned_decision_can_be_revised() -> None:
    decision = DecisionFactory()
    with pytest.raises(DomainError, match="Only a decision returned by a manager can be changed"):
        services.decision_revise(
            actor=decision.decided_by, decision_id=decision.pk, version=1, **DECISION
        )


def test_revising_on_a_stale_version_or_without_rationale_saves_nothing() -> None:
    decision = returned()
    with pytest.raises(ConflictError):
        services.decision_revise(actor=make_user(), decision_id=decision.pk, version=1, **DECISION)
    with pytest.raises(DomainError, match="Enter the rationale for this decision"):
        services.decision_revise(
            actor=make_user(), decision_id=decision.pk, version=2, **DECISION | {"rationale": ""}
        )
    decision.refresh_from_db()
    assert (decision.status, decision.version, decision.outcome) == (
        "returned",
        2,
        "strategy_discussion",
    )
    assert not AuditEvent.objects.exists()


# --- contact_feedback_sent -------------------------------------------------------------------


def test_feedback_sent_is_recorded(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 10, 9, 0))
    contact = ContactFactory()
    services.contact_feedback_sent(
        actor=contact.csw, contact_id=contact.pk, sent_at=london(2026, 11, 9, 16, 0)
    )
    contact.refresh_from_db()
    assert contact.feedback_sent_at == london(2026, 11, 9, 16, 0)
    event = AuditEvent.objects.get(object_type__startswith="contacts.")
    assert (event.action, event.changes) == (
        "contact.feedback_sent",
        {"feedback_sent_at": [None, "2026-11-09T16:00:00+00:00"]},
    )


def test_feedback_sent_in_the_future_is_refused(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 10, 9, 0))
    contact = ContactFactory()
    with pytest.raises(DomainError) as error:
        services.contact_feedback_sent(
            actor=contact.csw, contact_id=contact.pk, sent_at=london(2026, 11, 10, 9, 1)
        )
    assert (error.value.field, error.value.message) == (
        "sent_at",
        "Date feedback was sent must be in the past",
    )
    contact.refresh_from_db()
    assert contact.feedback_sent_at is None


def test_a_contact_centre_officer_cannot_record_feedback() -> None:
    contact = ContactFactory()
    with pytest.raises(PermissionDeniedError):
        services.contact_feedback_sent(
            actor=make_user(Role.CONTACT_CENTRE_OFFICER),
            contact_id=contact.pk,
            sent_at=london(2026, 11, 9, 16, 0),
        )
