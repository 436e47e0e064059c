"""The MASH page tests' consultant social worker (Priya Shah), Amelia Hart (who has moved from
Diss to Norwich) and the MASH enquiry a decision about her opens on Monday 9 November 2026."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import (
    freeze,
    london,
    make_user,
)
from frontdoor.casework.tests.factories import child_at
from frontdoor.people.models import Address, Person
from frontdoor.safeguarding.mash.tests.pages import enquiry_decided_by
from frontdoor.safeguarding.models import MashEnquiry


@pytest.fixture
def csw() -> User:
    return make_user(Role.CSW, first_name="Priya", last_name="Shah")


@pytest.fixture
def child() -> Person:
    person = child_at("NR2 4AB", first_name="Amelia", last_name="Hart")
    Address.objects.filter(person=person).update(address="12 Elm Road, Norwich")
    Address.objects.create(
        person=person,
        address="3 Old Lane, Diss",
        postcode="IP22 4AA",
        moved_out=london(2025, 1, 31).date(),
    )
    return person


@pytest.fixture
def enquiry(monkeypatch: Any, csw: User, child: Person) -> MashEnquiry:
    freeze(monkeypatch, london(2026, 11, 9, 9, 30))  # Monday
    return enquiry_decided_by(csw, child)
