"""Fixtures the safeguarding tests share: "now" (Monday 16 November 2026, 10:00, used by the
services test modules through their `pytestmark`), the Norwich locality team, a CADS
consultant social worker (Chloe Reid), and a section 47 enquiry started from a strategy
discussion; for the page tests, Amelia and Ben Hart, siblings in Norwich, the CSW's contact
about Amelia, and Maya Brooks, Norwich's manager."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from frontdoor.accounts.models import Team, User
from frontdoor.accounts.tests.factories import ContactFactory, freeze, london
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import child_at, locality_team, social_worker, team_manager
from frontdoor.people.models import Person, Relationship
from frontdoor.safeguarding.models import Section47
from frontdoor.safeguarding.tests.factories import cads_csw, section47_of, strategy_about


@pytest.fixture
def now(monkeypatch: Any) -> datetime:
    return freeze(monkeypatch, london(2026, 11, 16, 10, 0))  # Monday 16 November 2026


@pytest.fixture
def norwich() -> Team:
    return locality_team()  # covers NR1 NR2 NR3; factory children live at NR2 4AB


@pytest.fixture
def team(norwich: Team) -> Team:
    """The team the page tests work in: Norwich."""
    return norwich


@pytest.fixture
def manager(norwich: Team) -> User:
    return team_manager(norwich, first_name="Maya", last_name="Brooks")


@pytest.fixture
def csw() -> User:
    return cads_csw(first_name="Chloe", last_name="Reid")


@pytest.fixture
def amelia(team: Team) -> Person:
    return child_at(first_name="Amelia", last_name="Hart")


@pytest.fixture
def csw_holds_amelia(csw: User, amelia: Person) -> None:
    """The CSW's contact about Amelia, waiting for the strategy discussion: the front door's
    reason to open her record (the page test modules use it)."""
    ContactFactory(csw=csw, child__person=amelia)


@pytest.fixture
def ben(amelia: Person) -> Person:
    ben = child_at(first_name="Ben", last_name="Hart", date_of_birth=date(2018, 6, 1))
    Relationship.objects.create(person=amelia, relative=ben, kind=Relationship.Kind.SIBLING)
    return ben


@pytest.fixture
def afternoon(monkeypatch: Any) -> datetime:
    return freeze(monkeypatch, london(2026, 12, 7, 15, 0))  # Monday 7 December 2026


@pytest.fixture
def started(norwich: Team, csw: User) -> tuple[Section47, User]:
    """A section 47 enquiry from a discussion on Mon 16 Nov 2026 at 09:00, its referral
    allocated to a Norwich worker. The conference is due 15 working days on: Nov 17-20 (4),
    23-27 (9), Nov 30-Dec 4 (14), Mon 7 Dec (15)."""
    worker = social_worker(norwich)
    child = child_at()
    strategy_about(csw, child, held_at=london(2026, 11, 16, 9, 0))
    section47 = section47_of(child)
    referral = section47.referral
    referral_services.referral_allocate(
        actor=team_manager(norwich), referral_id=referral.pk, version=None, worker_id=worker.pk
    )
    assert section47.conference_due_on == date(2026, 12, 7)
    return section47, worker
