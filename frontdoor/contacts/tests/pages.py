"""What the front-door page tests post and where they go."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.tests.factories import (
    only_child,
)
from frontdoor.contacts.models import Contact, Decision


def datetime_parts(name: str, day: str, month: str, year: str, time: str) -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year, f"{name}_time": time}


def screen(contact: Contact, action: str = "save", **fields: Any) -> dict[str, Any]:
    """Everything the contact screen's one form submits, as a browser without JavaScript would."""
    data: dict[str, Any] = {
        "action": action,
        "version": str(contact.version),
        "channel": "professional_line",
        **datetime_parts("received_at", "6", "11", "2026", "14:00"),
        **datetime_parts("call_started_at", "6", "11", "2026", "14:00"),
        **datetime_parts("call_ended_at", "", "", "", ""),
        "csw": str(contact.csw_id or ""),
        "referrer_name": "Dana Whitfield",
        "referrer_role": "Designated safeguarding lead",
        "referrer_agency": "Northshire Primary School",
        "referral_source": "2A",
        "referrer_phone": "01603 000000",
        "referrer_email": "dana@example.org",
        "concern_summary": "Bruises on Amelia's arm, explained differently twice.",
        "concern_categories": ["18C"],
        "immediacy": "one_working_day",
        "child_whereabouts": "At school until 15:15",
        "parents_aware": "no",
        "consent": "obtained",
        "consent_reason": "",
        "referrer_actions": "Spoke to the class teacher.",
        "search-name": "",
        "search-date_of_birth_day": "",
        "search-date_of_birth_month": "",
        "search-date_of_birth_year": "",
        "child-kind": "child",
        "child-first_name": "",
        "child-last_name": "",
        "child-date_of_birth_day": "",
        "child-date_of_birth_month": "",
        "child-date_of_birth_year": "",
        "child-expected_date_of_birth_day": "",
        "child-expected_date_of_birth_month": "",
        "child-expected_date_of_birth_year": "",
        "child-sex": "U",
        "child-ethnicity": "NOBT",
        "child-nhs_number": "",
        "child-address": "",
        "child-postcode": "",
    }
    return data | fields


NEW_CHILD = {
    "child-first_name": "Amelia",
    "child-last_name": "Hart",
    "child-date_of_birth_day": "27",
    "child-date_of_birth_month": "3",
    "child-date_of_birth_year": "2015",
    "child-sex": "F",
    "child-nhs_number": "999 000 0018",
    "child-postcode": "NR2 1AA",
}


def edit_url(contact: Contact) -> str:
    return f"/contacts/{contact.pk}/edit/"


# --- deciding --------------------------------------------------------------------------------

DECISION_POST = {
    "outcome": "early_help",
    "need_level": "early_help",
    "rationale": "Additional needs; the school knows the family well.",
    "best_placed": "School to lead an early help assessment.",
    "agency_taking_action": "Northshire Primary School",
    "child_views": "Amelia says she likes school.",
    "version": "",
}


def decide_url(contact: Contact) -> str:
    return f"/contacts/{contact.pk}/children/{only_child(contact).pk}/decide/"


def authorise_url(decision: Decision) -> str:
    return f"/contacts/decisions/{decision.pk}/authorise/"
