"""The locality feedback tests' people: the Norwich locality team (a social worker, Lena
Price, and its manager, Omar Hale), a Breckland social worker, the CADS team's manager and a
head of service; "now" is Monday 16 November 2026, 10:00 (London), so this week's case
review looks at Monday 9 to Sunday 15 November."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import TeamFactory, freeze, london, make_user
from frontdoor.casework.models import Referral
from frontdoor.casework.tests.factories import (
    child_at,
    head_of_service,
    locality_team,
    make_referral,
    social_worker,
    team_manager,
)


@pytest.fixture(autouse=True)
def now(monkeypatch: Any) -> Any:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))


@pytest.fixture(autouse=True)
def _rules(settings: Any) -> None:
    settings.FRONTDOOR_CASE_REVIEW_RULES = {"level_outcome_disagree": {"enabled": False}}
    settings.FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0


@pytest.fixture
def norwich() -> Team:
    return locality_team()


@pytest.fixture
def worker(norwich: Team) -> User:
    return social_worker(norwich, first_name="Lena", last_name="Price")


@pytest.fixture
def manager(norwich: Team) -> User:
    return team_manager(norwich, first_name="Omar", last_name="Hale")


@pytest.fixture
def breckland_worker() -> User:
    return social_worker(locality_team("Locality: Breckland", "IP24 IP25"))


@pytest.fixture
def cads_manager() -> User:
    return team_manager(TeamFactory(name="CADS", kind=Team.Kind.CADS))


@pytest.fixture
def head() -> User:
    return head_of_service()


@pytest.fixture
def referral(norwich: Team) -> Referral:
    """Ben Carter's referral of Friday 6 November 2026, placed with Norwich by his postcode."""
    made = make_referral(child_at("NR2 4AB", first_name="Ben", last_name="Carter"))
    assert made.team == norwich
    return made


@pytest.fixture
def csw() -> User:
    return make_user(Role.CSW)
