"""The people of the audit tests, all in the front door's "CADS" team unless said: the CSW
who decides (the factories' contact CSW), a second CSW who audits (Ada Lyons), the team
manager (Maya Brooks) and a head of service who moderates. "Now" is Monday 16 November 2026,
10:00; the factories' contact is received and decided on Friday 6 November 2026, 14:00."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import TeamFactory, freeze, london, make_user
from frontdoor.casework.tests.factories import head_of_service, team_manager


@pytest.fixture
def now(monkeypatch: Any) -> Any:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))  # Monday 16 November 2026


@pytest.fixture
def cads() -> Team:
    return TeamFactory(name="CADS")


@pytest.fixture
def auditor(cads: Team) -> User:
    return make_user(Role.CSW, team=cads, first_name="Ada", last_name="Lyons")


@pytest.fixture
def cads_manager(cads: Team) -> User:
    return team_manager(cads, first_name="Maya", last_name="Brooks")


@pytest.fixture
def moderator() -> User:
    return head_of_service(first_name="Hana", last_name="Stone")
