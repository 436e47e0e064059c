"""What the front-door tests share: a decision as the form sends it, a draft contact, and the
contacts app's audit trail."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.tests.factories import (
    ContactFactory,
)
from frontdoor.contacts.models import Contact
from frontdoor.core.models import AuditEvent

DECISION: dict[str, Any] = {
    "outcome": "early_help",
    "need_level": "early_help",
    "rationale": "Additional needs; the school knows the family well.",
    "best_placed": "School to lead an early help assessment.",
    "agency_taking_action": "Northshire Primary School",
    "child_views": "",
}


def actions() -> list[str]:
    """The contacts app's audit trail (a settled decision also opens casework, audited there)."""
    events = AuditEvent.objects.filter(object_type__startswith="contacts.").order_by("id")
    return list(events.values_list("action", flat=True))


def draft(**fields: Any) -> Contact:
    """A draft with every detail filled in, ready to record; one child unless child=None."""
    return ContactFactory(status=Contact.Status.DRAFT, **fields)
