"""The early help page tests' people and episodes: Priya Shah, a pathway advisor, and Morgan
Lee, her team's manager; an episode decided on Monday 9 November 2026, taken on, and with a
plan from Friday 20 November 2026."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    TeamFactory,
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.early_help.tests.pages import DECISION
from frontdoor.casework.models import EarlyHelpEpisode
from frontdoor.contacts import services as contact_services


@pytest.fixture
def advisor() -> Any:
    team = TeamFactory(name="Early Help", kind=Team.Kind.EARLY_HELP)
    return make_user(Role.PATHWAY_ADVISOR, first_name="Priya", last_name="Shah", team=team)


@pytest.fixture
def manager(advisor) -> Any:
    """The early help team's manager (the team that holds the children's early help)."""
    return make_user(Role.TEAM_MANAGER, first_name="Morgan", last_name="Lee", team=advisor.team)


@pytest.fixture
def decided(monkeypatch) -> EarlyHelpEpisode:
    """Early help opened by a CSW's decision on Monday 9 November 2026 at 10:15."""
    freeze(monkeypatch, london(2026, 11, 9, 10, 15))
    contact = ContactFactory()
    link = only_child(contact)
    contact_services.decision_make(actor=contact.csw, contact_child_id=link.pk, **DECISION)
    return EarlyHelpEpisode.objects.select_related("person").get(person=link.person)


@pytest.fixture
def taken(decided, advisor) -> EarlyHelpEpisode:
    """The decided episode, taken on by the advisor (version 2)."""
    return early_help_services.early_help_assign(
        actor=advisor, episode_id=decided.pk, version=decided.version, advisor_id=advisor.pk
    )


@pytest.fixture
def with_plan(monkeypatch, taken, advisor) -> EarlyHelpEpisode:
    """Consent given, assessed 12 to 18 November, plan from Friday 20 November 2026."""
    freeze(monkeypatch, london(2026, 11, 20, 16, 0))
    return early_help_services.early_help_update(
        actor=advisor,
        episode_id=taken.pk,
        version=taken.version,
        consent="given",
        assessment_started_on=date(2026, 11, 12),
        assessment_completed_on=date(2026, 11, 18),
        plan_started_on=date(2026, 11, 20),
    )
