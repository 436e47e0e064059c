"""Test data for the case review: decisions built by hand, one contact and child each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
)
from frontdoor.contacts.models import Contact, Decision
from frontdoor.people.models import Person


def contact_about(child: Person, received_at: datetime, **fields: Any) -> Contact:
    contact = ContactFactory(child=None, received_at=received_at, **fields)
    ContactChildFactory(contact=contact, person=child)
    return contact


def decided(
    outcome: str,
    decided_at: datetime,
    *,
    child: Person | None = None,
    source: str = "2A",
    need_level: str = "early_help",
    **fields: Any,
) -> Decision:
    """A final decision of `outcome` at `decided_at` on a contact received an hour before."""
    child = child or PersonFactory()
    contact = ContactFactory(child=None, received_at=decided_at, referral_source=source)
    link = ContactChildFactory(contact=contact, person=child)
    return DecisionFactory(
        contact_child=link, outcome=outcome, decided_at=decided_at, need_level=need_level, **fields
    )
