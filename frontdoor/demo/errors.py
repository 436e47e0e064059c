"""The slips that turn one child into two records: misspellings, nicknames and wrong dates.

Each function takes the seeded random generator, so the same seed makes the same mistakes.
Only letters after the first are changed: people rarely get the first letter of a name wrong,
and the search's phonetic keys depend on it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from datetime import date

from . import phrases

VOWELS = "aeiou"
# Vowels written for one another: Jacksen for Jackson, Rubin for Ruben.
CONFUSED_VOWELS = {"a": "e", "e": "ai", "i": "ey", "o": "aeu", "u": "o"}


def _others(groups: Iterable[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """For every name in a group, the other names of its group."""
    found: dict[str, list[str]] = {}
    for group in groups:
        for name in group:
            found.setdefault(name, []).extend(other for other in group if other != name)
    return {name: tuple(dict.fromkeys(others)) for name, others in found.items()}


FIRST_NAME_SPELLINGS = _others(phrases.FIRST_NAME_SPELLINGS)
SURNAME_SPELLINGS = _others(phrases.SURNAME_SPELLINGS)
NAME_FORMS = _others((formal, *familiar) for formal, familiar in phrases.NICKNAMES.items())


def other_forms(first_name: str) -> tuple[str, ...]:
    """Formal and familiar forms of the same first name: William, Will, Bill and Billy."""
    return NAME_FORMS.get(first_name, ())


def misspell(name: str, rng: random.Random, spellings: dict[str, tuple[str, ...]]) -> str:
    """Another spelling of `name`: a known variant, or a doubled, dropped or changed letter."""
    known = spellings.get(name)
    if known and rng.random() < 0.7:
        return rng.choice(known)
    for _ in range(20):
        slipped = _slip(name, rng)
        if slipped != name:
            return slipped
    return name + name[-1]


def _slip(name: str, rng: random.Random) -> str:
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name))
    letter = name[i]
    if not letter.islower():
        return name
    operation = rng.randrange(5)
    if operation == 0 and letter not in VOWELS:  # Olliver
        return name[:i] + letter + name[i:]
    if operation == 1 and name[i - 1] == letter:  # Elie
        return name[:i] + name[i + 1 :]
    if operation == 2 and letter in VOWELS and i < len(name) - 1:  # Jacksen
        return name[:i] + rng.choice(CONFUSED_VOWELS[letter]) + name[i + 1 :]
    if operation == 3 and len(name) > 4 and name[i - 1].isalpha():  # Tomas
        return name[:i] + name[i + 1 :]
    if operation == 4 and name.endswith(("ie", "y")):  # Tommy, Tommie
        return name[:-2] + "y" if name.endswith("ie") else name[:-1] + "ie"
    return name


def transpose(name: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped, as fast typing does: Olvier, Jakcson."""
    spots = [
        i
        for i in range(1, len(name) - 1)
        if name[i] != name[i + 1] and name[i].islower() and name[i + 1].islower()
    ]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def can_transpose(name: str) -> bool:
    return any(
        name[i] != name[i + 1] and name[i].islower() and name[i + 1].islower()
        for i in range(1, len(name) - 1)
    )


def hyphenated_variant(surname: str, other: str, rng: random.Random) -> str:
    """One part of a double-barrelled surname, or the surname joined to another."""
    parts = [part for part in re.split(r"[\s\-]+", surname) if part]
    if len(parts) > 1:
        return rng.choice(parts)
    return f"{surname}-{other}" if rng.random() < 0.6 else f"{other}-{surname}"


def day_and_month_swapped(born: date) -> date | None:
    """3 April for 4 March; None when the day could not be a month or the two are equal."""
    if born.day > 12 or born.day == born.month:
        return None
    return date(born.year, born.day, born.month)


def years_out(born: date, years: int) -> date:
    """The same birthday in another year (28 February for 29 February)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 2, 28)
