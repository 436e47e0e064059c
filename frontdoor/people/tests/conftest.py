"""The people tests' consultant social worker (Sam Patel) and child (Amelia Hart), the worker
signed in with case access to the child, and the crowd the search tests look among."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import (
    PersonFactory,
    give_case_access,
    make_user,
)
from frontdoor.people.models import Person
from frontdoor.people.tests.search_people import make_crowd


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


# --- the search tests' crowd ----------------------------------------------------------------


@pytest.fixture(scope="class")
def crowd(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The crowd, made once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_crowd(make_user(Role.CSW))
        transaction.set_rollback(True)
