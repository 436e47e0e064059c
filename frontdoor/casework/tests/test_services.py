"""Casework services: every write one transaction, audited, and refusing bad input whole.

"Now" is frozen at Monday 16 November 2026, 10:00 unless a test says otherwise. Referrals
are dated Friday 6 November 2026 (see factories). Every expected date was counted on a
printed calendar: England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec 2026
(Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    PersonFactory,
    TeamFactory,
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.models import (
    Allocation,
    Assessment,
    EarlyHelpEpisode,
    Oversight,
    Referral,
    ReferralContact,
    RiskReview,
)
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.transitions import services as transition_services
from frontdoor.contacts import services as contact_services
from frontdoor.contacts.models import Decision, Immediacy
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Address

from .factories import (
    COMPLETE_ASSESSMENT,
    REFERRAL_DATE,
    allocated_referral,
    authorised_assessment,
    child_at,
    db_state,
    early_help_for,
    early_help_team,
    head_of_service,
    locality_team,
    make_referral,
    pathway_advisor,
    social_worker,
    submitted_assessment,
    team_manager,
    written_assessment,
)

pytestmark = pytest.mark.django_db

SWA: dict[str, Any] = {
    "outcome": "social_work_assessment",
    "need_level": "specialist",
    "rationale": "Unexplained bruising; the explanations differ.",
    "best_placed": "The locality team, for a social work assessment.",
    "agency_taking_action": "",
    "child_views": "",
}
EARLY_HELP = SWA | {
    "outcome": "early_help",
    "need_level": "early_help",
    "best_placed": "A pathway advisor, with the school.",
}


@pytest.fixture(autouse=True)
def now(monkeypatch: Any) -> Any:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))  # Monday 16 November 2026


@pytest.fixture
def norwich() -> Team:
    return locality_team()  # covers NR1 NR2 NR3


@pytest.fixture
def lynn() -> Team:
    return locality_team("Locality: King's Lynn", "PE30 PE31")


@pytest.fixture
def manager(norwich: Team) -> User:
    return team_manager(norwich)


@pytest.fixture
def worker(norwich: Team) -> User:
    return social_worker(norwich)


def events(prefix: str = "casework.") -> list[tuple[str, str]]:
    """(action, object type) of each audit event for `prefix` objects, oldest first."""
    rows = AuditEvent.objects.filter(object_type__startswith=prefix).order_by("id")
    return [(e.action, e.object_type) for e in rows]


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def decide(csw: User, link: Any, fields: dict[str, Any] = SWA) -> Decision:
    return contact_services.decision_make(actor=csw, contact_child_id=link.pk, **fields)


# --- the whole journey ---------------------------------------------------------------------


def test_journey_from_contact_to_closure(monkeypatch: Any, norwich: Team) -> None:
    csw = make_user(Role.CSW)
    manager = team_manager(norwich)
    worker = social_worker(norwich)
    child = child_at("NR2 4AB")

    # Contact received Fri 6 Nov 2026 14:00; the CSW decides an hour later.
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    link = only_child(ContactFactory(csw=csw, child__person=child))
    decide(csw, link)
    referral = Referral.objects.get()
    assert (referral.person, referral.origin, referral.opened_by) == (child, link, csw)
    assert referral.referral_date == date(2026, 11, 6)
    assert (referral.source, referral.is_re_referral) == ("2A", False)
    assert (referral.team, referral.worker) == (norwich, None)
    assert referral.allocation_due_on == date(2026, 11, 9)  # Fri 6 + 1 working day = Mon 9
    assert referral.risk_review_due_on == date(2026, 11, 13)  # Fri 6 + 5 = Fri 13
    assert referral.child_seen_due_on == date(2026, 11, 13)  # not urgent: + 5 = Fri 13
    assert [c.contact_child for c in referral.contacts.all()] == [link]

    # Mon 9 Nov: the team manager allocates.
    freeze(monkeypatch, london(2026, 11, 9, 9, 30))
    referral = referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=referral.version, worker_id=worker.pk
    )
    assert referral.allocated_at == london(2026, 11, 9, 9, 30)

    # Tue 10 Nov: the assessment starts; due Fri 6 Nov + 45 working days = Wed 13 Jan 2027.
    freeze(monkeypatch, london(2026, 11, 10, 11, 0))
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 10)
    )
    assert assessment.due_on == date(2027, 1, 13)

    # Wed 11 Nov: the child is seen; the rest is written up.
    freeze(monkeypatch, london(2026, 11, 11, 16, 0))
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        child_seen_on=date(2026, 11, 11),
        **COMPLETE_ASSESSMENT,
    )

    # Mon 14 Dec: completed; Wed 16 Dec: authorised by the manager.
    freeze(monkeypatch, london(2026, 12, 14, 16, 0))
    assessment = assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    freeze(monkeypatch, london(2026, 12, 16, 10, 0))
    assessment = assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2026, 12, 16),
        comment="Clear analysis.",
    )
    assert (assessment.status, assessment.authorised_by) == ("authorised", manager)
    referral.refresh_from_db()
    referral = referral_services.referral_primary_need_set(
        actor=worker, referral_id=referral.pk, version=referral.version, primary_need="N1"
    )

    # Thu 17 Dec: a child in need plan. First review 30 working days on:
    # Dec 18, 21, 22, 23, 24 (5); skip 25, 28; 29, 30, 31 (8); skip 1 Jan; Jan 4-8 (13),
    # 11-15 (18), 18-22 (23), 25-29 (28); Mon 1 Feb (29), Tue 2 Feb 2027 (30).
    freeze(monkeypatch, london(2026, 12, 17, 12, 0))
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 12, 17)
    )
    assert plan.next_review_on == date(2027, 2, 2)

    # Mon 1 Feb 2027: reviewed; next review Feb 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19),
    # Mar 1-5 (24), 8-12 (29), Mon 15 Mar 2027 (30).
    freeze(monkeypatch, london(2027, 2, 1, 14, 0))
    review = plan_services.plan_review_record(
        actor=worker, reviewed_on=date(2027, 2, 1), note="Going well.", cin_plan_id=plan.pk
    )
    assert review.next_review_on == date(2027, 3, 15)

    # Fri 12 Mar 2027: the case closes; the plan ends the same day.
    freeze(monkeypatch, london(2027, 3, 12, 15, 0))
    referral.refresh_from_db()
    transition_services.referral_close(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=date(2027, 3, 12),
        reason="RC7",
    )
    referral.refresh_from_db()
    plan.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2027, 3, 12), "RC7")
    assert (plan.end_date, plan.next_review_on) == (date(2027, 3, 12), None)

    audit = AuditEvent.objects.exclude(action="view").order_by("id")
    assert [(e.action, e.actor) for e in audit] == [
        ("decision.make", csw),
        ("referral.open", csw),
        ("referral.allocate", manager),
        ("assessment.start", worker),
        ("assessment.update", worker),
        ("assessment.complete", worker),
        ("assessment.authorise", manager),
        ("referral.primary_need", worker),
        ("cin_plan.start", worker),
        ("plan.review", worker),
        ("cin_plan.end", worker),
        ("referral.close", worker),
    ]
    close = last_event("referral.close")
    assert close.changes == {"closed_on": [None, "2027-03-12"], "closure_reason": [None, "RC7"]}
    assert close.object_id == str(referral.pk)


# --- opening casework from the front door's decision ---------------------------------------


def test_social_work_decision_opens_a_referral_audited(norwich: Team) -> None:
    csw = make_user(Role.CSW)
    link = only_child(ContactFactory(csw=csw, child__person=child_at("NR1 2CD")))
    decide(csw, link)
    referral = Referral.objects.get()
    assert referral.origin == link
    allocation = Allocation.objects.get()
    assert (allocation.team, allocation.worker, allocation.allocated_by) == (norwich, None, csw)
    assert allocation.reason == "By postcode district NR1"
    event = last_event("referral.open")
    assert (event.actor, event.object_type, event.object_id) == (
        csw,
        "casework.referral",
        str(referral.pk),
    )
    assert event.changes["referral_date"] == [None, "2026-11-06"]
    assert event.changes["team_id"] == [None, norwich.pk]
    assert event.changes["is_re_referral"] == [None, False]
    assert event.summary == f"Referral opened for {referral.person.full_name}"


def test_immediate_contact_means_the_child_is_seen_in_one_working_day(norwich: Team) -> None:
    csw = make_user(Role.CSW)
    contact = ContactFactory(csw=csw, immediacy=Immediacy.IMMEDIATE, child__person=child_at())
    decide(csw, only_child(contact))
    # Fri 6 Nov + 1 working day = Mon 9 Nov.
    assert Referral.objects.get().child_seen_due_on == date(2026, 11, 9)


def test_strategy_discussion_opens_the_referral_only_once_authorised(
    monkeypatch: Any, norwich: Team
) -> None:
    csw = make_user(Role.CSW)
    tm = make_user(Role.TEAM_MANAGER, team=csw.team)
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    link = only_child(ContactFactory(csw=csw, child__person=child_at()))
    decision = decide(csw, link, SWA | {"outcome": "strategy_discussion"})
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION
    assert not Referral.objects.exists()

    freeze(monkeypatch, london(2026, 11, 9, 10, 0))  # Mon 9 Nov
    contact_services.decision_authorise(actor=tm, decision_id=decision.pk, version=decision.version)
    referral = Referral.objects.get()
    assert referral.referral_date == date(2026, 11, 6)  # the day the contact came in
    assert referral.opened_by == tm
    # A strategy discussion is urgent: Fri 6 Nov + 1 working day = Mon 9 Nov.
    assert referral.child_seen_due_on == date(2026, 11, 9)


def test_early_help_decision_opens_an_early_help_episode() -> None:
    csw = make_user(Role.CSW)
    link = only_child(ContactFactory(csw=csw))
    decide(csw, link, EARLY_HELP)  # decided now, Mon 16 Nov
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.person, episode.origin, episode.opened_by) == (link.person, link, csw)
    assert episode.opened_on == date(2026, 11, 16)
    assert episode.allocation_due_on == date(2026, 11, 23)  # Mon 16 + 5 = Mon 23 Nov
    # Mon 16 Nov + 30: Nov 17-20 (4), 23-27 (9), 30 (10), Dec 1-4 (14), 7-11 (19),
    # 14-18 (24), 21-24 (28); skip 25 and 28; Tue 29 (29), Wed 30 Dec 2026 (30).
    assert episode.assessment_due_on == date(2026, 12, 30)
    assert not Referral.objects.exists()
    assert events() == [("early_help.open", "casework.earlyhelpepisode")]


def test_advice_decision_opens_nothing() -> None:
    csw = make_user(Role.CSW)
    decide(csw, only_child(ContactFactory(csw=csw)), EARLY_HELP | {"outcome": "advice"})
    assert not Referral.objects.exists()
    assert not EarlyHelpEpisode.objects.exists()
    assert events() == []


def test_a_contact_while_the_episode_is_open_joins_it(norwich: Team) -> None:
    csw = make_user(Role.CSW)
    child = child_at()
    first = only_child(ContactFactory(csw=csw, child__person=child))
    decide(csw, first)
    referral = Referral.objects.get()
    before = Referral.objects.values().get()

    second = only_child(
        ContactFactory(
            csw=csw,
            child__person=child,
            received_at=london(2026, 11, 11, 10, 0),
            immediacy=Immediacy.IMMEDIATE,
        )
    )
    decide(csw, second)

    assert Referral.objects.count() == 1
    assert Referral.objects.values().get() == before  # dates and team unchanged
    links = ReferralContact.objects.filter(referral=referral)
    assert [link.contact_child for link in links] == [first, second]
    event = last_event("referral.contact_attach")
    assert event.object_id == str(referral.pk)
    assert event.summary == f"Contact {second.contact.reference} joined the open referral"


def test_an_early_help_decision_for_a_child_with_open_early_help_joins_it() -> None:
    csw = make_user(Role.CSW)
    child = PersonFactory()
    episode = early_help_for(child)
    decide(csw, only_child(ContactFactory(csw=csw, child__person=child)), EARLY_HELP)
    assert list(EarlyHelpEpisode.objects.all()) == [episode]
    assert [a for a, _ in events()] == ["early_help.open"]


# --- re-referrals and the locality team ----------------------------------------------------


def closed_referral(child: Any, on: date) -> Referral:
    referral = make_referral(child, referral_date=on)
    transition_services.referral_close(
        actor=head_of_service(),
        referral_id=referral.pk,
        version=referral.version,
        closed_on=on,
        reason="RC7",
    )
    return referral


@pytest.mark.parametrize(
    ("previous", "re_referral"),
    [
        (date(2025, 11, 6), True),  # 365 days before Fri 6 Nov 2026: within 12 months
        (date(2025, 11, 5), False),  # 366 days before: not
        (date(2026, 3, 2), True),
        (date(2026, 11, 6), True),  # opened and closed the same day, then referred again
    ],
)
def test_re_referral_within_twelve_months(norwich: Team, previous: date, re_referral: bool) -> None:
    child = child_at()
    closed_referral(child, previous)
    closed_referral(child_at(), date(2026, 10, 1))  # another child's referral never counts
    referral = make_referral(child)
    assert referral.is_re_referral is re_referral
    summary = last_event("referral.open").summary
    assert summary.endswith("(re-referral)") is re_referral


def test_first_referral_is_not_a_re_referral(norwich: Team) -> None:
    assert make_referral().is_re_referral is False


@pytest.mark.parametrize(
    ("postcode", "team_name", "reason"),
    [
        ("NR2 4AB", "Locality: Norwich", "By postcode district NR2"),
        ("PE30 1AA", "Locality: King's Lynn", "By postcode district PE30"),
        # Districts match whole, not by prefix: NR21 is not NR2.
        ("NR21 7AA", None, "No locality team covers NR21: choose one"),
    ],
)
def test_locality_team_chosen_by_postcode_district(
    norwich: Team, lynn: Team, postcode: str, team_name: str | None, reason: str
) -> None:
    referral = make_referral(child_at(postcode))
    assert (referral.team.name if referral.team else None) == team_name
    assert Allocation.objects.get(referral=referral).reason == reason


def test_no_current_postcode_leaves_the_team_to_choose(norwich: Team) -> None:
    child = PersonFactory()
    Address.objects.create(
        person=child, address="Old house", postcode="NR2 1AA", moved_out=date(2026, 1, 1)
    )
    referral = make_referral(child)
    assert referral.team is None
    assert Allocation.objects.get().reason == "No current postcode: choose the locality team"


def test_current_address_decides_not_a_past_one(norwich: Team, lynn: Team) -> None:
    child = child_at("PE30 1AA")
    Address.objects.create(
        person=child, address="Old house", postcode="NR2 1AA", moved_out=date(2026, 1, 1)
    )
    assert make_referral(child).team == lynn


# --- team change (overriding the postcode) ---------------------------------------------------


def test_manager_sends_a_referral_to_another_team_with_a_reason(
    norwich: Team, lynn: Team, manager: User
) -> None:
    referral = make_referral()
    referral = referral_services.referral_team_change(
        actor=manager,
        referral_id=referral.pk,
        version=referral.version,
        team_id=lynn.pk,
        reason="  Family moved to King's Lynn last week  ",
    )
    referral.refresh_from_db()
    assert (referral.team, referral.version) == (lynn, 2)
    latest = Allocation.objects.filter(referral=referral).last()
    assert latest is not None
    assert (latest.team, latest.reason, latest.allocated_by) == (
        lynn,
        "Family moved to King's Lynn last week",
        manager,
    )
    event = last_event("referral.team_change")
    # The new team's allocation clock starts today: Mon 16 Nov + 1 working day = Tue 17 Nov
    # (it was Fri 6 Nov + 1 = Mon 9 Nov).
    assert referral.allocation_due_on == date(2026, 11, 17)
    assert event.changes == {
        "allocation_due_on": ["2026-11-09", "2026-11-17"],
        "team_id": [norwich.pk, lynn.pk],
    }
    assert event.summary == "Family moved to King's Lynn last week"


def test_moving_an_allocated_referral_unallocates_it_and_restarts_the_risk_review(
    norwich: Team, lynn: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assert referral.risk_review_due_on is None
    referral = referral_services.referral_team_change(
        actor=manager,
        referral_id=referral.pk,
        version=referral.version,
        team_id=lynn.pk,
        reason="Family moved",
    )
    referral.refresh_from_db()
    assert (referral.team, referral.worker, referral.allocated_at) == (lynn, None, None)
    # Unallocated again, so its risk is reviewed again: Mon 16 Nov + 5 = Mon 23 Nov.
    assert referral.risk_review_due_on == date(2026, 11, 23)
    assert last_event("referral.team_change").changes == {
        "allocation_due_on": ["2026-11-09", "2026-11-17"],  # Mon 16 Nov + 1 = Tue 17 Nov
        "risk_review_due_on": [None, "2026-11-23"],
        "team_id": [norwich.pk, lynn.pk],
        "worker_id": [worker.pk, None],
    }


@pytest.mark.parametrize(
    ("team", "reason", "message"),
    [
        ("lynn", "   ", "Enter why the referral goes to this team"),
        ("cads", "Wrong team", "Select the locality team"),
        (None, "Wrong team", "Select the locality team"),
    ],
)
def test_team_change_refused_without_a_locality_team_or_reason(
    norwich: Team, lynn: Team, manager: User, team: str | None, reason: str, message: str
) -> None:
    teams = {"lynn": lynn, "cads": TeamFactory(name="CADS", kind=Team.Kind.CADS)}
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        referral_services.referral_team_change(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            team_id=teams[team].pk if team else None,
            reason=reason,
        )
    assert db_state() == before


def test_a_social_worker_cannot_change_the_team(norwich: Team, lynn: Team, worker: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        referral_services.referral_team_change(
            actor=worker, referral_id=referral.pk, version=1, team_id=lynn.pk, reason="Moved"
        )
    assert db_state() == before


# --- allocation ------------------------------------------------------------------------------


def test_allocation_to_a_worker_in_the_team(norwich: Team, manager: User, worker: User) -> None:
    referral = make_referral()
    referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=referral.version, worker_id=worker.pk
    )
    referral.refresh_from_db()
    assert (referral.worker, referral.allocated_at) == (worker, london(2026, 11, 16, 10, 0))
    assert referral.risk_review_due_on is None  # allocated: no more risk reviews
    assert referral.version == 2
    latest = Allocation.objects.filter(referral=referral).last()
    assert latest is not None
    assert (latest.team, latest.worker, latest.allocated_by) == (norwich, worker, manager)
    event = last_event("referral.allocate")
    assert (event.actor, event.changes) == (manager, {"worker_id": [None, worker.pk]})
    assert event.summary == f"Allocated to {worker}"


def test_allocation_refused_to_a_worker_outside_the_team(
    norwich: Team, lynn: Team, manager: User
) -> None:
    outsider = social_worker(lynn)
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match=f"^{outsider} is not in Locality: Norwich$"):
        referral_services.referral_allocate(
            actor=manager, referral_id=referral.pk, version=1, worker_id=outsider.pk
        )
    assert db_state() == before


def test_allocation_refused_to_an_inactive_or_missing_worker(norwich: Team, manager: User) -> None:
    gone = social_worker(norwich, is_active=False)
    referral = make_referral()
    before = db_state()
    for worker_id in (gone.pk, None):
        with pytest.raises(DomainError, match="^Select the worker$"):
            referral_services.referral_allocate(
                actor=manager, referral_id=referral.pk, version=1, worker_id=worker_id
            )
    assert db_state() == before


def test_allocation_needs_a_team_first(norwich: Team, manager: User, worker: User) -> None:
    referral = make_referral(child_at("ZZ9 9ZZ"))  # no team covers ZZ9
    with pytest.raises(DomainError, match="^Choose the locality team before allocating"):
        referral_services.referral_allocate(
            actor=head_of_service(), referral_id=referral.pk, version=1, worker_id=worker.pk
        )


def test_another_teams_manager_cannot_allocate_but_head_of_service_can(
    norwich: Team, lynn: Team, worker: User
) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        referral_services.referral_allocate(
            actor=team_manager(lynn), referral_id=referral.pk, version=1, worker_id=worker.pk
        )
    assert db_state() == before
    referral_services.referral_allocate(
        actor=head_of_service(), referral_id=referral.pk, version=1, worker_id=worker.pk
    )
    assert Referral.objects.get().worker == worker


def test_allocation_with_a_stale_version_is_refused(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)  # now version 2
    before = db_state()
    with pytest.raises(ConflictError):
        referral_services.referral_allocate(
            actor=manager, referral_id=referral.pk, version=1, worker_id=worker.pk
        )
    assert db_state() == before


# --- risk reviews while unallocated ----------------------------------------------------------


def test_risk_review_sets_the_next_date(norwich: Team, manager: User) -> None:
    referral = make_referral()
    assert referral.risk_review_due_on == date(2026, 11, 13)  # Fri 6 Nov + 5
    # Latest allowed: Mon 16 Nov + 5 working days = Mon 23 Nov.
    review = referral_services.risk_review_record(
        actor=manager,
        referral_id=referral.pk,
        note="Spoke to school; child attending.",
        next_review_on=date(2026, 11, 23),
    )
    referral.refresh_from_db()
    assert referral.risk_review_due_on == date(2026, 11, 23)
    assert RiskReview.objects.get() == review
    assert (review.reviewed_by, review.reviewed_at) == (manager, london(2026, 11, 16, 10, 0))
    event = last_event("referral.risk_review")
    assert event.changes == {"risk_review_due_on": ["2026-11-13", "2026-11-23"]}
    assert event.summary == "Spoke to school; child attending."


@pytest.mark.parametrize(
    "next_review_on",
    [
        date(2026, 11, 16),  # today: not renewed
        date(2026, 11, 13),  # in the past
        date(2026, 11, 24),  # Tue 24 Nov: one working day too far
    ],
)
def test_risk_review_date_must_be_after_today_and_within_five_working_days(
    norwich: Team, manager: User, next_review_on: date
) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(
        DomainError,
        match="^The next risk review must be after today and no later than 23 November 2026$",
    ):
        referral_services.risk_review_record(
            actor=manager, referral_id=referral.pk, note="Checked", next_review_on=next_review_on
        )
    assert db_state() == before


def test_risk_review_window_skips_christmas(monkeypatch: Any, norwich: Team) -> None:
    manager = team_manager(norwich)
    referral = make_referral(referral_date=date(2026, 12, 22))
    freeze(monkeypatch, london(2026, 12, 24, 12, 0))  # Thu 24 Dec 2026
    # Thu 24 Dec + 5: skip 25, 26-27, 28 (substitute); Tue 29, Wed 30, Thu 31; skip 1 Jan,
    # 2-3; Mon 4, Tue 5 Jan 2027.
    with pytest.raises(DomainError, match="no later than 5 January 2027$"):
        referral_services.risk_review_record(
            actor=manager, referral_id=referral.pk, note="x", next_review_on=date(2027, 1, 6)
        )
    referral_services.risk_review_record(
        actor=manager, referral_id=referral.pk, note="x", next_review_on=date(2027, 1, 5)
    )
    assert Referral.objects.get().risk_review_due_on == date(2027, 1, 5)


def test_risk_review_refused_without_note_or_date_or_once_allocated(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^Enter what you reviewed"):
        referral_services.risk_review_record(
            actor=manager, referral_id=referral.pk, note=" ", next_review_on=date(2026, 11, 20)
        )
    with pytest.raises(DomainError, match="^Enter the date of the next risk review$"):
        referral_services.risk_review_record(
            actor=manager, referral_id=referral.pk, note="x", next_review_on=None
        )
    with pytest.raises(PermissionDeniedError):
        referral_services.risk_review_record(
            actor=worker, referral_id=referral.pk, note="x", next_review_on=date(2026, 11, 20)
        )
    assert db_state() == before
    allocated = allocated_referral(worker, manager)
    with pytest.raises(DomainError, match="^This referral is allocated"):
        referral_services.risk_review_record(
            actor=manager, referral_id=allocated.pk, note="x", next_review_on=date(2026, 11, 20)
        )


# --- assessments -------------------------------------------------------------------------------


def test_assessment_starts_with_its_45_working_day_clock(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    # Started by the manager, it is still the allocated worker's assessment.
    assessment = assessment_services.assessment_start(
        actor=manager, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    assert (assessment.worker, assessment.status) == (worker, "in_progress")
    # Fri 6 Nov + 45: Nov 9-30 (16), Dec 1-24 (34), skip 25 and 28, Dec 29-31 (37),
    # skip 1 Jan, Jan 4-8 (42), 11, 12, 13 -> Wed 13 Jan 2027.
    assert assessment.due_on == date(2027, 1, 13)
    event = last_event("assessment.start")
    assert (event.actor, event.object_type) == (manager, "casework.assessment")
    assert event.changes == {"started_on": [None, "2026-11-09"]}


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        (None, "Enter the date the assessment started"),
        (date(2026, 11, 17), "The date the assessment started must be today or in the past"),
        (
            date(2026, 11, 5),
            "The date the assessment started must be the same as or after the referral date "
            r"\(6 November 2026\)",
        ),
    ],
)
def test_assessment_start_date_checked(
    norwich: Team, manager: User, worker: User, started_on: date | None, message: str
) -> None:
    referral = allocated_referral(worker, manager)
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        assessment_services.assessment_start(
            actor=worker, referral_id=referral.pk, started_on=started_on
        )
    assert db_state() == before


def test_only_one_assessment_in_progress(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    before = db_state()
    with pytest.raises(DomainError, match="already has an assessment in progress"):
        assessment_services.assessment_start(
            actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 10)
        )
    assert db_state() == before


def test_a_worker_not_allocated_cannot_start_the_assessment(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    with pytest.raises(PermissionDeniedError):
        assessment_services.assessment_start(
            actor=social_worker(norwich), referral_id=referral.pk, started_on=date(2026, 11, 9)
        )
    assert not Assessment.objects.exists()


def test_assessment_update_saves_and_audits_what_changed(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        child_seen_on=date(2026, 11, 10),
        factors=["3B", "4B", "3B"],
        analysis="  Parents separated.  ",
    )
    assessment.refresh_from_db()
    assert assessment.factors == ["3B", "4B"]  # the repeat is dropped
    assert assessment.analysis == "Parents separated."
    assert assessment.version == 2
    assert last_event("assessment.update").changes == {
        "analysis": ["", "Parents separated."],
        "child_seen_on": [None, "2026-11-10"],
        "factors": [[], ["3B", "4B"]],
    }
    # Saving the same again changes nothing and writes no audit row.
    count = AuditEvent.objects.count()
    assessment_services.assessment_update(
        actor=worker, assessment_id=assessment.pk, version=2, analysis="Parents separated."
    )
    assert AuditEvent.objects.count() == count
    assert Assessment.objects.get().version == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"factors": ["21", "3B"]},
            "Select \u201cNo factors identified\u201d on its own, or only the factors identified",
        ),
        ({"factors": ["3B", "99Z"]}, "Not an assessment factor: 99Z"),
        (
            {"child_seen_on": date(2026, 11, 5)},
            r"The date the child was seen must be the same as or after the referral date "
            r"\(6 November 2026\)",
        ),
        (
            {"child_seen_on": date(2026, 11, 17)},
            "The date the child was seen must be today or in the past",
        ),
        ({"outcome": "adoption"}, "Select the outcome of the assessment"),
    ],
)
def test_assessment_update_refuses_bad_values_and_saves_nothing(
    norwich: Team, manager: User, worker: User, fields: dict[str, Any], message: str
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        # The good analysis in the same call is not kept either.
        assessment_services.assessment_update(
            actor=worker,
            assessment_id=assessment.pk,
            version=assessment.version,
            analysis="A good analysis.",
            **fields,
        )
    assert db_state() == before


def test_no_factors_code_alone_is_accepted(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    assessment_services.assessment_update(
        actor=worker, assessment_id=assessment.pk, version=1, factors=["21"]
    )
    assert Assessment.objects.get().factors == ["21"]


def test_completion_sends_the_assessment_for_authorisation(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert (assessment.submitted_by, assessment.submitted_at) == (
        worker,
        london(2026, 11, 16, 10, 0),
    )
    event = last_event("assessment.complete")
    assert (event.actor, event.changes) == (worker, {"status": ["in_progress", "submitted"]})


def test_completion_by_an_unregistered_worker_is_refused(norwich: Team, manager: User) -> None:
    unqualified = social_worker(norwich, registered=False)
    referral = allocated_referral(unqualified, manager)
    assessment = written_assessment(
        referral, unqualified, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(PermissionDeniedError, match="^Only a registered social worker"):
        assessment_services.assessment_complete(
            actor=unqualified, assessment_id=assessment.pk, version=assessment.version
        )
    assert db_state() == before
    # Their registered manager can complete it for them.
    assessment_services.assessment_complete(actor=manager, assessment_id=assessment.pk, version=2)
    assert Assessment.objects.get().submitted_by == manager


def test_completion_refused_while_something_is_missing(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment = assessment_services.assessment_update(
        actor=worker, assessment_id=assessment.pk, version=assessment.version, child_views=""
    )
    before = db_state()
    with pytest.raises(DomainError, match="^Enter the child's views$") as raised:
        assessment_services.assessment_complete(
            actor=worker, assessment_id=assessment.pk, version=assessment.version
        )
    assert raised.value.field == "child_views"
    assert db_state() == before


def test_a_late_assessment_needs_a_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 14, 9, 0))  # Thu 14 Jan: the day after it was due
    before = db_state()
    with pytest.raises(
        DomainError, match="^The assessment was due on 13 January 2027: enter why it is late$"
    ) as raised:
        assessment_services.assessment_complete(
            actor=worker, assessment_id=assessment.pk, version=assessment.version
        )
    assert raised.value.field == "late_reason"
    assert db_state() == before
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        late_reason="Father could not be seen until January.",
    )
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assert Assessment.objects.get().status == "submitted"


def test_completion_on_the_due_date_needs_no_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 13, 16, 0))  # Wed 13 Jan 2027: the due date
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assert Assessment.objects.get().status == "submitted"


def test_authorisation_by_the_manager(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2026, 11, 13),
        comment="  Good work.  ",
    )
    assessment.refresh_from_db()
    assert assessment.status == "authorised"
    assert (assessment.authorised_by, assessment.authorised_on) == (manager, date(2026, 11, 13))
    assert assessment.manager_comment == "Good work."
    event = last_event("assessment.authorise")
    assert event.actor == manager
    assert event.changes == {
        "status": ["submitted", "authorised"],
        "authorised_on": [None, "2026-11-13"],
    }


@pytest.mark.parametrize(
    ("authorised_on", "message"),
    [
        (
            date(2026, 11, 6),
            r"The date of authorisation must be the same as or after the date the assessment "
            r"started \(9 November 2026\)",
        ),
        (date(2026, 11, 17), "The date of authorisation must be today or in the past"),
        (None, "Enter the date of authorisation"),
    ],
)
def test_authorisation_date_checked(
    norwich: Team, manager: User, worker: User, authorised_on: date | None, message: str
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        assessment_services.assessment_authorise(
            actor=manager,
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=authorised_on,
        )
    assert db_state() == before


def test_nobody_authorises_an_assessment_they_wrote(norwich: Team) -> None:
    manager = team_manager(norwich)
    # The manager allocated to themselves, wrote and completed it.
    referral = allocated_referral(manager, manager)
    assessment = submitted_assessment(
        referral, manager, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(DomainError, match="^You cannot authorise an assessment you wrote"):
        assessment_services.assessment_authorise(
            actor=manager,
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=date(2026, 11, 16),
        )
    assert db_state() == before
    # Another manager can: the head of service.
    hos = head_of_service()
    assessment_services.assessment_authorise(
        actor=hos,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2026, 11, 16),
    )
    assert Assessment.objects.get().authorised_by == hos


def test_the_manager_who_completed_it_cannot_authorise_it(norwich: Team) -> None:
    manager = team_manager(norwich)
    unqualified = social_worker(norwich, registered=False)
    referral = allocated_referral(unqualified, manager)
    assessment = written_assessment(
        referral, unqualified, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(actor=manager, assessment_id=assessment.pk, version=2)
    before = db_state()
    with pytest.raises(DomainError, match="^You cannot authorise an assessment you wrote"):
        assessment_services.assessment_authorise(
            actor=manager, assessment_id=assessment.pk, version=3, authorised_on=date(2026, 11, 16)
        )
    assert db_state() == before


def test_another_teams_manager_cannot_authorise(
    norwich: Team, lynn: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        assessment_services.assessment_authorise(
            actor=team_manager(lynn),
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=date(2026, 11, 16),
        )
    assert db_state() == before


def test_late_authorisation_needs_a_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 14, 9, 0))
    before = db_state()
    with pytest.raises(DomainError, match="^The assessment was due on 13 January 2027"):
        assessment_services.assessment_authorise(
            actor=manager,
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=date(2027, 1, 14),  # Thu 14 Jan: a day late
        )
    assert db_state() == before
    assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2027, 1, 14),
        late_reason="  Manager on leave over Christmas.  ",
    )
    assert Assessment.objects.get().late_reason == "Manager on leave over Christmas."


def test_authorising_on_the_due_date_needs_no_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 14, 9, 0))
    assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2027, 1, 13),  # dated on the due day: not late
    )
    assert Assessment.objects.get().late_reason == ""


def test_return_and_resubmit(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    with pytest.raises(DomainError, match="^Enter what needs to change$"):
        assessment_services.assessment_return(
            actor=manager, assessment_id=assessment.pk, version=assessment.version, comment=" "
        )
    assessment_services.assessment_return(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        comment="Say more about the father.",
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.manager_comment) == (
        "returned",
        "Say more about the father.",
    )
    event = last_event("assessment.return")
    assert event.changes == {"status": ["submitted", "returned"]}
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        analysis="Father seen too.",
    )
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assert Assessment.objects.get().status == "submitted"


def test_a_submitted_assessment_cannot_be_changed(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(DomainError, match="has been submitted"):
        assessment_services.assessment_update(
            actor=worker, assessment_id=assessment.pk, version=assessment.version, analysis="x"
        )
    with pytest.raises(ConflictError):
        assessment_services.assessment_complete(
            actor=worker, assessment_id=assessment.pk, version=assessment.version
        )
    assert db_state() == before


# --- child in need plans and closure ---------------------------------------------------------


def assessed_referral(worker: User, manager: User, *, primary_need: str = "N1") -> Referral:
    """An allocated referral with an authorised assessment (authorised Fri 13 Nov 2026)."""
    referral = allocated_referral(worker, manager)
    authorised_assessment(
        referral,
        worker,
        manager,
        started_on=date(2026, 11, 9),
        seen_on=date(2026, 11, 10),
        authorised_on=date(2026, 11, 13),
    )
    if primary_need:
        referral.refresh_from_db()
        referral_services.referral_primary_need_set(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            primary_need=primary_need,
        )
    referral.refresh_from_db()
    return referral


def test_cin_plan_starts_with_its_first_review_date(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager)
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 12)
    )
    # Thu 12 Nov + 30: Fri 13 (1), Nov 16-20 (6), 23-27 (11), 30 (12), Dec 1-4 (16),
    # 7-11 (21), 14-18 (26), 21, 22, 23, Thu 24 Dec (30).
    assert plan.next_review_on == date(2026, 12, 24)
    event = last_event("cin_plan.start")
    assert (event.actor, event.changes) == (worker, {"start_date": [None, "2026-11-12"]})
    before = db_state()
    with pytest.raises(DomainError, match="already has a child in need plan"):
        plan_services.cin_plan_start(
            actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 13)
        )
    assert db_state() == before


def test_cin_plan_cannot_start_before_the_referral(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager)
    before = db_state()
    with pytest.raises(DomainError, match="the referral date"):
        plan_services.cin_plan_start(
            actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 5)
        )
    assert db_state() == before


def test_closure_before_the_referral_date_is_refused(norwich: Team, manager: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(
        DomainError,
        match=r"^The closure date must be the same as or after the referral date "
        r"\(6 November 2026\)$",
    ) as raised:
        transition_services.referral_close(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 5),
            reason="RC7",
        )
    assert raised.value.field == "closed_on"
    assert db_state() == before


def test_closure_ends_the_plan_and_may_not_come_before_it(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager)
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 12)
    )
    before = db_state()
    with pytest.raises(DomainError, match="^The child in need plan started on 12 November 2026"):
        transition_services.referral_close(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 11),
            reason="RC7",
        )
    assert db_state() == before
    transition_services.referral_close(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=date(2026, 11, 16),
        reason="RC7",
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.next_review_on) == (date(2026, 11, 16), None)
    assert last_event("cin_plan.end").changes == {"end_date": [None, "2026-11-16"]}
    assert Referral.objects.get().risk_review_due_on is None


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
def test_rc8_and_rc9_need_an_assessment(norwich: Team, manager: User, reason: str) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^RC8 and RC9 are for cases closed after an assessment"):
        transition_services.referral_close(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 16),
            reason=reason,
        )
    assert db_state() == before


def test_rc2_needs_the_date_of_death(norwich: Team, manager: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^Record the child's date of death"):
        transition_services.referral_close(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 16),
            reason="RC2",
        )
    assert db_state() == before
    referral.person.date_of_death = date(2026, 11, 14)
    referral.person.save()
    transition_services.referral_close(
        actor=manager,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=date(2026, 11, 16),
        reason="RC2",
    )
    assert Referral.objects.get().closure_reason == "RC2"


def test_closure_refused_with_an_open_assessment_or_no_primary_need(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    before = db_state()
    with pytest.raises(DomainError, match="^An assessment is still open"):
        transition_services.referral_close(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 16),
            reason="RC7",
        )
    assert db_state() == before

    assessed = assessed_referral(social_worker(norwich), manager, primary_need="")
    before = db_state()
    with pytest.raises(DomainError, match="^Select the primary need before closing$"):
        transition_services.referral_close(
            actor=manager,
            referral_id=assessed.pk,
            version=assessed.version,
            closed_on=date(2026, 11, 16),
            reason="RC8",
        )
    assert db_state() == before


def test_closure_needs_a_census_reason_and_no_future_date(norwich: Team, manager: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^Select the reason for closure$"):
        transition_services.referral_close(
            actor=manager, referral_id=referral.pk, version=1, closed_on=REFERRAL_DATE, reason="X"
        )
    with pytest.raises(DomainError, match="^The closure date must be today or in the past$"):
        transition_services.referral_close(
            actor=manager,
            referral_id=referral.pk,
            version=1,
            closed_on=date(2026, 11, 17),
            reason="RC7",
        )
    assert db_state() == before


def test_a_closed_referral_takes_no_more_work(norwich: Team, manager: User, worker: User) -> None:
    referral = make_referral()
    transition_services.referral_close(
        actor=manager, referral_id=referral.pk, version=1, closed_on=REFERRAL_DATE, reason="RC7"
    )
    before = db_state()
    with pytest.raises(DomainError, match="^This referral is closed$"):
        referral_services.referral_allocate(
            actor=manager, referral_id=referral.pk, version=2, worker_id=worker.pk
        )
    with pytest.raises(DomainError, match="^This referral is closed$"):
        assessment_services.assessment_start(
            actor=manager, referral_id=referral.pk, started_on=date(2026, 11, 9)
        )
    assert db_state() == before
    # Once closed, the next contact opens a new episode rather than joining the old one.
    assert make_referral(referral.person, referral_date=date(2026, 11, 16)).pk != referral.pk


# --- step down and step up ---------------------------------------------------------------------


def test_step_down_after_assessment_closes_with_rc9_and_opens_early_help(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager)
    step = transition_services.step_down(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        stepped_on=date(2026, 11, 16),
        reason="Needs can be met by early help.",
    )
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2026, 11, 16), "RC9")
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.person, episode.stepped_down_from, episode.opened_on) == (
        referral.person,
        referral,
        date(2026, 11, 16),
    )
    assert episode.allocation_due_on == date(2026, 11, 23)  # Mon 16 + 5
    assert episode.assessment_due_on == date(2026, 12, 30)  # Mon 16 Nov + 30, see above
    assert (step.direction, step.referral, step.early_help) == ("down", referral, episode)
    assert step.reason == "Needs can be met by early help."
    assert [a for a, _ in events()][-3:] == ["referral.close", "early_help.open", "step.down"]


def test_step_down_without_an_assessment_closes_with_rc7(norwich: Team, manager: User) -> None:
    referral = make_referral()
    transition_services.step_down(
        actor=manager,
        referral_id=referral.pk,
        version=referral.version,
        stepped_on=date(2026, 11, 16),
        reason="Family asked for early help instead.",
    )
    assert Referral.objects.get().closure_reason == "RC7"
    assert EarlyHelpEpisode.objects.get().stepped_down_from == referral


def test_step_down_refused_leaves_the_referral_open_and_no_early_help(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager, primary_need="")
    before = db_state()
    with pytest.raises(DomainError, match="^Enter why the child steps down"):
        transition_services.step_down(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            stepped_on=date(2026, 11, 16),
            reason="  ",
        )
    # The closure is refused half-way through (no primary need): nothing stays.
    with pytest.raises(DomainError, match="^Select the primary need before closing$"):
        transition_services.step_down(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            stepped_on=date(2026, 11, 16),
            reason="Early help will do.",
        )
    assert db_state() == before


def test_step_up_closes_early_help_and_refers_with_source_5d(norwich: Team) -> None:
    child = child_at("NR3 1XY")
    episode = early_help_for(child)  # opened Fri 6 Nov
    advisor = pathway_advisor()
    step = transition_services.step_up(
        actor=advisor,
        episode_id=episode.pk,
        version=episode.version,
        stepped_on=date(2026, 11, 16),
        reason="Neglect is getting worse despite the plan.",
    )
    episode.refresh_from_db()
    assert (episode.closed_on, episode.closure_reason) == (date(2026, 11, 16), "stepped_up")
    referral = Referral.objects.get()
    assert (referral.person, referral.source, referral.referral_date) == (
        child,
        "5D",
        date(2026, 11, 16),
    )
    assert (referral.team, referral.opened_by, referral.origin) == (norwich, advisor, None)
    assert referral.allocation_due_on == date(2026, 11, 17)  # Mon 16 + 1 = Tue 17
    assert referral.child_seen_due_on == date(2026, 11, 23)  # Mon 16 + 5 = Mon 23
    assert (step.direction, step.referral, step.early_help) == ("up", referral, episode)
    assert [a for a, _ in events()][-3:] == ["early_help.close", "referral.open", "step.up"]


def test_step_up_refused_while_a_referral_is_open(norwich: Team) -> None:
    child = child_at()
    make_referral(child)
    episode = early_help_for(child)
    before = db_state()
    with pytest.raises(DomainError, match="already has an open referral"):
        transition_services.step_up(
            actor=pathway_advisor(),
            episode_id=episode.pk,
            version=episode.version,
            stepped_on=date(2026, 11, 16),
            reason="Worse",
        )
    assert db_state() == before


def test_step_up_refused_before_early_help_opened(norwich: Team) -> None:
    episode = early_help_for(child_at())
    before = db_state()
    with pytest.raises(DomainError, match="the date early help was requested"):
        transition_services.step_up(
            actor=pathway_advisor(),
            episode_id=episode.pk,
            version=episode.version,
            stepped_on=date(2026, 11, 5),
            reason="Worse",
        )
    assert db_state() == before


def test_down_then_up_is_a_re_referral(monkeypatch: Any, norwich: Team, manager: User) -> None:
    referral = make_referral()
    transition_services.step_down(
        actor=manager,
        referral_id=referral.pk,
        version=1,
        stepped_on=date(2026, 11, 16),
        reason="Early help first.",
    )
    freeze(monkeypatch, london(2026, 11, 30, 10, 0))
    episode = EarlyHelpEpisode.objects.get()
    transition_services.step_up(
        actor=manager,
        episode_id=episode.pk,
        version=episode.version,
        stepped_on=date(2026, 11, 30),
        reason="Not working.",
    )
    new = Referral.objects.get(closed_on__isnull=True)
    assert new.is_re_referral is True  # 6 Nov to 30 Nov 2026


# --- early help ------------------------------------------------------------------------------


def test_one_open_early_help_episode_per_child() -> None:
    child = PersonFactory()
    first = early_help_for(child)
    assert early_help_for(child, opened_on=date(2026, 11, 12)) == first
    assert EarlyHelpEpisode.objects.count() == 1
    assert [a for a, _ in events()] == ["early_help.open"]


def test_a_pathway_advisor_takes_an_episode_and_others_then_cannot_work_on_it() -> None:
    episode = early_help_for()
    team = early_help_team()
    advisor, other = pathway_advisor(team), pathway_advisor(team)
    early_help_services.early_help_assign(
        actor=advisor, episode_id=episode.pk, version=episode.version, advisor_id=advisor.pk
    )
    episode.refresh_from_db()
    assert (episode.advisor, episode.version) == (advisor, 2)
    assert last_event("early_help.assign").changes == {"advisor_id": [None, advisor.pk]}
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        early_help_services.early_help_update(
            actor=other, episode_id=episode.pk, version=2, consent="given"
        )
    assert db_state() == before


def test_early_help_goes_only_to_a_pathway_advisor_or_another_organisation() -> None:
    episode = early_help_for()
    advisor = pathway_advisor()
    before = db_state()
    with pytest.raises(DomainError, match="is not a pathway advisor"):
        early_help_services.early_help_assign(
            actor=advisor,
            episode_id=episode.pk,
            version=1,
            advisor_id=social_worker(locality_team()).pk,
        )
    with pytest.raises(DomainError, match="^Select the pathway advisor or enter the lead"):
        early_help_services.early_help_assign(actor=advisor, episode_id=episode.pk, version=1)
    assert db_state() == before
    early_help_services.early_help_assign(
        actor=advisor, episode_id=episode.pk, version=1, lead_organisation=" Northshire Primary "
    )
    assert EarlyHelpEpisode.objects.get().lead_organisation == "Northshire Primary"


def test_early_help_needs_consent_then_sets_its_review(monkeypatch: Any) -> None:
    episode = early_help_for()  # opened Fri 6 Nov
    advisor = pathway_advisor()
    early_help_services.early_help_assign(
        actor=advisor, episode_id=episode.pk, version=1, advisor_id=advisor.pk
    )
    before = db_state()
    with pytest.raises(DomainError, match="^Early help is voluntary"):
        early_help_services.early_help_update(
            actor=advisor, episode_id=episode.pk, version=2, assessment_started_on=date(2026, 11, 9)
        )
    with pytest.raises(DomainError, match="^Complete the early help assessment before the plan"):
        early_help_services.early_help_update(
            actor=advisor,
            episode_id=episode.pk,
            version=2,
            consent="given",
            assessment_started_on=date(2026, 11, 9),
            plan_started_on=date(2026, 11, 12),
        )
    assert db_state() == before
    episode = early_help_services.early_help_update(
        actor=advisor,
        episode_id=episode.pk,
        version=2,
        consent="given",
        assessment_started_on=date(2026, 11, 9),
        assessment_completed_on=date(2026, 11, 11),
        plan_started_on=date(2026, 11, 12),
    )
    # Thu 12 Nov + 30 working days = Thu 24 Dec 2026 (counted in the CIN plan test).
    assert episode.next_review_on == date(2026, 12, 24)
    assert last_event("early_help.update").changes == {
        "assessment_completed_on": [None, "2026-11-11"],
        "assessment_started_on": [None, "2026-11-09"],
        "consent": ["not_yet_asked", "given"],
        "plan_started_on": [None, "2026-11-12"],
    }


def test_early_help_closure() -> None:
    episode = early_help_for()
    advisor = pathway_advisor()
    before = db_state()
    with pytest.raises(DomainError, match="the date early help was requested"):
        early_help_services.early_help_close(
            actor=advisor,
            episode_id=episode.pk,
            version=1,
            closed_on=date(2026, 11, 5),
            reason="needs_met",
        )
    assert db_state() == before
    early_help_services.early_help_close(
        actor=advisor,
        episode_id=episode.pk,
        version=1,
        closed_on=date(2026, 11, 16),
        reason="consent_withdrawn",
    )
    episode.refresh_from_db()
    assert (episode.closed_on, episode.closure_reason) == (date(2026, 11, 16), "consent_withdrawn")
    assert last_event("early_help.close").changes == {
        "closed_on": [None, "2026-11-16"],
        "closure_reason": [None, "consent_withdrawn"],
    }
    # Once closed, a new decision opens a new episode.
    assert early_help_for(episode.person, opened_on=date(2026, 11, 16)) != episode


def test_early_help_plan_review(monkeypatch: Any) -> None:
    episode = early_help_for()
    advisor = pathway_advisor()
    early_help_services.early_help_assign(
        actor=advisor, episode_id=episode.pk, version=1, advisor_id=advisor.pk
    )
    early_help_services.early_help_update(
        actor=advisor,
        episode_id=episode.pk,
        version=2,
        consent="given",
        assessment_started_on=date(2026, 11, 9),
        assessment_completed_on=date(2026, 11, 11),
        plan_started_on=date(2026, 11, 12),
    )
    review = plan_services.plan_review_record(
        actor=advisor, reviewed_on=date(2026, 11, 16), note="On track.", early_help_id=episode.pk
    )
    # Mon 16 Nov + 30 working days = Wed 30 Dec 2026 (counted above).
    assert review.next_review_on == date(2026, 12, 30)
    assert EarlyHelpEpisode.objects.get().next_review_on == date(2026, 12, 30)
    assert last_event("plan.review").changes == {"next_review_on": ["2026-12-24", "2026-12-30"]}

    # A closed episode takes no more reviews.
    early_help_services.early_help_close(
        actor=advisor,
        episode_id=episode.pk,
        version=4,  # the review moved it on from 3
        closed_on=date(2026, 11, 16),
        reason="other",
    )
    before = db_state()
    with pytest.raises(DomainError, match="^This early help episode is closed$"):
        plan_services.plan_review_record(
            actor=advisor, reviewed_on=date(2026, 11, 16), note="x", early_help_id=episode.pk
        )
    assert db_state() == before


# --- management oversight -------------------------------------------------------------------


def test_oversight_with_a_direction(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    oversight = oversight_services.oversight_record(
        actor=manager,
        person=referral.person,
        kind="oversight",
        discussion="Discussed school's concerns.",
        direction="  See the child at school this week.  ",
        direction_for_id=worker.pk,
        direction_due_on=date(2026, 11, 20),
        referral_id=referral.pk,
    )
    oversight.refresh_from_db()
    assert (oversight.direction, oversight.direction_for, oversight.direction_due_on) == (
        "See the child at school this week.",
        worker,
        date(2026, 11, 20),
    )
    assert (oversight.recorded_by, oversight.recorded_at) == (manager, london(2026, 11, 16, 10))
    event = last_event("oversight.record")
    assert event.changes == {"direction": [None, "See the child at school this week."]}
    assert event.summary == f"Management oversight for {referral.person.full_name}"


@pytest.mark.parametrize(
    ("direction", "who", "due", "message"),
    [
        ("See the child", False, date(2026, 11, 20), "Select who the direction is for"),
        ("See the child", True, None, "Enter the date the direction is due"),
        (
            "See the child",
            True,
            date(2026, 11, 13),
            "The direction's due date must be today or later",
        ),
        ("", True, None, "Enter the direction given"),
        ("", False, date(2026, 11, 20), "Enter the direction given"),
    ],
)
def test_a_direction_needs_who_and_when(
    norwich: Team,
    manager: User,
    worker: User,
    direction: str,
    who: bool,
    due: date | None,
    message: str,
) -> None:
    person = make_referral().person  # Norwich's
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        oversight_services.oversight_record(
            actor=manager,
            person=person,
            kind="supervision",
            discussion="Talked it through.",
            direction=direction,
            direction_for_id=worker.pk if who else None,
            direction_due_on=due,
        )
    assert db_state() == before


def test_oversight_only_by_managers_and_with_a_discussion(
    norwich: Team, manager: User, worker: User
) -> None:
    person = make_referral().person  # Norwich's
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        oversight_services.oversight_record(
            actor=worker, person=person, kind="oversight", discussion="x"
        )
    with pytest.raises(DomainError, match="^Enter what was discussed$"):
        oversight_services.oversight_record(
            actor=manager, person=person, kind="oversight", discussion=" "
        )
    with pytest.raises(DomainError, match="^Select oversight or supervision$"):
        oversight_services.oversight_record(
            actor=manager, person=person, kind="chat", discussion="x"
        )
    assert db_state() == before
    # Due today is allowed.
    oversight_services.oversight_record(
        actor=manager,
        person=person,
        kind="oversight",
        discussion="x",
        direction="Call the GP",
        direction_for_id=worker.pk,
        direction_due_on=date(2026, 11, 16),
    )
    assert Oversight.objects.count() == 1


def test_completing_a_direction(norwich: Team, manager: User, worker: User) -> None:
    oversight = oversight_services.oversight_record(
        actor=manager,
        person=make_referral().person,
        kind="supervision",
        discussion="Talked it through.",
        direction="Call the GP",
        direction_for_id=worker.pk,
        direction_due_on=date(2026, 11, 20),
    )
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        oversight_services.oversight_direction_complete(
            actor=social_worker(norwich), oversight_id=oversight.pk, note="Done"
        )
    with pytest.raises(DomainError, match="^Enter what was done$"):
        oversight_services.oversight_direction_complete(
            actor=worker, oversight_id=oversight.pk, note=""
        )
    assert db_state() == before
    oversight_services.oversight_direction_complete(
        actor=worker, oversight_id=oversight.pk, note="GP has no concerns."
    )
    oversight.refresh_from_db()
    assert (oversight.completed_by, oversight.completed_at) == (worker, london(2026, 11, 16, 10))
    assert last_event("oversight.complete").summary == "GP has no concerns."
    with pytest.raises(ConflictError):
        oversight_services.oversight_direction_complete(
            actor=worker, oversight_id=oversight.pk, note="x"
        )


def test_oversight_only_by_the_manager_of_the_team_holding_the_work(
    norwich: Team, manager: User, worker: User
) -> None:
    lynn_manager = team_manager(locality_team("Locality: King's Lynn", "PE30"))
    referral = make_referral()  # Norwich's
    unheld = PersonFactory()
    before = db_state()
    for person, referral_id in ((referral.person, referral.pk), (referral.person, None)):
        with pytest.raises(PermissionDeniedError, match="team that holds this child's work"):
            oversight_services.oversight_record(
                actor=lynn_manager,
                person=person,
                kind="oversight",
                discussion="x",
                referral_id=referral_id,
            )
    with pytest.raises(PermissionDeniedError):
        oversight_services.oversight_record(
            actor=manager, person=unheld, kind="oversight", discussion="x"
        )
    assert db_state() == before
    oversight_services.oversight_record(
        actor=manager, person=referral.person, kind="oversight", discussion="x"
    )
    oversight_services.oversight_record(
        actor=head_of_service(), person=unheld, kind="oversight", discussion="x"
    )
    assert Oversight.objects.count() == 2


def test_early_help_oversight_by_the_advisors_team_or_the_queue_team() -> None:
    queue_team = early_help_team()
    queued = early_help_for()
    eh_manager = team_manager(queue_team)
    other_manager = team_manager(locality_team())
    with pytest.raises(PermissionDeniedError):
        oversight_services.oversight_record(
            actor=other_manager,
            person=queued.person,
            kind="oversight",
            discussion="x",
            early_help_id=queued.pk,
        )
    oversight_services.oversight_record(
        actor=eh_manager,
        person=queued.person,
        kind="oversight",
        discussion="Waiting too long for an advisor.",
        early_help_id=queued.pk,
    )
    assert Oversight.objects.get().recorded_by == eh_manager


def test_only_a_registered_social_worker_closes_a_referral_or_steps_it_down(
    norwich: Team, manager: User
) -> None:
    family_support = social_worker(norwich, registered=False)
    referral = allocated_referral(family_support, manager)
    before = db_state()
    with pytest.raises(PermissionDeniedError, match="^Only a registered social worker can close"):
        transition_services.referral_close(
            actor=family_support,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=REFERRAL_DATE,
            reason="RC7",
        )
    with pytest.raises(PermissionDeniedError, match="^Only a registered social worker can close"):
        transition_services.step_down(
            actor=family_support,
            referral_id=referral.pk,
            version=referral.version,
            stepped_on=REFERRAL_DATE,
            reason="Needs met by school support",
        )
    assert db_state() == before
    closed = transition_services.referral_close(
        actor=manager,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=REFERRAL_DATE,
        reason="RC7",
    )
    assert closed.closed_on == REFERRAL_DATE


# --- two sessions at once (PostgreSQL) -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real row locks and concurrent connections: SQLite serialises all writers",
)
def test_two_contacts_about_one_child_decided_at_once_open_one_referral() -> None:
    locality_team()
    child = child_at()
    csws = [make_user(Role.CSW), make_user(Role.CSW)]
    links = [only_child(ContactFactory(csw=csw, child__person=child)) for csw in csws]
    start = threading.Barrier(len(csws))
    errors: list[BaseException] = []

    def decide_now(csw: User, link: Any) -> None:
        try:
            start.wait()
            decide(csw, link)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide_now, args=pair) for pair in zip(csws, links, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert errors == []
    assert Decision.objects.count() == 2
    referral = Referral.objects.get()
    assert {c.contact_child for c in referral.contacts.all()} == set(links)
    assert AuditEvent.objects.filter(action="referral.open").count() == 1
    assert AuditEvent.objects.filter(action="referral.contact_attach").count() == 1


# --- a referral for a child in early help, and oversight's links -------------------------------


def test_a_referral_for_a_child_in_early_help_steps_them_up(
    monkeypatch: Any, norwich: Team
) -> None:
    csw = make_user(Role.CSW)
    child = child_at("NR2 4AB")
    episode = early_help_for(child, opened_on=date(2026, 11, 2))
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    link = only_child(ContactFactory(csw=csw, child__person=child))

    decide(csw, link)

    referral = Referral.objects.get()
    episode.refresh_from_db()
    assert (episode.closed_on, episode.closure_reason) == (date(2026, 11, 6), "stepped_up")
    step = referral.steps.get()
    assert (step.direction, step.early_help, step.stepped_on) == ("up", episode, date(2026, 11, 6))
    assert step.reason.startswith(
        f"Social work assessment decided on contact {link.contact.reference}"
    )
    assert ("early_help.close", "casework.earlyhelpepisode") in events()
    assert ("step.up", "casework.step") in events()


def test_oversight_only_links_the_childs_own_records(manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    stranger = PersonFactory()
    before = db_state()
    with pytest.raises(DomainError, match="That referral is not this child's"):
        oversight_services.oversight_record(
            actor=manager,
            person=stranger,
            kind="oversight",
            discussion="Reviewed the plan",
            referral_id=referral.pk,
        )
    assert db_state() == before


def test_a_direction_is_only_for_someone_who_holds_casework(manager: User) -> None:
    partner = make_user(Role.MASH_PARTNER)
    with pytest.raises(DomainError, match="Select who the direction is for") as error:
        oversight_services.oversight_record(
            actor=manager,
            person=make_referral().person,  # Norwich's
            kind="supervision",
            discussion="Discussed the case",
            direction="Share the plan",
            direction_for_id=partner.pk,
            direction_due_on=date(2026, 11, 20),
        )
    assert error.value.field == "direction_for"
    assert not Oversight.objects.exists()


def test_taking_an_episode_a_colleague_has_just_taken_is_a_conflict_not_a_refusal() -> None:
    episode = early_help_for()
    first, second = pathway_advisor(), pathway_advisor()
    early_help_services.early_help_assign(
        actor=first, episode_id=episode.pk, version=1, advisor_id=first.pk
    )
    with pytest.raises(ConflictError):
        early_help_services.early_help_assign(
            actor=second, episode_id=episode.pk, version=1, advisor_id=second.pk
        )
    assert EarlyHelpEpisode.objects.get().advisor == first


def test_a_step_down_date_error_names_the_step_down(manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    with pytest.raises(DomainError) as error:
        transition_services.step_down(
            actor=worker,
            referral_id=referral.pk,
            version=None,
            stepped_on=date(2026, 11, 5),
            reason="School can lead",
        )
    assert (error.value.field, error.value.message) == (
        "stepped_on",
        "The date of the step down must be the same as or after the referral date "
        "(6 November 2026)",
    )


def test_rc8_and_rc9_are_refused_once_there_was_a_plan(
    norwich: Team, manager: User, worker: User
) -> None:
    # CIN census rule 2990: closed straight after assessment means no plan in the episode.
    referral = allocated_referral(worker, manager)
    authorised_assessment(
        referral,
        worker,
        manager,
        started_on=date(2026, 11, 9),
        seen_on=date(2026, 11, 10),
        authorised_on=date(2026, 11, 11),
    )
    plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 12)
    )
    referral_services.referral_primary_need_set(
        actor=worker, referral_id=referral.pk, version=None, primary_need="N1"
    )
    before = db_state()
    with pytest.raises(DomainError, match="had a child in need plan") as error:
        transition_services.referral_close(
            actor=worker,
            referral_id=referral.pk,
            version=None,
            closed_on=date(2026, 11, 13),
            reason="RC8",
        )
    assert error.value.field == "closure_reason"
    assert db_state() == before

    step = transition_services.step_down(
        actor=worker,
        referral_id=referral.pk,
        version=None,
        stepped_on=date(2026, 11, 13),
        reason="Plan outcomes met; school to lead early help",
    )
    step.referral.refresh_from_db()
    assert step.referral.closure_reason == "RC7"  # not RC9: the child had a plan


def test_an_early_help_decision_for_a_child_open_to_social_work_joins_their_referral(
    monkeypatch: Any, norwich: Team
) -> None:
    csw = make_user(Role.CSW)
    referral = make_referral()
    freeze(monkeypatch, london(2026, 11, 9, 15, 0))
    link = only_child(
        ContactFactory(
            csw=csw, child__person=referral.person, received_at=london(2026, 11, 9, 11, 0)
        )
    )
    decide(csw, link, EARLY_HELP)
    assert not EarlyHelpEpisode.objects.exists()
    assert ReferralContact.objects.get(contact_child=link).referral == referral
