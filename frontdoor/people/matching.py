"""Match keys for the person index. The search itself is built on these keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


def search_keys_for(person: Person, names: Iterable[PersonName]) -> list[PersonSearchKey]:
    born = person.date_of_birth or person.expected_date_of_birth
    keys = []
    for name in names:
        first = normalise(name.first_name)
        for last in surname_variants(name.last_name):
            keys.append(
                PersonSearchKey(
                    person_id=person.pk,
                    first_key=first,
                    first_sound=sound(first),
                    last_key=last,
                    last_sound=sound(last),
                    last_letters=letters(last),
                    born=born,
                )
            )
    return keys


def person_index(person: Person) -> None:
    """Rebuild one person's search keys from their names. Call after any change to them."""
    PersonSearchKey.objects.filter(person=person).delete()
    if person.merged_into_id is None:
        PersonSearchKey.objects.bulk_create(search_keys_for(person, person.names.all()))
