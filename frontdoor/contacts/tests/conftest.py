"""The front-door page tests' consultant social worker, signed in, with a draft contact, and a
decision waiting for a manager's authorisation."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    make_user,
    only_child,
)
from frontdoor.contacts.models import Contact, Decision


@pytest.fixture
def csw() -> Any:
    return make_user(Role.CSW, first_name="Sam", last_name="Patel")


@pytest.fixture
def draft(csw: Any) -> Contact:
    return ContactFactory(
        status=Contact.Status.DRAFT,
        csw=csw,
        child=None,
        referrer_name="",
        referrer_role="",
        referrer_agency="",
        concern_summary="",
    )


@pytest.fixture
def signed_in(client, csw):
    client.force_login(csw)
    return client


# --- authorising -----------------------------------------------------------------------------


@pytest.fixture
def waiting(csw: Any) -> Decision:
    return DecisionFactory(
        contact_child=only_child(ContactFactory(csw=csw)),
        status=Decision.Status.AWAITING_AUTHORISATION,
        outcome="strategy_discussion",
        authorisation_reason="This outcome needs a manager's authorisation",
    )
