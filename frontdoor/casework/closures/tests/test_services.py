"""Asking to close a referral or step it down, and a manager authorising or returning it.

"Now" is Monday 16 November 2026, 10:00 (conftest) unless a test moves it. Referrals are dated
Friday 6 November 2026. Sign-off is due 5 working days after the request: Mon 16 Nov + 5 =
Mon 23 Nov 2026 (no bank holiday between).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Team, User
from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.authorisations import authorisation_queue
from frontdoor.casework.closures import services
from frontdoor.casework.models import ClosureRequest, EarlyHelpEpisode, Referral
from frontdoor.casework.tests.factories import (
    allocated_referral,
    db_state,
    events,
    head_of_service,
    last_event,
    team_manager,
)
from frontdoor.casework.trays import tray_for
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

WHY = "Mum has left the violent partner and the school reports Ruby is settled"


def ask(worker: User, referral: Referral, on: date = date(2026, 11, 13)) -> ClosureRequest:
    referral.refresh_from_db()
    return services.closure_request(
        actor=worker,
        referral_id=referral.pk,
        version=referral.version,
        closed_on=on,
        closure_reason="RC7",
        reason=WHY,
    )


def test_a_closure_waits_then_closes_on_the_workers_date_when_authorised(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    asked = ask(worker, referral)  # Mon 16 Nov, for Fri 13 Nov
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (None, "")
    assert (asked.status, asked.closure_date, asked.reason, asked.requested_by) == (
        "waiting",
        date(2026, 11, 13),
        WHY,
        worker,
    )
    # In the manager's tray, for their team, and in the one authorisation queue.
    (item,) = [i for i in tray_for(manager).team if i.kind == "closure_authorisation"]
    assert (item.due_on, item.url) == (date(2026, 11, 23), f"/casework/closures/{asked.pk}/")

    freeze(monkeypatch, london(2026, 11, 20, 11, 0))  # authorised on Friday
    done = services.closure_authorise(actor=manager, request_id=asked.pk, version=asked.version)
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason) == (date(2026, 11, 13), "RC7")
    assert (referral.closure_signed_off_by, referral.closure_signed_off_at) == (
        manager,
        london(2026, 11, 20, 11, 0),
    )
    assert (done.status, done.decided_by) == ("authorised", manager)
    assert [a for a, _ in events()][-3:] == [
        "closure.request",
        "referral.close",
        "closure.authorise",
    ]
    assert last_event("referral.close").actor == manager
    assert tray_for(manager).team == []


def test_a_returned_closure_keeps_the_referral_open_with_the_comment(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    asked = ask(worker, referral)
    before = db_state()
    with pytest.raises(DomainError, match="^Enter why the episode stays open$") as error:
        services.closure_return(actor=manager, request_id=asked.pk, version=1, comment=" ")
    assert error.value.field == "comment"
    assert db_state() == before

    returned = services.closure_return(
        actor=manager, request_id=asked.pk, version=1, comment="See Ruby alone first."
    )
    referral.refresh_from_db()
    assert referral.closed_on is None
    assert (returned.status, returned.comment, returned.decided_by) == (
        "returned",
        "See Ruby alone first.",
        manager,
    )
    assert last_event("closure.return").summary == "See Ruby alone first."
    with pytest.raises(ConflictError, match="not waiting for authorisation"):
        services.closure_authorise(actor=manager, request_id=asked.pk, version=None)
    # The worker may ask again once it is returned.
    assert ask(worker, referral).status == "waiting"


def test_a_manager_cannot_authorise_their_own_closure(norwich: Team, manager: User) -> None:
    referral = allocated_referral(manager, manager)
    asked = ask(manager, referral)
    before = db_state()
    with pytest.raises(DomainError, match="^You cannot authorise a closure you asked for"):
        services.closure_authorise(actor=manager, request_id=asked.pk, version=asked.version)
    assert db_state() == before
    services.closure_authorise(actor=head_of_service(), request_id=asked.pk, version=asked.version)
    assert Referral.objects.get().closed_on == date(2026, 11, 13)


def test_a_second_request_is_refused_while_one_waits(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    ask(worker, referral)
    before = db_state()
    with pytest.raises(DomainError, match="^A closure of this episode is already waiting"):
        ask(worker, referral, on=date(2026, 11, 16))
    with pytest.raises(DomainError, match="^A closure of this episode is already waiting"):
        services.step_down_request(
            actor=manager,
            referral_id=referral.pk,
            version=None,
            stepped_on=date(2026, 11, 16),
            reason="Early help",
        )
    assert db_state() == before


def test_only_the_referrals_team_manager_or_a_head_of_service_authorises(
    norwich: Team, lynn: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    asked = ask(worker, referral)
    before = db_state()
    for other in (team_manager(lynn), worker):
        with pytest.raises(PermissionDeniedError):
            services.closure_authorise(actor=other, request_id=asked.pk, version=None)
    assert db_state() == before
    assert authorisation_queue(team_manager(lynn), []) == []


def test_the_queue_lists_the_request(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    asked = ask(worker, referral)
    (row,) = authorisation_queue(manager, [])
    assert (row.person, row.what, row.why, row.asked_by) == (
        referral.person,
        "Close the episode (RC7) on 13 November 2026",
        WHY,
        worker,
    )
    assert (row.due, row.url, row.urgent) == (
        date(2026, 11, 23),
        f"/casework/closures/{asked.pk}/",
        False,
    )
    (row,) = authorisation_queue(head_of_service(), [])
    assert row.person == referral.person


def test_authorising_checks_the_referral_again(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    asked = ask(worker, referral)
    # An assessment is started after the closure was asked for: it cannot close now.
    assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 16)
    )
    before = db_state()
    with pytest.raises(DomainError, match="^An assessment is still open"):
        services.closure_authorise(actor=manager, request_id=asked.pk, version=None)
    assert db_state() == before


def test_a_step_down_opens_early_help_on_the_workers_date_when_authorised(
    monkeypatch: Any, norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    asked = services.step_down_request(
        actor=worker,
        referral_id=referral.pk,
        version=None,
        stepped_on=date(2026, 11, 16),
        reason="School will lead with a family support plan",
    )
    assert not EarlyHelpEpisode.objects.exists()
    freeze(monkeypatch, london(2026, 11, 18, 9, 0))
    done = services.closure_authorise(actor=manager, request_id=asked.pk, version=None)
    episode = EarlyHelpEpisode.objects.get()
    assert (episode.opened_on, episode.stepped_down_from) == (date(2026, 11, 16), referral)
    assert done.step is not None
    assert (done.step.stepped_on, done.step.recorded_by) == (date(2026, 11, 16), worker)
    referral.refresh_from_db()
    assert (referral.closed_on, referral.closure_reason, referral.closure_signed_off_by) == (
        date(2026, 11, 16),
        "RC7",
        manager,
    )


def test_an_outcome_the_council_exempts_closes_at_once(
    settings: Any, norwich: Team, manager: User, worker: User
) -> None:
    settings.FRONTDOOR_SIGN_OFF_NEEDED = {"close": ["RC8"], "step_down": True}
    referral = allocated_referral(worker, manager)
    asked = ask(worker, referral)  # RC7: not in the list
    referral.refresh_from_db()
    assert (asked.status, referral.closed_on, referral.closure_signed_off_by) == (
        "not_needed",
        date(2026, 11, 13),
        None,
    )
    assert authorisation_queue(manager, []) == []
