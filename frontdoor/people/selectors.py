"""Reads about people. `people_matching` is the one door to person search: the fuller matcher
replaces its body, and every caller keeps working."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import Person


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    reason: str


def people_matching(
    *, name: str = "", date_of_birth: date | None = None, limit: int = 20
) -> list[PersonMatch]:
    """People whose names contain every word typed, those born on the given date first.

    With only a date of birth, everybody born that day.
    """
    words = name.split()
    if not words and date_of_birth is None:
        return []
    query = Q()
    for word in words:
        query &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(middle_names__icontains=word)
        )
    if not words:
        query = Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth)
    candidates = list(Person.objects.filter(query).order_by("last_name", "first_name")[:200])

    def same_birthday(person: Person) -> bool:
        return date_of_birth is not None and date_of_birth in (
            person.date_of_birth,
            person.expected_date_of_birth,
        )

    candidates.sort(key=lambda person: not same_birthday(person))
    return [PersonMatch(p, _reason(bool(words), same_birthday(p))) for p in candidates[:limit]]


def _reason(name_given: bool, same_birthday: bool) -> str:
    if name_given and same_birthday:
        return "Name and date of birth match"
    if same_birthday:
        return "Same date of birth"
    return "Name matches"
