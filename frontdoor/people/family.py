"""Reads about a person's family: relationships both ways and the household they live in."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import Person, Relationship

# How a relationship reads from the relative's side, when it is not the same both ways.
_INVERSE = {
    Relationship.Kind.PARENT: "Child",
    Relationship.Kind.ALLEGED_PERPETRATOR: "Alleged victim",
}


@dataclass(frozen=True)
class Relative:
    person: Person
    relationship: Relationship
    label: str  # what the other person is to the one we are looking at: "Parent", "Sibling"

    @property
    def is_current(self) -> bool:
        return self.relationship.ended is None


def relatives_of(person: Person) -> list[Relative]:
    """Everyone related to the person, each with what they are to the person."""
    rows = Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related(
        "person", "relative"
    )
    relatives = []
    for row in rows:
        if row.relative_id == person.pk:  # row.person is the `kind` of our person
            label = row.get_kind_display()
            if row.parental_responsibility:
                label += " with parental responsibility"
            relatives.append(Relative(row.person, row, label))
        else:  # our person is the `kind` of row.relative
            label = _INVERSE.get(Relationship.Kind(row.kind), row.get_kind_display())
            relatives.append(Relative(row.relative, row, label))
    relatives.sort(key=lambda r: (not r.is_current, r.label, r.person.last_name))
    return relatives


def siblings_of_each(person_ids: Iterable[int]) -> dict[int, list[Person]]:
    """Current siblings of several people at once (for the intake candidates)."""
    ids = list(person_ids)
    rows = Relationship.objects.filter(
        Q(person_id__in=ids) | Q(relative_id__in=ids),
        kind=Relationship.Kind.SIBLING,
        ended__isnull=True,
    ).select_related("person", "relative")
    found: dict[int, list[Person]] = defaultdict(list)
    for row in rows:
        if row.person_id in ids:
            found[row.person_id].append(row.relative)
        if row.relative_id in ids:
            found[row.relative_id].append(row.person)
    return found


def household_of(person: Person) -> list[Person]:
    """The other people living at the person's current address, by the address recorded."""
    if not person.address:
        return []
    same_postcode = Person.objects.filter(
        postcode=person.postcode, merged_into__isnull=True
    ).exclude(pk=person.pk)
    here = _address_key(person.address)
    return [other for other in same_postcode if _address_key(other.address) == here]


def households_of_each(people: Iterable[Person]) -> dict[int, list[Person]]:
    """household_of for several people at once, in one query."""
    people = [p for p in people if p.address]
    postcodes = {p.postcode for p in people}
    neighbours = Person.objects.filter(postcode__in=postcodes, merged_into__isnull=True)
    at_address: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for other in neighbours:
        at_address[(other.postcode, _address_key(other.address))].append(other)
    return {
        p.pk: [o for o in at_address[(p.postcode, _address_key(p.address))] if o.pk != p.pk]
        for p in people
    }


def _address_key(address: str) -> str:
    """Letters and digits only: "4, Mill Lane Norwich" is "4 Mill Lane, Norwich"."""
    return re.sub(r"[^a-z0-9]", "", address.lower())
