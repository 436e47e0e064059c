"""Safeguarding's items in the work trays: what is due, whose it is, and who sees it overdue.

Every due date and time was counted by hand. The working day is 09:00 to 17:00; MASH clocks
turn amber with FRONTDOOR_AMBER_HOURS (4) hours left and red when the due time comes.
Casework's own items (allocation, seeing the child) for the referrals made here are left out
of the assertions by `of`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import ContactFactory, freeze, london, make_user, only_child
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    child_at,
    head_of_service,
    locality_team,
    social_worker,
    team_manager,
)
from frontdoor.casework.trays import KINDS, TrayItem, all_due_items, tray_for
from frontdoor.contacts import services as contact_services
from frontdoor.safeguarding.mash import services as mash_services
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.strategy import services as strategy_services
from frontdoor.safeguarding.strategy.services import Action

from .factories import (
    cads_csw,
    checks_to,
    conclude,
    conference_for,
    enquiry_for,
    icpc,
    mash_manager,
    mash_team,
    partner,
    plan_from,
    section47_of,
    strategy_about,
)

pytestmark = pytest.mark.django_db

SAFEGUARDING = {
    "mash",
    "check_chase",
    "strategy_discussion",
    "strategy_action",
    "conference",
    "cp_review",
    "cp_visit",
}


def of(items: list[TrayItem], *kinds: str) -> list[TrayItem]:
    wanted = set(kinds or SAFEGUARDING)
    return [item for item in items if item.kind in wanted]


def brief(items: list[TrayItem]) -> list[tuple[str, Any, date, str, str]]:
    return [
        (item.kind, item.person, item.due_on, item.rag.colour, item.rag.label) for item in items
    ]


@pytest.fixture
def norwich() -> Team:
    return locality_team()


@pytest.fixture
def csw() -> User:
    return cads_csw()


def test_every_kind_has_a_label() -> None:
    assert {kind: KINDS[kind] for kind in sorted(SAFEGUARDING)} == {
        "check_chase": "Chase an overdue agency check",
        "conference": "Initial child protection conference",
        "cp_review": "Child protection review conference",
        "cp_visit": "Visit the child on a child protection plan",
        "mash": "Complete the MASH enquiry",
        "strategy_action": "Action from a strategy discussion",
        "strategy_discussion": "Hold the strategy discussion",
    }


# --- MASH enquiries and checks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "colour", "label"),
    [
        # Opened Fri 6 Nov 15:00, amber: due Wed 11 Nov 15:00 (Fri 2, Mon 8, Tue 8, Wed 6).
        (london(2026, 11, 9, 10, 0), "green", "On time"),
        # Due today, but 5 hours left: a day-counted clock would call it amber.
        (london(2026, 11, 11, 10, 0), "green", "On time"),
        (london(2026, 11, 11, 11, 0), "amber", "Due soon"),  # 4 hours left
        (london(2026, 11, 11, 14, 59), "amber", "Due soon"),
        (london(2026, 11, 11, 15, 0), "red", "Overdue"),
    ],
)
def test_an_open_enquiry_runs_on_its_hours_not_its_day(
    monkeypatch: Any, csw: User, at: Any, colour: str, label: str
) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw)
    freeze(monkeypatch, at)
    (item,) = of(all_due_items())
    assert (item.kind, item.due_on, item.rag.colour, item.rag.label) == (
        "mash",
        date(2026, 11, 11),
        colour,
        label,
    )
    assert (
        item.title == f"{enquiry.person.full_name}: MASH enquiry {enquiry.reference} (rated amber)"
    )
    assert item.ref == f"safeguarding.mashenquiry:{enquiry.pk}"
    assert item.url


def test_an_enquiry_is_the_csws_and_the_mash_teams_and_escalates_to_the_mash_manager(
    monkeypatch: Any, csw: User
) -> None:
    team, manager = mash_team(), mash_manager()
    cads_manager = make_user(Role.TEAM_MANAGER, team=csw.team)
    colleague = make_user(Role.CSW, team=team)
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw)

    freeze(monkeypatch, london(2026, 11, 10, 10, 0))  # Tue: 13 hours left, green
    (item,) = of(tray_for(csw).mine)
    assert (item.kind, item.worker, item.team) == ("mash", csw, team)
    assert of(tray_for(colleague).team) == [item]
    assert of(tray_for(manager).team) == [item]
    assert tray_for(manager).escalated == []

    freeze(monkeypatch, london(2026, 11, 11, 15, 30))  # Wed: overdue since 15:00
    (item,) = of(tray_for(manager).escalated)
    assert (item.kind, item.rag.colour) == ("mash", "red")
    assert of(tray_for(cads_manager).escalated) == []  # the CSW's own team is not the MASH
    assert of(tray_for(head_of_service()).escalated) == [item]

    conclude(enquiry, csw, outcome="advice")
    assert of(all_due_items()) == []


def test_with_no_mash_team_the_enquiry_is_the_csws_teams(monkeypatch: Any, csw: User) -> None:
    cads_manager = make_user(Role.TEAM_MANAGER, team=csw.team)
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry_for(csw)
    freeze(monkeypatch, london(2026, 11, 12, 9, 0))
    (item,) = of(tray_for(cads_manager).escalated)
    assert (item.kind, item.worker, item.team) == ("mash", csw, csw.team)


def test_checks_past_their_time_are_for_the_mash_to_chase(monkeypatch: Any, csw: User) -> None:
    team, manager = mash_team(), mash_manager()
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw)  # amber: due Wed 11 Nov 15:00
    police_check, gp_check, school_check = checks_to(
        enquiry, csw, "police", "health_gp", "education"
    )
    mash_services.check_answer(
        actor=partner(Agency.EDUCATION), check_id=school_check.pk, version=None, answer="None"
    )

    freeze(monkeypatch, london(2026, 11, 11, 14, 59))
    assert of(all_due_items(), "check_chase") == []  # not yet

    freeze(monkeypatch, london(2026, 11, 11, 15, 0))
    mash_services.check_chase(actor=csw, check_id=gp_check.pk)
    name = enquiry.person.full_name
    chases = of(tray_for(manager).team, "check_chase")
    assert [(i.title, i.worker, i.team, i.due_on, i.rag.colour) for i in chases] == [
        # Red, both due Wed 11 Nov: by title.
        (
            f"Chase Health: GP about {name} ({enquiry.reference}, chased once)",
            None,
            team,
            date(2026, 11, 11),
            "red",
        ),
        (f"Chase Police about {name} ({enquiry.reference})", None, team, date(2026, 11, 11), "red"),
    ]
    assert [i.ref for i in chases] == [
        f"safeguarding.agencycheck:{gp_check.pk}:chase",
        f"safeguarding.agencycheck:{police_check.pk}:chase",
    ]
    assert of(tray_for(manager).escalated, "check_chase") == chases
    assert of(tray_for(csw).mine, "check_chase") == []  # the team's, not the CSW's

    mash_services.check_answer(
        actor=partner(Agency.POLICE), check_id=police_check.pk, version=None, answer="Known"
    )
    assert [i.title for i in of(all_due_items(), "check_chase")] == [chases[0].title]
    # Once the MASH has decided, nobody chases what is left.
    conclude(enquiry, csw, outcome="advice")
    assert of(all_due_items(), "check_chase") == []


# --- strategy discussions and their actions ----------------------------------------------------


def test_a_strategy_decision_is_the_deciding_csws_until_the_discussion(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    cads_manager = make_user(Role.TEAM_MANAGER, team=csw.team)
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))  # Fri 6 Nov
    link = only_child(ContactFactory(csw=csw, child__person=child_at()))
    decision = contact_services.decision_make(
        actor=csw,
        contact_child_id=link.pk,
        outcome="strategy_discussion",
        need_level="specialist",
        rationale="Disclosure of a hit with a belt.",
        best_placed="Police and social care together.",
    )
    assert of(all_due_items(), "strategy_discussion") == []  # waiting for authorisation

    freeze(monkeypatch, london(2026, 11, 9, 10, 0))  # Mon 9 Nov
    contact_services.decision_authorise(
        actor=cads_manager, decision_id=decision.pk, version=decision.version
    )
    referral = link.person.referrals.get()
    # Referral dated Fri 6 Nov (the contact's day) + 1 working day = Mon 9 Nov: today.
    (item,) = of(tray_for(csw).mine)
    assert brief([item]) == [
        ("strategy_discussion", link.person, date(2026, 11, 9), "amber", "Due today")
    ]
    assert (item.worker, item.team) == (csw, csw.team)
    assert item.ref == f"casework.referral:{referral.pk}:strategy_discussion"
    assert of(tray_for(cads_manager).escalated) == []

    freeze(monkeypatch, london(2026, 11, 10, 9, 0))  # Tue 10 Nov: overdue
    (item,) = of(tray_for(cads_manager).escalated)
    assert (item.kind, item.rag.colour) == ("strategy_discussion", "red")
    assert of(tray_for(team_manager(norwich)).escalated) == []

    strategy_about(csw, link.person, held_at=london(2026, 11, 10, 8, 30), start=False)
    assert of(all_due_items(), "strategy_discussion") == []


def test_a_mash_enquiry_concluded_as_a_strategy_discussion_is_due_the_next_working_day(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    enquiry = enquiry_for(csw)
    freeze(monkeypatch, london(2026, 11, 6, 16, 30))  # Fri 6 Nov
    manager = mash_manager()
    conclude(enquiry, manager)  # a strategy discussion is a manager's decision
    # Concluded Fri 6 Nov + 1 working day = Mon 9 Nov; on Fri, 1 working day left.
    (item,) = of(tray_for(manager).mine)
    assert brief([item]) == [
        ("strategy_discussion", enquiry.person, date(2026, 11, 9), "amber", "Due soon")
    ]
    assert item.ref == f"safeguarding.mashenquiry:{enquiry.pk}:strategy_discussion"

    freeze(monkeypatch, london(2026, 11, 9, 11, 0))
    strategy_about(csw, enquiry.person, held_at=london(2026, 11, 9, 10, 0))
    assert of(all_due_items(), "strategy_discussion") == []


def test_each_action_is_its_owners_and_escalates_to_their_manager(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    first, second = child_at(), child_at()
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))  # Mon 16 Nov
    strategy_about(
        csw,
        first,
        second,
        held_at=london(2026, 11, 16, 9, 0),
        actions=[
            Action(worker.pk, "Joint visit with police", date(2026, 11, 17)),
            # Actions are the council's to track: the CSW follows up the police's part.
            Action(csw.pk, "Ask police to trace the father", date(2026, 11, 20)),
        ],
    )
    names = f"{first.full_name}, {second.full_name}"

    visit = of(tray_for(worker).mine, "strategy_action")
    # Tue 17 Nov: 1 working day left.
    assert [(i.title, i.person, i.due_on, i.rag.label) for i in visit] == [
        (f"{names}: Joint visit with police", first, date(2026, 11, 17), "Due soon")
    ]
    assert (visit[0].worker, visit[0].team) == (worker, norwich)
    trace = of(tray_for(csw).mine, "strategy_action")
    # Fri 20 Nov: Tue, Wed, Thu, Fri = 4 left.
    assert [(i.title, i.due_on, i.rag.colour) for i in trace] == [
        (f"{names}: Ask police to trace the father", date(2026, 11, 20), "green")
    ]

    freeze(monkeypatch, london(2026, 11, 18, 9, 0))  # Wed 18 Nov: the visit is overdue
    assert [i.title for i in of(tray_for(manager).escalated, "strategy_action")] == [
        f"{names}: Joint visit with police"
    ]
    action = visit[0].ref.split(":")[1]
    strategy_services.strategy_action_done(actor=worker, action_id=int(action), note="Done on Tue")
    assert of(tray_for(worker).mine, "strategy_action") == []
    assert of(tray_for(manager).escalated, "strategy_action") == []
    assert len(of(all_due_items(), "strategy_action")) == 1  # the CSW's, still open


# --- section 47, conference and plan ---------------------------------------------------------


def test_the_conference_clock_is_the_referrals_worker_and_team(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    lynn_manager = team_manager(locality_team("Locality: King's Lynn", "PE30"))
    child = child_at()
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    strategy_about(csw, child, held_at=london(2026, 11, 16, 9, 0))
    section47 = section47_of(child)

    # Unallocated: the team's. Mon 16 Nov + 15 working days: Nov 17-20 (4), 23-27 (9),
    # Nov 30-Dec 4 (14), Mon 7 Dec (15).
    (item,) = of(tray_for(manager).team, "conference")
    assert (item.worker, item.team, item.due_on, item.rag.colour) == (
        None,
        norwich,
        date(2026, 12, 7),
        "green",
    )
    assert item.title == f"{child.full_name}: section 47 enquiry and conference"
    assert item.ref == f"safeguarding.section47:{section47.pk}:conference"

    referral_services.referral_allocate(
        actor=manager, referral_id=section47.referral_id, version=None, worker_id=worker.pk
    )
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))
    section47 = icpc(section47, worker, date(2026, 11, 20))
    (item,) = of(tray_for(worker).mine, "conference")
    assert item.title == f"{child.full_name}: initial child protection conference"
    assert (item.worker, item.team) == (worker, norwich)

    freeze(monkeypatch, london(2026, 12, 8, 10, 0))  # Tue 8 Dec: a day late
    (late,) = of(tray_for(manager).escalated, "conference")
    assert (late.ref, late.worker, late.rag.colour) == (item.ref, worker, "red")
    assert of(tray_for(lynn_manager).escalated, "conference") == []

    conference_for(section47, worker, date(2026, 12, 8))
    assert of(all_due_items(), "conference") == []


def test_a_section_47_ending_without_a_conference_stops_the_clock(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    manager = team_manager(norwich)
    child = child_at()
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    strategy_about(csw, child, held_at=london(2026, 11, 16, 9, 0))
    section47 = section47_of(child)
    section47_services.section47_outcome_record(
        actor=manager,
        section47_id=section47.pk,
        version=section47.version,
        outcome="nfa",
        outcome_on=date(2026, 11, 16),
    )
    assert of(all_due_items()) == []


def test_a_plans_review_and_visit(monkeypatch: Any, norwich: Team, csw: User) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    child = child_at()
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    strategy_about(csw, child, held_at=london(2026, 11, 16, 9, 0))
    section47 = section47_of(child)
    referral_services.referral_allocate(
        actor=manager, referral_id=section47.referral_id, version=None, worker_id=worker.pk
    )
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 26, 16, 0))
    conference = conference_for(section47, worker, date(2026, 11, 26))
    plan = plan_from(conference, worker, date(2026, 11, 26))

    # Started Thu 26 Nov: review 3 months on, Fri 26 Feb 2027; visit 10 working days on:
    # Nov 27 (1), Nov 30-Dec 4 (6), Dec 7-10 (10), Thu 10 Dec. On Thu 26 Nov: 10 left.
    assert brief(of(tray_for(worker).mine)) == [
        ("cp_visit", child, date(2026, 12, 10), "green", "On time"),
        ("cp_review", child, date(2027, 2, 26), "green", "On time"),
    ]
    assert [i.ref for i in of(tray_for(worker).mine)] == [
        f"safeguarding.cpplan:{plan.pk}:visit",
        f"safeguarding.cpplan:{plan.pk}:review",
    ]

    freeze(monkeypatch, london(2026, 12, 11, 9, 0))  # Fri 11 Dec: the visit is a day late
    assert brief(of(tray_for(manager).escalated)) == [
        ("cp_visit", child, date(2026, 12, 10), "red", "Overdue")
    ]
    protection_services.cp_visit_record(
        actor=worker, plan_id=plan.pk, visited_on=date(2026, 12, 11), child_seen=True
    )
    # Fri 11 Dec + 10: Dec 14-18 (5), 21-24 (9); skip 25 and 28; Tue 29 Dec (10).
    assert brief(of(tray_for(worker).mine, "cp_visit")) == [
        ("cp_visit", child, date(2026, 12, 29), "green", "On time")
    ]
    assert of(tray_for(manager).escalated) == []

    protection_services.cp_plan_end(
        actor=worker, plan_id=plan.pk, end_date=date(2026, 12, 11), reason="Moved to Scotland"
    )
    assert of(all_due_items()) == []


def test_immediate_protection_is_followed_by_a_strategy_discussion(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))  # Fri 6 Nov
    link = only_child(ContactFactory(csw=csw, child__person=child_at()))
    contact_services.decision_make(
        actor=csw,
        contact_child_id=link.pk,
        outcome="immediate_protection",
        need_level="specialist",
        rationale="Police took the child into police protection last night.",
        best_placed="Police and social care together.",
    )
    # Referral dated Fri 6 Nov + 1 working day = Mon 9 Nov; on Fri, 1 working day left.
    (item,) = of(tray_for(csw).mine, "strategy_discussion")
    assert (item.person, item.due_on, item.rag.colour) == (link.person, date(2026, 11, 9), "amber")
