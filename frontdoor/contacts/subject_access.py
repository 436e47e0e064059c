"""The contacts app's part of a subject access export: each contact about the person, with
its decision."""

from __future__ import annotations

from collections.abc import Iterable

from frontdoor.people.models import Person
from frontdoor.people.subject_access import Section, records_of

from .models import Contact, Decision


def contact_records(person: Person) -> Iterable[Section]:
    return records_of(
        person,
        ("Contacts", Contact.objects.filter(contact_children__person=person).distinct()),
        ("Decisions on contacts", Decision.objects.filter(contact_child__person=person)),
    )
