"""Management oversight and its directions.

"Now" is frozen at Monday 16 November 2026, 10:00 unless a test says otherwise. Referrals
are dated Friday 6 November 2026 (see factories). Every expected date was counted on a
printed calendar: England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec 2026
(Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    PersonFactory,
    london,
    make_user,
)
from frontdoor.casework.models import (
    Oversight,
)
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.tests.factories import (
    allocated_referral,
    db_state,
    early_help_for,
    early_help_team,
    head_of_service,
    last_event,
    locality_team,
    make_referral,
    social_worker,
    team_manager,
)
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

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
