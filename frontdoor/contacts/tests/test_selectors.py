"""Work trays, red/amber/green, referral history and the feedback note."""

from __future__ import annotations

from typing import Any

import pytest

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
from frontdoor.contacts import selectors
from frontdoor.contacts.models import Decision

DUE = london(2026, 11, 9, 14, 0)  # Monday, for a contact received Friday 6 November 14:00


@pytest.mark.parametrize(
    ("now", "colour", "label"),
    [
        (london(2026, 11, 6, 14, 0), "green", "On time"),
        (london(2026, 11, 9, 9, 59), "green", "On time"),  # 4h01 left
        (london(2026, 11, 9, 10, 0), "amber", "Due soon"),  # exactly 4h left
        (london(2026, 11, 9, 13, 59), "amber", "Due soon"),
        (london(2026, 11, 9, 14, 0), "red", "Overdue"),  # due now
        (london(2026, 11, 10, 9, 0), "red", "Overdue"),
    ],
)
def test_rag_with_a_fixed_now(now: Any, colour: str, label: str) -> None:
    rag = selectors.rag_for(DUE, now=now)
    assert (rag.colour, rag.label) == (colour, label)


def test_amber_threshold_is_configurable(settings) -> None:
    settings.FRONTDOOR_AMBER_HOURS = 1
    assert selectors.rag_for(DUE, now=london(2026, 11, 9, 12, 0)).colour == "green"
    assert selectors.rag_for(DUE, now=london(2026, 11, 9, 13, 0)).colour == "amber"


@pytest.mark.django_db
def test_my_contacts_awaiting_decision_most_urgent_first() -> None:
    csw = make_user(Role.CSW)
    other = make_user(Role.CSW)
    late = ContactFactory(csw=csw, received_at=london(2026, 11, 6, 14, 0))  # due Mon 14:00
    early = ContactFactory(csw=csw, received_at=london(2026, 11, 5, 9, 30))  # due Fri 09:30
    mid = ContactFactory(csw=csw, received_at=london(2026, 11, 6, 11, 0))  # due Mon 11:00
    returned = ContactFactory(csw=csw, received_at=london(2026, 11, 4, 10, 0))  # due Thu 10:00
    DecisionFactory(contact_child=only_child(returned), status=Decision.Status.RETURNED)
    half = ContactFactory(csw=csw, received_at=london(2026, 11, 6, 16, 0))  # due Mon 16:00
    ContactChildFactory(contact=half)
    DecisionFactory(contact_child=half.contact_children.first())

    # Not in the tray: a draft, another CSW's, one fully decided, one awaiting a manager.
    ContactFactory(csw=csw, status="draft")
    ContactFactory(csw=other)
    DecisionFactory(contact_child=only_child(ContactFactory(csw=csw)))
    DecisionFactory(
        contact_child=only_child(ContactFactory(csw=csw)),
        status=Decision.Status.AWAITING_AUTHORISATION,
    )

    tray = list(selectors.contacts_awaiting_decision(user=csw))
    assert tray == [returned, early, mid, late, half]
    assert [c.decision_due_at for c in tray] == [
        london(2026, 11, 5, 10, 0),
        london(2026, 11, 6, 9, 30),
        london(2026, 11, 9, 11, 0),
        london(2026, 11, 9, 14, 0),
        london(2026, 11, 9, 16, 0),
    ]


@pytest.mark.django_db
def test_drafts_are_those_i_started_or_am_named_on() -> None:
    officer = make_user(Role.CONTACT_CENTRE_OFFICER)
    csw = make_user(Role.CSW)
    mine = ContactFactory(status="draft", recorded_by=officer, csw=None, child=None)
    named = ContactFactory(status="draft", recorded_by=make_user(), csw=csw, child=None)
    ContactFactory(recorded_by=officer, csw=csw)  # recorded, not a draft
    assert list(selectors.contacts_in_draft(user=officer)) == [mine]
    assert list(selectors.contacts_in_draft(user=csw)) == [named]


@pytest.fixture
def two_teams():
    north = TeamFactory(name="CADS")
    south = TeamFactory(name="CADS South")
    return {
        "north_csw": make_user(Role.CSW, team=north),
        "north_csw2": make_user(Role.CSW, team=north),
        "south_csw": make_user(Role.CSW, team=south),
        "north_manager": make_user(Role.TEAM_MANAGER, team=north),
        "south_manager": make_user(Role.TEAM_MANAGER, team=south),
        "head": make_user(Role.HEAD_OF_SERVICE, team=TeamFactory(name="Leadership")),
    }


