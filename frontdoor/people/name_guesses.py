"""Widening a typed name: the nicknames of a first name and the names it is short for, and
every likely reading of which word is the first name and which the surname."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nicknames import NickNamer

from .query_parsing import has_letters
from .search_keys import normalise, sound, surname_variants

_NICKNAMES = NickNamer()


@lru_cache(maxsize=4096)
def first_name_forms(first: str) -> frozenset[str]:
    """A normalised first name with its nicknames and the names it is short for:
    bill -> {bill, william, billy, ...}; kate -> {kate, katherine, ...}."""
    if not first:
        return frozenset()
    forms = {first}
    forms.update(_NICKNAMES.canonicals_of(first))
    forms.update(_NICKNAMES.nicknames_of(first))
    return frozenset(normalise(form) for form in forms if normalise(form))


def is_short_form(one: str, other: str) -> bool:
    return other in first_name_forms(one) or one in first_name_forms(other)


@dataclass(frozen=True)
class NameGuess:
    """One reading of the name typed: which word is the first name and which the surname.

    `first` or `last` is empty when the guess has only one of them. `how` is "typed" (first
    name first), "part" (one part of a double-barrelled surname typed), "swapped", "surname"
    (the words are one surname), "first" (one word, read as a first name) or "last" (one word,
    read as a surname).
    """

    first: str
    last: str
    how: str
    last_parts: tuple[str, ...] = ()

    @property
    def first_forms(self) -> frozenset[str]:
        return first_name_forms(self.first)

    @property
    def first_sounds(self) -> frozenset[str]:
        return frozenset(sound(form) for form in self.first_forms) - {""}


GUESS_WEIGHT = {
    "typed": 1.0,
    "last": 1.0,
    "part": 1.0,
    "swapped": 0.95,
    "surname": 0.95,
    "first": 0.95,
}


def name_guesses(name: str) -> list[NameGuess]:
    """The readings of a typed name, likeliest first. "Smith, John" puts the surname first;
    "John Smith Jones" is John with surname Jones or Smith-Jones (or first names John Smith);
    "Anna Smith-Jones" may be recorded as Anna Jones ("part")."""
    if "," in name:
        before, _, after = name.partition(",")
        if has_letters(before) and has_letters(after):
            name = f"{after} {before}"
    words = [word for word in re.split(r"[\s,]+", name) if normalise(word)]
    keys = [normalise(word) for word in words]
    parts = [tuple(surname_variants(word)[1:]) for word in words]
    guesses: list[NameGuess] = []
    if len(keys) == 1:
        guesses = [NameGuess("", keys[0], "last", parts[0]), NameGuess(keys[0], "", "first")]
    elif len(keys) >= 2:
        first, last = keys[0], keys[-1]
        guesses = [NameGuess(first, last, "typed", parts[-1])]
        if len(keys) >= 3:
            guesses.append(NameGuess(first, "".join(keys[-2:]), "typed", (keys[-2], last)))
            guesses.append(NameGuess("".join(keys[:-1]), last, "typed", parts[-1]))
        guesses.append(NameGuess(last, first, "swapped", parts[0]))
        if len(keys) == 2 and min(map(len, keys)) > 1:  # "D Nicholls" is no surname Dnicholls
            guesses.append(NameGuess("", "".join(keys), "surname"))
    # A hyphenated surname typed may be recorded as one of its parts only.
    for guess in list(guesses):
        for part in guess.last_parts:
            if guess.how == "typed" and part != guess.last:
                guesses.append(NameGuess(guess.first, part, "part"))
    unique: dict[tuple[str, str], NameGuess] = {}
    for guess in guesses:
        unique.setdefault((guess.first, guess.last), guess)
    return list(unique.values())
