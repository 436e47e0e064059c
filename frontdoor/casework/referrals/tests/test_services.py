"""Referral services: re-referrals, the locality team by postcode, team changes, allocation
and the risk reviews while a referral waits for a worker.

"Now" is frozen at Monday 16 November 2026, 10:00 unless a test says otherwise. Referrals
are dated Friday 6 November 2026 (see factories). Every expected date was counted on a
printed calendar: England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec 2026
(Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Team, User
from frontdoor.accounts.tests.factories import (
    PersonFactory,
    TeamFactory,
    freeze,
    london,
)
from frontdoor.casework.models import (
    Allocation,
    Referral,
    RiskReview,
)
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    allocated_referral,
    child_at,
    close_signed_off,
    db_state,
    head_of_service,
    last_event,
    make_referral,
    social_worker,
    team_manager,
)
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.people.models import Address

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# --- re-referrals and the locality team ----------------------------------------------------


def closed_referral(child: Any, on: date) -> Referral:
    referral = make_referral(child, referral_date=on)
    close_signed_off(referral, head_of_service(), closed_on=on)
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
