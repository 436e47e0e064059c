"""Who holds a child's contacts, for the access model (`people/access.py`): the whole front
door reads the intake and decision of a contact while it waits and for `front_door_days`
after; the named CSW, whoever recorded or decided it, and the CSW's team read the child's
whole record for as long."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from frontdoor.people.access import FRONT_DOOR_TEAMS, Holder, Scope, front_door_since

from .models import Contact, ContactChild, Decision

_WAITING = [Decision.Status.AWAITING_AUTHORISATION, Decision.Status.RETURNED]


def contact_holders(person_ids: list[int]) -> Iterator[Holder]:
    since = front_door_since()
    links = (
        ContactChild.objects.filter(person_id__in=person_ids)
        .exclude(contact__status=Contact.Status.DRAFT)
        .filter(
            Q(decision__isnull=True)
            | Q(decision__status__in=_WAITING)
            | Q(contact__received_at__gte=since)
            | Q(decision__decided_at__gte=since)
            | Q(decision__authorised_at__gte=since)
        )
        .select_related("contact__csw", "decision")
    )
    for link in links:
        contact = link.contact
        reason = f"Contact {contact.reference} at the front door"
        yield Holder(link.person_id, Scope.INTAKE, reason, team_kinds=FRONT_DOOR_TEAMS)
        decision = getattr(link, "decision", None)
        people = {contact.csw_id, contact.recorded_by_id, decision and decision.decided_by_id}
        for user_id in people - {None}:
            yield Holder(link.person_id, Scope.CASE, f"{reason}: yours", user_id=user_id)
        if contact.csw is not None and contact.csw.team_id:
            yield Holder(
                link.person_id, Scope.CASE, f"{reason}: your team's", team_id=contact.csw.team_id
            )
