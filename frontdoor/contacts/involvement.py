"""The contacts app's open involvement: children on a contact still waiting for a decision."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse

from frontdoor.people.involvement import Involvement

from .models import Contact, ContactChild, Decision


def contacts_awaiting_decision(person_ids: list[int]) -> Iterable[Involvement]:
    waiting = (
        ContactChild.objects.filter(person_id__in=person_ids)
        .exclude(contact__status=Contact.Status.DRAFT)
        .filter(Q(decision__isnull=True) | Q(decision__status__in=_UNSETTLED))
        .select_related("contact__csw__team")
    )
    for link in waiting:
        csw = link.contact.csw
        yield Involvement(
            person_id=link.person_id,
            label=f"Contact {link.contact.reference} awaiting decision",
            since=link.contact.received_at,
            worker=str(csw) if csw else "",
            team=csw.team.name if csw and csw.team else "",
            url=reverse("contacts:detail", args=[link.contact_id]),
        )


_UNSETTLED = [Decision.Status.AWAITING_AUTHORISATION, Decision.Status.RETURNED]
