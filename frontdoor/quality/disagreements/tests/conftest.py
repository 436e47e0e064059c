"""The people of the disagreement tests: the CSW who made the decision (Cal Reed) and his
team manager (Maya Brooks) in "CADS", a second CSW who raises disagreements (Ada Lyons), a
head of service (Hana Stone). "Now" is Friday 4 December 2026, 10:00."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    DecisionFactory,
    TeamFactory,
    freeze,
    london,
    make_user,
)
from frontdoor.casework.tests.factories import head_of_service, team_manager
from frontdoor.contacts.models import Decision


@pytest.fixture
def now(monkeypatch: Any) -> Any:
    return freeze(monkeypatch, london(2026, 12, 4, 10, 0))  # Friday 4 December 2026


@pytest.fixture
def cads() -> Team:
    return TeamFactory(name="CADS")


@pytest.fixture
def decider(cads: Team) -> User:
    return make_user(Role.CSW, team=cads, first_name="Cal", last_name="Reed")


@pytest.fixture
def raiser(cads: Team) -> User:
    return make_user(Role.CSW, team=cads, first_name="Ada", last_name="Lyons")


@pytest.fixture
def cads_manager(cads: Team) -> User:
    return team_manager(cads, first_name="Maya", last_name="Brooks")


@pytest.fixture
def hos() -> User:
    return head_of_service(first_name="Hana", last_name="Stone")


@pytest.fixture
def decision(decider: User) -> Decision:
    return DecisionFactory(contact_child__contact__csw=decider)
