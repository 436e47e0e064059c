"""The contacts app's events for a child's chronology: contacts received and the decisions on
them. A decision awaiting a manager's authorisation, or returned, shows its status. The
referral a settled decision opens is an event of casework's (frontdoor/casework/chronology.py).

Imported by `ContactsConfig.ready()`; each provider is one query. Drafts are not events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from django.urls import reverse

from frontdoor.people.chronology import ChronologyEvent, datetime_filter, register, user_name

from .models import Contact, ContactChild, Decision


@register(contact="Contact")
def contacts(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    links = ContactChild.objects.filter(
        datetime_filter("contact__received_at", date_from, date_to),
        person_id__in=person_ids,
        contact__status=Contact.Status.RECORDED,
    ).select_related("contact__recorded_by")
    for link in links:
        contact = link.contact
        referrer = ", ".join(
            part for part in (contact.referrer_name, contact.referrer_agency) if part
        )
        yield ChronologyEvent(
            person_id=link.person_id,
            occurred_at=contact.received_at,
            kind="contact",
            title=f"Contact {contact.reference} received"
            + (f" from {contact.referrer_agency}" if contact.referrer_agency else ""),
            detail=contact.concern_summary,
            source=referrer,
            recorded_by=user_name(contact.recorded_by),
            url=reverse("contacts:detail", args=[contact.pk]),
            ref=f"contacts.contact:{contact.pk}",
        )


@register(decision="Decision")
def decisions(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """Each decision on a child. The referral it may open is casework's event."""
    rows = Decision.objects.filter(
        datetime_filter("decided_at", date_from, date_to),
        contact_child__person_id__in=person_ids,
        contact_child__contact__status=Contact.Status.RECORDED,
    ).select_related("contact_child__contact", "decided_by")
    for decision in rows:
        contact = decision.contact_child.contact
        title = f"Decision: {decision.get_outcome_display()}"
        if not decision.is_settled:
            title += f" ({decision.get_status_display().lower()})"
        yield ChronologyEvent(
            person_id=decision.contact_child.person_id,
            occurred_at=decision.decided_at,
            kind="decision",
            title=f"{title}, on contact {contact.reference}",
            detail=decision.rationale,
            recorded_by=user_name(decision.decided_by),
            url=reverse("contacts:detail", args=[contact.pk]),
            ref=f"contacts.decision:{decision.pk}",
        )
