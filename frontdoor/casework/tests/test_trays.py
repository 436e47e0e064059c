"""Work trays: what is due, in what order, how red, and in whose tray.

Referrals are dated Friday 6 November 2026 unless a test says otherwise; every due date
and every count of working days left was worked out by hand on a calendar.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import ContactFactory, freeze, london, make_user
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.models import EarlyHelpEpisode
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.trays import TrayItem, all_due_items, tray_for

from .factories import (
    allocated_referral,
    authorised_assessment,
    child_at,
    close_signed_off,
    early_help_for,
    early_help_team,
    head_of_service,
    locality_team,
    make_referral,
    pathway_advisor,
    social_worker,
    team_manager,
    written_assessment,
)

pytestmark = pytest.mark.django_db


def brief(items: list[TrayItem]) -> list[tuple[str, Any, date, str]]:
    return [(item.kind, item.person, item.due_on, item.rag.colour) for item in items]


@pytest.fixture
def norwich() -> Team:
    return locality_team()


@pytest.fixture
def manager(norwich: Team) -> User:
    return team_manager(norwich)


@pytest.fixture
def worker(norwich: Team) -> User:
    return social_worker(norwich)


# --- order and colour ------------------------------------------------------------------------


def test_items_come_red_first_then_amber_then_green_each_by_due_date(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 12, 10, 0))  # Thu 12 Nov 2026
    waiting = make_referral()  # Fri 6 Nov, not allocated
    fresh = allocated_referral(worker, manager, referral_date=date(2026, 11, 12))
    urgent = allocated_referral(worker, manager, referral_date=date(2026, 11, 11), urgent=True)

    items = all_due_items()

    assert [(i.kind, i.person, i.due_on, i.rag.colour, i.rag.label) for i in items] == [
        # Fri 6 Nov + 1 = Mon 9 Nov: three days overdue.
        ("allocation", waiting.person, date(2026, 11, 9), "red", "Overdue"),
        # Urgent, Wed 11 Nov + 1 = Thu 12 Nov: today.
        ("child_seen", urgent.person, date(2026, 11, 12), "amber", "Due today"),
        # Fri 6 Nov + 5 = Fri 13 Nov: one working day left. Same day: by title, and
        # "<name>: review the risk..." sorts before "See <name>".
        ("risk_review", waiting.person, date(2026, 11, 13), "amber", "Due soon"),
        ("child_seen", waiting.person, date(2026, 11, 13), "amber", "Due soon"),
        # Thu 12 Nov + 5 = Thu 19 Nov: Fri 13, Mon 16 .. Thu 19 = 5 left.
        ("child_seen", fresh.person, date(2026, 11, 19), "green", "On time"),
    ]
    assert items[0].worker is None and items[0].team == norwich
    assert items[0].ref == f"casework.referral:{waiting.pk}:allocation"
    assert items[0].url == f"/casework/referrals/{waiting.pk}/"
    assert items[0].kind_label == "Allocate to a worker"
    assert items[0].overdue and not items[1].overdue


@pytest.mark.parametrize(
    ("on", "colour", "label"),
    [
        # The child is to be seen by Thu 19 Nov 2026 (Thu 12 Nov + 5).
        (date(2026, 11, 16), "green", "On time"),  # Tue 17, Wed 18, Thu 19: 3 left
        (date(2026, 11, 17), "amber", "Due soon"),  # Wed 18, Thu 19: 2 left
        (date(2026, 11, 18), "amber", "Due soon"),  # 1 left
        (date(2026, 11, 19), "amber", "Due today"),
        (date(2026, 11, 20), "red", "Overdue"),
    ],
)
def test_rag_boundaries_in_the_tray(
    monkeypatch: Any,
    norwich: Team,
    manager: User,
    worker: User,
    on: date,
    colour: str,
    label: str,
) -> None:
    freeze(monkeypatch, london(2026, 11, 12, 10, 0))
    allocated_referral(worker, manager, referral_date=date(2026, 11, 12))
    (item,) = all_due_items(on)
    assert (item.kind, item.due_on) == ("child_seen", date(2026, 11, 19))
    assert (item.rag.colour, item.rag.label) == (colour, label)


# --- whose tray ----------------------------------------------------------------------------------


def test_trays_by_role_and_escalation(monkeypatch: Any, norwich: Team) -> None:
    lynn = locality_team("Locality: King's Lynn", "PE30")
    norwich_manager, lynn_manager = team_manager(norwich), team_manager(lynn)
    worker, colleague = social_worker(norwich), social_worker(norwich)
    hos = head_of_service()

    freeze(monkeypatch, london(2026, 11, 10, 10, 0))  # Tue 10 Nov
    waiting = make_referral()  # Norwich, not allocated
    theirs = make_referral(child_at_lynn())  # King's Lynn, not allocated
    # While King's Lynn holds the referral, its manager directs a Norwich worker (due Wed 11
    # Nov); then the family moves and the referral goes to Norwich, allocated to that worker.
    moving = make_referral(child_at_lynn(), referral_date=date(2026, 11, 11))
    oversight_services.oversight_record(
        actor=lynn_manager,
        person=moving.person,
        kind="supervision",
        discussion="Joint case discussion.",
        direction="Share the plan with King's Lynn.",
        direction_for_id=worker.pk,
        direction_due_on=date(2026, 11, 11),
        referral_id=moving.pk,
    )
    moved = referral_services.referral_team_change(
        actor=lynn_manager,
        referral_id=moving.pk,
        version=moving.version,
        team_id=norwich.pk,
        reason="The family moved to Norwich",
    )
    mine = referral_services.referral_allocate(
        actor=norwich_manager, referral_id=moved.pk, version=moved.version, worker_id=worker.pk
    )

    freeze(monkeypatch, london(2026, 11, 12, 10, 0))  # Thu 12 Nov
    direction = ("direction", mine.person, date(2026, 11, 11), "red")
    own_overdue = ("allocation", waiting.person, date(2026, 11, 9), "red")
    lynn_overdue = ("allocation", theirs.person, date(2026, 11, 9), "red")
    waiting_amber = [
        ("risk_review", waiting.person, date(2026, 11, 13), "amber"),
        ("child_seen", waiting.person, date(2026, 11, 13), "amber"),
    ]
    # Wed 11 Nov + 5 = Wed 18 Nov: Fri 13, Mon 16, Tue 17, Wed 18 = 4 left.
    mine_green = ("child_seen", mine.person, date(2026, 11, 18), "green")

    tray = tray_for(worker)
    assert brief(tray.mine) == [direction, mine_green]
    assert brief(tray.team) == [own_overdue, *waiting_amber]
    assert tray.escalated == []

    # Red first, by due date: the allocation (Mon 9 Nov) before the direction (Wed 11 Nov).
    assert brief(tray_for(colleague).team) == [own_overdue, direction, *waiting_amber, mine_green]
    assert tray_for(colleague).mine == []

    tray = tray_for(norwich_manager)
    assert tray.mine == []
    assert brief(tray.team) == [own_overdue, direction, *waiting_amber, mine_green]
    # Only what is overdue, and only Norwich's (the direction is for a Norwich worker).
    assert brief(tray.escalated) == [own_overdue, direction]

    tray = tray_for(lynn_manager)
    lynn_amber = [
        ("risk_review", theirs.person, date(2026, 11, 13), "amber"),
        ("child_seen", theirs.person, date(2026, 11, 13), "amber"),
    ]
    assert brief(tray.team) == [lynn_overdue, *lynn_amber]
    # Their own team's overdue allocation, and the overdue direction they gave.
    assert brief(tray.escalated) == [lynn_overdue, direction]
    assert tray.escalated[1].escalate_to == lynn_manager

    tray = tray_for(hos)
    assert (tray.mine, tray.team) == ([], [])
    # Everything overdue, in every team: the two allocations (both Mon 9 Nov, between
    # themselves by title) and then the direction (Wed 11 Nov).
    escalated = brief(tray.escalated)
    assert sorted(escalated[:2], key=lambda x: x[1].pk) == [own_overdue, lynn_overdue]
    assert escalated[2:] == [direction]


def child_at_lynn() -> Any:
    return child_at("PE30 1AA")


def test_a_decision_is_the_csws_and_escalates_to_their_manager(
    monkeypatch: Any, norwich: Team
) -> None:
    freeze(monkeypatch, london(2026, 11, 12, 10, 0))
    contact = ContactFactory()  # received Fri 6 Nov 14:00: decision due Mon 9 Nov 14:00
    csw = contact.csw
    assert csw is not None
    cads_manager = make_user(Role.TEAM_MANAGER, team=csw.team)
    (item,) = tray_for(csw).mine
    assert (item.kind, item.due_on, item.rag.colour) == ("decision", date(2026, 11, 9), "red")
    assert item.ref == f"contacts.contact:{contact.pk}"
    assert tray_for(cads_manager).escalated == [item]
    assert tray_for(team_manager(norwich)).escalated == []


def test_not_yet_overdue_is_not_escalated(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))  # Mon 9 Nov: allocation due today
    make_referral()
    tray = tray_for(manager)
    assert [i.rag.label for i in tray.team][0] == "Due today"
    assert tray.escalated == []
    assert tray_for(head_of_service()).escalated == []


# --- assessments, authorisation and plans ---------------------------------------------------


def test_assessment_then_authorisation_items(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    # In progress: the worker's, due Wed 13 Jan 2027 (Fri 6 Nov + 45); the child is seen.
    (item,) = tray_for(worker).mine
    assert (item.kind, item.due_on, item.rag.colour) == ("assessment", date(2027, 1, 13), "green")
    assert item.ref == f"casework.assessment:{assessment.pk}"

    freeze(monkeypatch, london(2026, 12, 14, 16, 0))  # Mon 14 Dec: completed
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    freeze(monkeypatch, london(2026, 12, 15, 9, 0))
    assert tray_for(worker).mine == []
    (item,) = tray_for(manager).team
    # Mon 14 Dec + 5 = Mon 21 Dec, sooner than 13 Jan. On Tue 15 Dec: Wed 16, Thu 17,
    # Fri 18, Mon 21 = 4 left.
    assert (item.kind, item.worker, item.team) == ("authorisation", None, norwich)
    assert (item.due_on, item.rag.colour) == (date(2026, 12, 21), "green")


def test_authorisation_is_due_no_later_than_the_assessment(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 11, 10, 0))  # Mon 11 Jan 2027
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    (item,) = all_due_items()
    # Mon 11 Jan + 5 = Mon 18 Jan, but the assessment is due Wed 13 Jan: Tue 12, Wed 13 =
    # 2 left.
    assert (item.kind, item.due_on, item.rag.colour) == (
        "authorisation",
        date(2027, 1, 13),
        "amber",
    )


def test_a_returned_assessment_is_back_with_the_worker(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment = assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assessment_services.assessment_return(
        actor=manager, assessment_id=assessment.pk, version=assessment.version, comment="More"
    )
    (item,) = tray_for(worker).mine
    assert item.kind == "assessment"
    assert item.title.endswith("assessment returned by the manager")


def test_cin_plan_review_and_nothing_once_closed(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    referral = allocated_referral(worker, manager)
    authorised_assessment(
        referral,
        worker,
        manager,
        started_on=date(2026, 11, 9),
        seen_on=date(2026, 11, 10),
        authorised_on=date(2026, 11, 13),
    )
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 12)
    )
    (item,) = tray_for(worker).mine
    # Thu 12 Nov + 30 = Thu 24 Dec 2026.
    assert (item.kind, item.due_on) == ("cin_review", date(2026, 12, 24))
    assert item.ref == f"casework.cinplan:{plan.pk}:review"

    referral.refresh_from_db()
    referral = referral_services.referral_primary_need_set(
        actor=worker, referral_id=referral.pk, version=referral.version, primary_need="N1"
    )
    close_signed_off(referral, worker, closed_on=date(2026, 11, 16))
    assert all_due_items() == []


# --- early help ---------------------------------------------------------------------------------


def test_early_help_items(monkeypatch: Any) -> None:
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    team = early_help_team()
    advisor = pathway_advisor(team)
    eh_manager = team_manager(team)
    queued = early_help_for()  # opened Fri 6 Nov: a pathway advisor by Fri 13 Nov
    assessing = early_help_for()
    elsewhere = early_help_for()
    planned = early_help_for()
    for episode in (assessing, planned):
        early_help_services.early_help_assign(
            actor=advisor, episode_id=episode.pk, version=1, advisor_id=advisor.pk
        )
    early_help_services.early_help_assign(
        actor=advisor, episode_id=elsewhere.pk, version=1, lead_organisation="Northshire Primary"
    )
    early_help_services.early_help_update(
        actor=advisor,
        episode_id=planned.pk,
        version=2,
        consent="given",
        assessment_started_on=date(2026, 11, 9),
        assessment_completed_on=date(2026, 11, 11),
        plan_started_on=date(2026, 11, 12),
    )

    tray = tray_for(advisor)
    assert brief(tray.mine) == [
        # Fri 6 Nov + 30: Nov 9-13 (5), 16-20 (10), 23-27 (15), 30 (16), Dec 1-4 (20),
        # 7-11 (25), 14-18 (30) -> Fri 18 Dec.
        ("early_help_assessment", assessing.person, date(2026, 12, 18), "green"),
        # Plan started Thu 12 Nov + 30 = Thu 24 Dec.
        ("early_help_review", planned.person, date(2026, 12, 24), "green"),
    ]
    assert brief(tray.team) == [
        ("early_help_allocation", queued.person, date(2026, 11, 13), "red"),
    ]
    assert brief(tray_for(eh_manager).escalated) == brief(tray.team)
    # Led by another organisation: no clock of ours.
    assert elsewhere.person not in {item.person for item in all_due_items()}
    assert EarlyHelpEpisode.objects.count() == 4


def test_work_no_team_holds_is_in_the_head_of_services_team_tray(monkeypatch: Any) -> None:
    norwich = locality_team()
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))  # Mon 9 Nov
    nowhere = make_referral(child_at("ZZ9 9ZZ"))  # no locality team covers ZZ9
    hos, manager = head_of_service(), team_manager(norwich)

    # Referred Fri 6 Nov: allocation due Mon 9 Nov (today, so amber), risk review and seeing
    # the child due Fri 13 Nov (4 working days left: green); same day and colour go by title
    # ("Child.. Example: review the risk" before "See Child..").
    assert brief(tray_for(hos).team) == [
        ("allocation", nowhere.person, date(2026, 11, 9), "amber"),
        ("risk_review", nowhere.person, date(2026, 11, 13), "green"),
        ("child_seen", nowhere.person, date(2026, 11, 13), "green"),
    ]
    assert tray_for(manager).team == []


def test_a_tray_read_for_one_person_is_their_part_of_the_whole_list() -> None:
    """Each tray is read with only the rows it may need (the work tray is the page staff open
    most); on the demo council, every user's tray is what filtering the whole list gives."""
    from io import StringIO

    from django.core.management import call_command

    from frontdoor.casework.trays import tray_from

    call_command("demo", "--contacts=400", "--seed=3", stdout=StringIO())
    everything = all_due_items()
    kinds = {item.kind for item in everything}
    assert len(kinds) >= 8, kinds  # a world worth comparing
    users = User.objects.filter(is_active=True).select_related("team")
    assert users.count() > 10
    for user in users:
        read, whole = tray_for(user), tray_from(everything, user)
        assert [i.ref for i in read.mine] == [i.ref for i in whole.mine], user.username
        assert [i.ref for i in read.team] == [i.ref for i in whole.team], user.username
        assert [i.ref for i in read.escalated] == [i.ref for i in whole.escalated], user.username
    assert any(tray_for(user).mine or tray_for(user).team for user in users)
