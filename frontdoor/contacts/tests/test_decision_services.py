"""Decision services: making a decision for each child, authorising or returning it, and
revising it. Each one transaction, each audited, each refusing bad input whole.

Dates are real 2026 dates; every expected due time was counted on a calendar by hand."""

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
from frontdoor.contacts.models import Decision
from frontdoor.contacts.tests.helpers import DECISION, actions, draft
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

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
        "Sam Patel already decided for this child at 10:15 on 9 November 2026"
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
