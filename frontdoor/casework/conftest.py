"""Fixtures the casework tests share: the Norwich and King's Lynn locality teams, a manager
and a registered social worker in Norwich (Maya Brooks and Sam Okafor), and "now" frozen at
Monday 16 November 2026, 10:00 (used by every services test module through its `pytestmark`)
or at Friday 20 November 2026, 10:00 (`on_20_november`)."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Team, User
from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.casework.tests.factories import locality_team, social_worker, team_manager


@pytest.fixture
def now(monkeypatch: Any) -> Any:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))  # Monday 16 November 2026


@pytest.fixture
def norwich() -> Team:
    return locality_team()  # covers NR1 NR2 NR3


@pytest.fixture
def lynn() -> Team:
    return locality_team("Locality: King's Lynn", "PE30 PE31")


@pytest.fixture
def on_20_november(monkeypatch: Any) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))  # Friday 20 November 2026


@pytest.fixture
def team(norwich: Team) -> Team:
    """The team the page tests work in: Norwich."""
    return norwich


@pytest.fixture
def manager(norwich: Team) -> User:
    return team_manager(norwich, first_name="Maya", last_name="Brooks")


@pytest.fixture
def worker(norwich: Team) -> User:
    return social_worker(norwich, first_name="Sam", last_name="Okafor")
