"""What a front-door decision opens in casework: a referral (or joining the open one), early
help, or nothing; the whole journey from contact to closure; and two sessions at once.

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
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.closures import services as closure_services
from frontdoor.casework.models import (
    Allocation,
    EarlyHelpEpisode,
    Referral,
    ReferralContact,
)
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    COMPLETE_ASSESSMENT,
    EARLY_HELP,
    SWA,
    child_at,
    decide,
    early_help_for,
    events,
    last_event,
    locality_team,
    make_referral,
    social_worker,
    team_manager,
)
from frontdoor.contacts import services as contact_services
from frontdoor.contacts.models import Decision, Immediacy
from frontdoor.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

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

    # Fri 12 Mar 2027: the worker asks to close the case that day; the manager authorises on
    # Mon 15 Mar. The case closes on the worker's date, and the plan ends with it.
    freeze(monkeypatch, london(2027, 3, 12, 15, 0))
    referral.refresh_from_db()
    asked = closure_services.closure_request(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=date(2027, 3, 12),
        closure_reason="RC7",
        reason="The plan's goals are met",
    )
    freeze(monkeypatch, london(2027, 3, 15, 9, 30))
    closure_services.closure_authorise(actor=manager, request_id=asked.pk, version=asked.version)
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
        ("closure.request", worker),
        ("cin_plan.end", manager),
        ("referral.close", manager),
        ("closure.authorise", manager),
    ]
    assert (referral.closure_signed_off_by, referral.closure_signed_off_at) == (
        manager,
        london(2027, 3, 15, 9, 30),
    )
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
