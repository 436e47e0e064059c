"""Early help services: one open episode, taking it on, consent, the plan, its review and closure.

"Now" is frozen at Monday 16 November 2026, 10:00 unless a test says otherwise. Referrals
are dated Friday 6 November 2026 (see factories). Every expected date was counted on a
printed calendar: England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec 2026
(Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.tests.factories import (
    PersonFactory,
)
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.models import (
    EarlyHelpEpisode,
)
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.tests.factories import (
    db_state,
    early_help_for,
    early_help_team,
    events,
    last_event,
    locality_team,
    pathway_advisor,
    social_worker,
)
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

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