def decided(by: Any, at: Any, status: str = Decision.Status.FINAL) -> Decision:
    return DecisionFactory(
        contact_child=only_child(ContactFactory(csw=by)),
        decided_by=by,
        decided_at=at,
        status=status,
    )


@pytest.mark.django_db
def test_awaiting_my_authorisation_is_scoped_to_the_managers_team(two_teams) -> None:
    waiting = Decision.Status.AWAITING_AUTHORISATION
    north_late = decided(two_teams["north_csw"], london(2026, 11, 9, 10, 0), waiting)
    north_early = decided(two_teams["north_csw2"], london(2026, 11, 9, 9, 0), waiting)
    south = decided(two_teams["south_csw"], london(2026, 11, 9, 9, 30), waiting)
    decided(two_teams["north_csw"], london(2026, 11, 9, 8, 0))  # final: nothing to authorise

    def tray(user: str) -> list[Decision]:
        return list(selectors.decisions_awaiting_authorisation(user=two_teams[user]))

    assert tray("north_manager") == [north_early, north_late]
    assert tray("south_manager") == [south]
    assert tray("head") == [north_early, south, north_late]


@pytest.mark.django_db
def test_decisions_returned_to_me(two_teams) -> None:
    mine = decided(two_teams["north_csw"], london(2026, 11, 9, 9, 0), Decision.Status.RETURNED)
    decided(two_teams["north_csw2"], london(2026, 11, 9, 9, 0), Decision.Status.RETURNED)
    decided(two_teams["north_csw"], london(2026, 11, 9, 9, 0))
    assert list(selectors.decisions_returned_to(user=two_teams["north_csw"])) == [mine]


@pytest.mark.django_db
def test_decided_today_for_a_csw_and_their_manager(monkeypatch, two_teams) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 15, 0))
    just_after_midnight = decided(two_teams["north_csw"], london(2026, 11, 9, 0, 30))
    decided(two_teams["north_csw"], london(2026, 11, 8, 23, 59))  # yesterday
    colleague = decided(two_teams["north_csw2"], london(2026, 11, 9, 10, 0))
    decided(two_teams["south_csw"], london(2026, 11, 9, 11, 0))  # another team

    assert list(selectors.decisions_decided_today(user=two_teams["north_csw"])) == [
        just_after_midnight
    ]
    assert list(selectors.decisions_decided_today(user=two_teams["north_manager"])) == [
        colleague,
        just_after_midnight,
    ]


@pytest.mark.django_db
def test_today_starts_at_midnight_in_london_not_utc(monkeypatch, two_teams) -> None:
    freeze(monkeypatch, london(2026, 7, 1, 10, 0))  # BST: midnight is 23:00 UTC on 30 June
    csw = two_teams["north_csw"]
    after_midnight = decided(csw, london(2026, 7, 1, 0, 30))  # 23:30 UTC on 30 June
    decided(csw, london(2026, 6, 30, 23, 30))
    assert list(selectors.decisions_decided_today(user=csw)) == [after_midnight]


@pytest.mark.django_db
def test_person_referred_since_counts_only_referral_outcomes_in_the_window() -> None:
    child = PersonFactory()
    DecisionFactory(
        contact_child__person=child,
        contact_child__contact__received_at=london(2026, 8, 6, 10, 0),
        outcome="social_work_assessment",
    )
    DecisionFactory(
        contact_child__person=child,
        contact_child__contact__received_at=london(2026, 10, 1, 10, 0),
        outcome="early_help",
    )

    def referred(since: Any, before: Any) -> bool:
        return selectors.person_referred_since(person=child, since=since, before=before)

    assert referred(london(2025, 11, 6, 14, 0), london(2026, 11, 6, 14, 0))
    assert not referred(london(2026, 8, 6, 10, 1), london(2026, 11, 6, 14, 0))  # after it
    assert not referred(london(2025, 11, 6, 14, 0), london(2026, 8, 6, 10, 0))  # before is open
    assert referred(london(2026, 8, 6, 10, 0), london(2026, 8, 6, 10, 1))  # since is closed
    assert not selectors.person_referred_since(
        person=PersonFactory(), since=london(2025, 1, 1), before=london(2027, 1, 1)
    )


