"""Closing a referral, stepping down to early help and stepping up from it.

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
    freeze,
    london,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.closures import services as closure_services
from frontdoor.casework.models import (
    EarlyHelpEpisode,
    Referral,
)
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    REFERRAL_DATE,
    allocated_referral,
    assessed_referral,
    authorised_assessment,
    child_at,
    close_signed_off,
    db_state,
    early_help_for,
    events,
    last_event,
    make_referral,
    pathway_advisor,
    social_worker,
    step_down_signed_off,
)
from frontdoor.casework.transitions import services as transition_services
from frontdoor.core.errors import DomainError, PermissionDeniedError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

WHY = "The family's needs are met"  # the worker's reason for a closure


def test_closure_before_the_referral_date_is_refused(norwich: Team, manager: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(
        DomainError,
        match=r"^The closure date must be the same as or after the referral date "
        r"\(6 November 2026\)$",
    ) as raised:
        closure_services.closure_request(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 5),
            closure_reason="RC7",
            reason=WHY,
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
        closure_services.closure_request(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 11),
            closure_reason="RC7",
            reason=WHY,
        )
    assert db_state() == before
    close_signed_off(referral, worker, closed_on=date(2026, 11, 16), authoriser=manager)
    plan.refresh_from_db()
    assert (plan.end_date, plan.next_review_on) == (date(2026, 11, 16), None)
    assert last_event("cin_plan.end").changes == {"end_date": [None, "2026-11-16"]}
    assert Referral.objects.get().risk_review_due_on is None


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
def test_rc8_and_rc9_need_an_assessment(norwich: Team, manager: User, reason: str) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^RC8 and RC9 are for cases closed after an assessment"):
        closure_services.closure_request(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 16),
            closure_reason=reason,
            reason=WHY,
        )
    assert db_state() == before


def test_rc2_needs_the_date_of_death(norwich: Team, manager: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^Record the child's date of death"):
        closure_services.closure_request(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 16),
            closure_reason="RC2",
            reason=WHY,
        )
    assert db_state() == before
    referral.person.date_of_death = date(2026, 11, 14)
    referral.person.save()
    close_signed_off(referral, manager, closed_on=date(2026, 11, 16), reason="RC2")
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
        closure_services.closure_request(
            actor=manager,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=date(2026, 11, 16),
            closure_reason="RC7",
            reason=WHY,
        )
    assert db_state() == before

    assessed = assessed_referral(social_worker(norwich), manager, primary_need="")
    before = db_state()
    with pytest.raises(DomainError, match="^Select the primary need before closing$"):
        closure_services.closure_request(
            actor=manager,
            referral_id=assessed.pk,
            version=assessed.version,
            closed_on=date(2026, 11, 16),
            closure_reason="RC8",
            reason=WHY,
        )
    assert db_state() == before


def test_closure_needs_a_census_reason_and_no_future_date(norwich: Team, manager: User) -> None:
    referral = make_referral()
    before = db_state()
    with pytest.raises(DomainError, match="^Select the reason for closure$"):
        closure_services.closure_request(
            actor=manager,
            referral_id=referral.pk,
            version=1,
            closed_on=REFERRAL_DATE,
            closure_reason="X",
            reason=WHY,
        )
    with pytest.raises(DomainError, match="^The closure date must be today or in the past$"):
        closure_services.closure_request(
            actor=manager,
            referral_id=referral.pk,
            version=1,
            closed_on=date(2026, 11, 17),
            closure_reason="RC7",
            reason=WHY,
        )
    assert db_state() == before


def test_a_closed_referral_takes_no_more_work(norwich: Team, manager: User, worker: User) -> None:
    referral = make_referral()
    close_signed_off(referral, manager, closed_on=REFERRAL_DATE)
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
    step = step_down_signed_off(
        referral,
        worker,
        stepped_on=date(2026, 11, 16),
        why="Needs can be met by early help.",
        authoriser=manager,
    ).step
    assert step is not None
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
    assert (step.recorded_by, last_event("step.down").actor) == (worker, manager)
    assert [a for a, _ in events()][-5:] == [
        "closure.request",
        "referral.close",
        "early_help.open",
        "step.down",
        "closure.authorise",
    ]


def test_step_down_without_an_assessment_closes_with_rc7(norwich: Team, manager: User) -> None:
    referral = make_referral()
    step_down_signed_off(
        referral, manager, stepped_on=date(2026, 11, 16), why="Family asked for early help."
    )
    assert Referral.objects.get().closure_reason == "RC7"
    assert EarlyHelpEpisode.objects.get().stepped_down_from == referral


def test_step_down_refused_leaves_the_referral_open_and_no_early_help(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager, primary_need="")
    before = db_state()
    with pytest.raises(DomainError, match="^Enter why the child steps down"):
        closure_services.step_down_request(
            actor=worker,
            referral_id=referral.pk,
            version=referral.version,
            stepped_on=date(2026, 11, 16),
            reason="  ",
        )
    # The closure is refused half-way through (no primary need): nothing stays.
    with pytest.raises(DomainError, match="^Select the primary need before closing$"):
        closure_services.step_down_request(
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
    step_down_signed_off(referral, manager, stepped_on=date(2026, 11, 16), why="Early help first.")
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


def test_only_a_registered_social_worker_closes_a_referral_or_steps_it_down(
    norwich: Team, manager: User
) -> None:
    family_support = social_worker(norwich, registered=False)
    referral = allocated_referral(family_support, manager)
    before = db_state()
    with pytest.raises(PermissionDeniedError, match="^Only a registered social worker can close"):
        closure_services.closure_request(
            actor=family_support,
            referral_id=referral.pk,
            version=referral.version,
            closed_on=REFERRAL_DATE,
            closure_reason="RC7",
            reason=WHY,
        )
    with pytest.raises(PermissionDeniedError, match="^Only a registered social worker can close"):
        closure_services.step_down_request(
            actor=family_support,
            referral_id=referral.pk,
            version=referral.version,
            stepped_on=REFERRAL_DATE,
            reason="Needs met by school support",
        )
    assert db_state() == before
    close_signed_off(referral, manager, closed_on=REFERRAL_DATE)
    assert Referral.objects.get().closed_on == REFERRAL_DATE


def test_a_step_down_date_error_names_the_step_down(manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    with pytest.raises(DomainError) as error:
        closure_services.step_down_request(
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
        closure_services.closure_request(
            actor=worker,
            referral_id=referral.pk,
            version=None,
            closed_on=date(2026, 11, 13),
            closure_reason="RC8",
            reason=WHY,
        )
    assert error.value.field == "closure_reason"
    assert db_state() == before

    step_down_signed_off(
        referral,
        worker,
        stepped_on=date(2026, 11, 13),
        why="Plan outcomes met; school to lead early help",
        authoriser=manager,
    )
    referral.refresh_from_db()
    assert referral.closure_reason == "RC7"  # not RC9: the child had a plan
