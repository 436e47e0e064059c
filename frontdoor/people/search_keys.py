"""Person search's match keys: a name as lower-case letters, its parts, its sound and its
letters sorted, and the search keys each of a person's names gives (the index the search reads
its candidates from; duplicate scoring compares names with the same keys).

Nothing here reads the database except `person_index`, which writes one person's keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

import jellyfish

from .models import Person, PersonName, PersonSearchKey

_NOT_LETTERS = re.compile(r"[^a-z]+")


def normalise(text: str) -> str:
    """Lower case letters only: accents dropped, spaces, hyphens and apostrophes removed."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_LETTERS.sub("", plain.lower())


def name_parts(text: str) -> list[str]:
    """The words of a name: "Smith-Jones" and "Smith Jones" are both [smith, jones]."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [part for part in re.split(r"[\s\-]+", plain.replace("'", "")) if normalise(part)]


def sound(text: str) -> str:
    """The phonetic code of a name (metaphone): Smith, Smyth and Smythe sound alike."""
    key = normalise(text)
    return jellyfish.metaphone(key)[:20] if key else ""


def letters(text: str) -> str:
    """A name's letters sorted, so "Smtih" and "Smith" share a key."""
    return "".join(sorted(normalise(text)))


def surname_variants(last_name: str) -> list[str]:
    """The whole surname, then each part of a double-barrelled or hyphenated one."""
    parts = [normalise(part) for part in name_parts(last_name)]
    whole = "".join(parts)
    return list(dict.fromkeys([whole, *parts] if len(parts) > 1 else [whole]))


def names_to_index(person: Person, names: Iterable[PersonName]) -> list[PersonName]:
    """The person's recorded names, and their current name from the person record itself when
    no recorded name has it (people loaded in bulk have no names recorded)."""
    names = list(names)
    current = (person.first_name, person.last_name)
    if all((name.first_name, name.last_name) != current for name in names):
        names.append(
            PersonName(
                person_id=person.pk,
                kind=PersonName.Kind.CURRENT,
                first_name=person.first_name,
                last_name=person.last_name,
            )
        )
    return names


# The columns of PersonSearchKey that search_key_values fills, in order.
SEARCH_KEY_FIELDS = ("first_key", "first_sound", "last_key", "last_sound", "last_letters", "born")


def search_key_values(
    names: Iterable[tuple[str, str]], born: date | None
) -> list[tuple[str, str, str, str, str, date | None]]:
    """One key for each different (first name, surname or part of it) the names give, as
    values in SEARCH_KEY_FIELDS order (bulk loads write these without model instances)."""
    keys = []
    seen: set[tuple[str, str]] = set()
    for first_name, last_name in names:
        first = normalise(first_name)
        for last in surname_variants(last_name):
            if (first, last) in seen:
                continue
            seen.add((first, last))
            keys.append((first, sound(first), last, sound(last), letters(last), born))
    return keys


def search_keys_for(person: Person, names: Iterable[PersonName]) -> list[PersonSearchKey]:
    born = person.date_of_birth or person.expected_date_of_birth
    values = search_key_values(((n.first_name, n.last_name) for n in names), born)
    return [
        PersonSearchKey(person_id=person.pk, **dict(zip(SEARCH_KEY_FIELDS, key, strict=True)))
        for key in values
    ]


def person_index(person: Person) -> None:
    """Rebuild one person's search keys from their names. Call after any change to them."""
    PersonSearchKey.objects.filter(person=person).delete()
    if person.merged_into_id is None:
        names = names_to_index(person, person.names.all())
        PersonSearchKey.objects.bulk_create(search_keys_for(person, names))
