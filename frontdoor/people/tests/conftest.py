"""The people tests' consultant social worker (Sam Patel) and child (Amelia Hart), and the
worker signed in with case access to the child."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import (
    PersonFactory,
    give_case_access,
    make_user,
)
from frontdoor.people.models import Person


@pytest.fixture
def worker() -> User:
    return make_user(Role.CSW, first_name="Sam", last_name="Patel")


@pytest.fixture
def child() -> Person:
    return PersonFactory(first_name="Amelia", last_name="Hart")


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, worker, child):
    give_case_access(worker, child)
    client.force_login(worker)
    return client