@pytest.mark.django_db
def test_contact_history_is_recorded_contacts_newest_first() -> None:
    child = PersonFactory()
    older = ContactChildFactory(person=child, contact__received_at=london(2026, 3, 2, 9, 0))
    newer = ContactChildFactory(person=child, contact__received_at=london(2026, 9, 14, 9, 0))
    ContactChildFactory(person=child, contact__status="draft")
    assert list(selectors.person_contact_history(person=child)) == [newer, older]


@pytest.mark.django_db
def test_feedback_summary_for_the_referrer() -> None:
    sam = make_user(Role.CSW, first_name="Sam", last_name="Patel")
    contact = ContactFactory(
        csw=sam,
        received_at=london(2026, 11, 6, 14, 0),
        child__person=PersonFactory(first_name="Amelia"),
    )
    DecisionFactory(
        contact_child=only_child(contact),
        outcome="early_help",
        best_placed="School to lead an early help assessment.",
        agency_taking_action="Northshire Early Help",
    )
    cara = ContactChildFactory(contact=contact, person__first_name="Cara")
    dan = ContactChildFactory(contact=contact, person__first_name="Dan")
    DecisionFactory(
        contact_child=dan,
        outcome="strategy_discussion",
        status=Decision.Status.AWAITING_AUTHORISATION,
        best_placed="Police and children's social care to meet today.",
    )
    assert cara.contact == contact
    page = selectors.contact_for_page(contact_id=contact.pk)
    assert selectors.contact_feedback_summary(contact=page) == "\n".join(
        [
            "Dear Dana Whitfield,",
            "",
            "Thank you for contacting the Children's Advice and Duty Service on 6 November "
            f"2026 at 14:00 (our reference C{contact.pk:06d}).",
            "",
            "Amelia: Early help.",
            "  Who is best placed to help, and next steps: School to lead an early help "
            "assessment.",
            "  Agency taking action: Northshire Early Help",
            "Cara: a decision has not yet been made.",
            "Dan: Strategy discussion.",
            "  Who is best placed to help, and next steps: Police and children's social care "
            "to meet today.",
            "  This decision is awaiting a manager's authorisation.",
            "",
            "If anything changes or you are worried, call us again.",
            "",
            "Sam Patel",
        ]
    )


@pytest.mark.django_db
def test_intake_candidates_show_history_open_work_siblings_and_re_referral() -> None:
    from frontdoor.people.models import Relationship
    from frontdoor.people.selectors import PersonMatch

    referred_lately = PersonFactory(first_name="Abigail", last_name="Short")
    referred_long_ago = PersonFactory(first_name="Ben", last_name="Short")
    Relationship.objects.create(person=referred_long_ago, relative=referred_lately, kind="sibling")
    # Abigail: a referral 3 months before now, then 3 more recent contacts, one still open.
    DecisionFactory(
        contact_child__person=referred_lately,
        contact_child__contact__received_at=london(2026, 8, 6, 10, 0),
        outcome="social_work_assessment",
    )
    for month in (9, 10):
        DecisionFactory(
            contact_child__person=referred_lately,
            contact_child__contact__received_at=london(2026, month, 1, 10, 0),
            outcome="advice",
        )
    open_contact = ContactChildFactory(
        person=referred_lately, contact__received_at=london(2026, 11, 2, 9, 0)
    ).contact
    # Ben: a referral 13 months before now.
    DecisionFactory(
        contact_child__person=referred_long_ago,
        contact_child__contact__received_at=london(2025, 10, 6, 10, 0),
        outcome="strategy_discussion",
    )
    matches = [
        PersonMatch(referred_lately, 0.9, ("Name matches",)),
        PersonMatch(referred_long_ago, 0.8, ("Surname matches",)),
    ]

    abigail, ben = selectors.intake_candidates(matches=matches, at=london(2026, 11, 6, 14, 0))

    assert abigail.contact_count == 4
    assert [link.contact.received_at for link in abigail.contacts] == [
        london(2026, 11, 2, 9, 0),
        london(2026, 10, 1, 10, 0),
        london(2026, 9, 1, 10, 0),
    ]
    assert [i.label for i in abigail.involvements] == [
        f"Contact {open_contact.reference} awaiting decision"
    ]
    assert abigail.siblings == [referred_long_ago]
    assert ben.siblings == [referred_lately]
    assert (abigail.last_referral_at, abigail.would_be_re_referral) == (
        london(2026, 8, 6, 10, 0),
        True,
    )
    assert (ben.last_referral_at, ben.would_be_re_referral) == (london(2025, 10, 6, 10, 0), False)
