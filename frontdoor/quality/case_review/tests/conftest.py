"""The case review tests' people and week: "now" is Monday 16 November 2026, 10:00, so this
week's meeting reviews the decisions of Monday 9 to Sunday 15 November."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import TeamFactory, freeze, london, make_user
from frontdoor.casework.tests.factories import head_of_service


@pytest.fixture(autouse=True)
def now(monkeypatch: Any) -> Any:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))


@pytest.fixture(autouse=True)
def _rules(settings: Any) -> None:
    settings.FRONTDOOR_CASE_REVIEW_RULES = {"level_outcome_disagree": {"enabled": False}}
    settings.FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0


@pytest.fixture
def cads() -> Team:
    return TeamFactory(name="CADS", kind=Team.Kind.CADS)


@pytest.fixture
def head(cads: Team) -> User:
    return head_of_service(first_name="Helen", last_name="Marsh")


@pytest.fixture
def cads_manager(cads: Team) -> User:
    return make_user(Role.TEAM_MANAGER, team=cads, first_name="Tom", last_name="Reyes")


@pytest.fixture
def csw(cads: Team) -> User:
    return make_user(Role.CSW, team=cads, first_name="Amara", last_name="Okafor")
