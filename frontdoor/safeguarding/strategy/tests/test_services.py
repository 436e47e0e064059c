"""Strategy discussion services: who must take part, a rationale for every child, its actions.

Every expected date and time was counted by hand on a calendar. The working day is 09:00 to
17:00, Monday to Friday; England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec
2026 (Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027. Contacts are
received on Friday 6 November 2026 at 14:00 (see the accounts factories). "Now" is Monday 16
November 2026, 10:00, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Agency, Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    london,
    make_user,
)
from frontdoor.casework.models import Referral
from frontdoor.casework.tests.factories import (
    SWA,
    child_at,
    decide,
    social_worker,
    team_manager,
)
from frontdoor.contacts import services as contact_services
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.safeguarding.models import (
    Section47,
    StrategyAction,
)
from frontdoor.safeguarding.strategy import services as strategy_services
from frontdoor.safeguarding.strategy.services import Action, Attendance, ChildDecision
from frontdoor.safeguarding.tests.factories import (
    FULL_ATTENDANCE,
    RATIONALE,
    actions,
    db_state,
    partner,
    strategy_about,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# --- strategy discussions ----------------------------------------------------------------------


def strategy_fields(person_ids: list[int], chair: User, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "held_at": london(2026, 11, 16, 9, 0),
        "chair_id": chair.pk,
        "attendance": FULL_ATTENDANCE,
        "children": [ChildDecision(pk, True, RATIONALE) for pk in person_ids],
        "information_shared": "What each agency knows.",
        "next_steps": "Section 47 enquiry.",
    }
    return fields | changes


def without(agency: str) -> list[Attendance]:
    return [a for a in FULL_ATTENDANCE if a.agency != agency]


@pytest.mark.parametrize(
    ("attendance", "field", "message"),
    [
        # No police and no word why.
        (without("police"), "absence_police", "Police must take part in a strategy discussion"),
        # No health and no word why.
        (without("health"), "absence_health", "Health must take part in a strategy discussion"),
        # No local authority.
        (
            without("local_authority"),
            "absence_local_authority",
            "Local authority children's social care must take part",
        ),
        # Health marked absent with a blank reason.
        (
            [*without("health"), Attendance("health", False, absence_reason="  ")],
            "absence_health",
            "Enter why Health was not there",
        ),
        # Police there, but nobody named.
        (
            [*without("police"), Attendance("police", True, name=" ")],
            "name_police",
            "Enter who came for Police",
        ),
        ([*FULL_ATTENDANCE, Attendance("fire", True, name="x")], "attendance", "from the list"),
    ],
)
def test_a_strategy_discussion_needs_la_police_and_health_or_why_not(
    norwich: Team, csw: User, attendance: list[Attendance], field: str, message: str
) -> None:
    child = child_at()
    before = db_state()
    with pytest.raises(DomainError, match=message) as error:
        strategy_services.strategy_discussion_record(
            actor=csw, **strategy_fields([child.pk], csw, attendance=attendance)
        )
    assert error.value.field == field
    assert db_state() == before
    assert not Referral.objects.exists()


def test_absent_police_and_health_with_reasons_are_accepted(norwich: Team, csw: User) -> None:
    child = child_at()
    attendance = [
        FULL_ATTENDANCE[0],
        Attendance("police", False, absence_reason="Officer called to an emergency; briefed."),
        Attendance("health", False, absence_reason="  Named nurse off sick; sent a report. "),
    ]
    discussion = strategy_services.strategy_discussion_record(
        actor=csw, **strategy_fields([child.pk], csw, attendance=attendance)
    )
    assert [(a.agency, a.attended, a.absence_reason) for a in discussion.attendance.all()] == [
        ("local_authority", True, ""),
        ("police", False, "Officer called to an emergency; briefed."),
        ("health", False, "Named nurse off sick; sent a report."),
    ]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (ChildDecision(0, True, "   "), "Enter why the discussion decided as it did for"),
        (ChildDecision(0, False, ""), "Enter why the discussion decided as it did for"),
        (ChildDecision(0, None, RATIONALE), "Select whether a section 47 enquiry starts for"),
    ],
)
def test_each_childs_section_47_decision_needs_a_rationale_and_nothing_is_half_saved(
    norwich: Team, csw: User, second: ChildDecision, message: str
) -> None:
    """Two siblings: the first decided properly, the second not; neither is saved."""
    first, sibling = child_at(), child_at()
    children = [
        ChildDecision(first.pk, True, RATIONALE),
        ChildDecision(sibling.pk, second.start_section_47, second.rationale),
    ]
    before = db_state()
    with pytest.raises(DomainError, match=message) as error:
        strategy_services.strategy_discussion_record(
            actor=csw, **strategy_fields([], csw, children=children)
        )
    assert error.value.field in (f"rationale_{sibling.pk}", f"s47_{sibling.pk}")
    assert sibling.full_name in error.value.message
    assert db_state() == before


def test_a_bad_action_at_the_end_undoes_the_whole_discussion(norwich: Team, csw: User) -> None:
    """The referral and section 47 enquiry are written before the actions are read: a bad
    action must take them back out."""
    child = child_at()
    before = db_state()
    for bad, message in (
        (Action(csw.pk, "Visit", date(2026, 11, 13)), "on or after the discussion"),  # Fri 13
        (Action(csw.pk, "Visit", None), "Enter when each action is due"),
        (Action(None, "Visit", date(2026, 11, 17)), "Select who does each action"),
        (Action(csw.pk, "  ", date(2026, 11, 17)), "Enter what each action is"),
    ):
        with pytest.raises(DomainError, match=message):
            strategy_services.strategy_discussion_record(
                actor=csw,
                **strategy_fields(
                    [child.pk], csw, actions=[Action(csw.pk, "Fine", date(2026, 11, 17)), bad]
                ),
            )
        assert db_state() == before


def test_other_strategy_refusals(norwich: Team, csw: User) -> None:
    child = child_at()
    before = db_state()
    for changes, message in (
        ({"held_at": None}, "Enter when the strategy discussion was held"),
        ({"held_at": london(2026, 11, 16, 10, 1)}, "must have been held already"),
        ({"chair_id": None}, "Select who chaired"),
        ({"chair_id": make_user(Role.TEAM_MANAGER, is_active=False).pk}, "Select who chaired"),
        ({"children": []}, "Add the children"),
        ({"children": [ChildDecision(999999, True, RATIONALE)]}, "Add the children"),
        ({"information_shared": " "}, "Enter the information shared"),
        ({"next_steps": ""}, "Enter the next steps"),
        ({"enquiry_id": 999999}, "no longer exists"),
        (
            {"children": [ChildDecision(child.pk, True, RATIONALE)] * 2},
            f"{child.full_name} is listed twice",
        ),
    ):
        with pytest.raises(DomainError, match=message):
            strategy_services.strategy_discussion_record(
                actor=csw, **strategy_fields([child.pk], csw, **changes)
            )
        assert db_state() == before
    before = db_state()
    for who in (partner(Agency.POLICE), make_user(Role.PATHWAY_ADVISOR)):
        with pytest.raises(PermissionDeniedError):
            strategy_services.strategy_discussion_record(
                actor=who, **strategy_fields([child.pk], csw)
            )
        assert db_state() == before


def test_a_strategy_discussion_about_two_children_decides_each(norwich: Team, csw: User) -> None:
    first, second = child_at(), child_at()
    discussion = strategy_services.strategy_discussion_record(
        actor=csw,
        **strategy_fields(
            [],
            csw,
            children=[
                ChildDecision(first.pk, True, RATIONALE),
                ChildDecision(second.pk, False, "The baby was not in the house."),
            ],
        ),
    )
    assert [(c.person, c.start_section_47) for c in discussion.children.all()] == [
        (first, True),
        (second, False),
    ]
    # A referral for each (none was open), a section 47 enquiry for the first only.
    assert Referral.objects.count() == 2
    assert [s.person for s in Section47.objects.all()] == [first]
    assert actions("section47.") == [("section47.start", csw)]


def test_a_brother_brought_into_the_discussion_takes_the_contacts_referral_source(
    norwich: Team, csw: User
) -> None:
    # The police (code 6) call about Amelia; the CSW decides on a strategy discussion and the
    # manager authorises it, which opens her referral with the contact's source. Her brother
    # Ben, not on the contact, is brought into the discussion: his new referral is the same
    # contact's doing, so its source is the police too, not "10 Unknown".
    amelia, ben = child_at(), child_at()
    link = ContactFactory(csw=csw, child__person=amelia, referral_source="6").contact_children.get()
    decision = decide(csw, link, SWA | {"outcome": "strategy_discussion"})
    assert csw.team is not None
    cads_manager = team_manager(csw.team)
    contact_services.decision_authorise(actor=cads_manager, decision_id=decision.pk, version=1)
    assert Referral.objects.get(person=amelia).source == "6"

    strategy_services.strategy_discussion_record(
        actor=csw, **strategy_fields([amelia.pk, ben.pk], csw)
    )

    assert Referral.objects.get(person=ben).source == "6"


def test_a_child_discussed_with_nothing_behind_it_has_an_unknown_source(
    norwich: Team, csw: User
) -> None:
    child = child_at()
    strategy_services.strategy_discussion_record(actor=csw, **strategy_fields([child.pk], csw))
    assert Referral.objects.get(person=child).source == "10"


def test_the_owner_or_a_manager_marks_an_action_done(
    monkeypatch: Any, norwich: Team, csw: User
) -> None:
    worker = social_worker(norwich)
    child = child_at()
    strategy_about(
        csw,
        child,
        held_at=london(2026, 11, 16, 9, 0),
        actions=[Action(worker.pk, "Visit", date(2026, 11, 17))],
    )
    action = StrategyAction.objects.get()
    before = db_state()
    # Not a partner, a pathway advisor, nor another worker: the owner or a manager.
    for who in (partner(Agency.POLICE), make_user(Role.PATHWAY_ADVISOR), csw):
        with pytest.raises(PermissionDeniedError):
            strategy_services.strategy_action_done(actor=who, action_id=action.pk, note="Done")
        assert db_state() == before
    with pytest.raises(DomainError, match="Enter what was done"):
        strategy_services.strategy_action_done(actor=worker, action_id=action.pk, note=" ")
    assert db_state() == before
    strategy_services.strategy_action_done(actor=worker, action_id=action.pk, note="Visited")
    before = db_state()
    with pytest.raises(ConflictError, match="already been done"):
        strategy_services.strategy_action_done(
            actor=team_manager(norwich), action_id=action.pk, note="Again"
        )
    assert db_state() == before
