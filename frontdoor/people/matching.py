"""Person search, the scoring: what a search asks for (`Criteria`, read and widened once), what
scoring needs of a person (`Candidate`), and how alike they are, 0 to 1, with reasons in words.

The match keys are `search_keys`, reading the search box `query_parsing`, widening a name
`name_guesses` and a date of birth `birth_dates`. The database half, finding the candidates, is
`people.selectors.people_matching`. Nothing here reads the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from django.utils import timezone
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio
from rapidfuzz.utils import default_process

from .birth_dates import born_between, dates_near, dates_one_digit_out
from .models import PersonName
from .name_guesses import GUESS_WEIGHT, NameGuess, is_short_form, name_guesses
from .query_parsing import NAME_MAX_LENGTH, parse_query, postcode_in, postcode_key
from .search_keys import letters, normalise, sound, surname_variants

W_FIRST, W_LAST, W_BORN, W_POSTCODE, W_ADDRESS = 0.30, 0.35, 0.25, 0.10, 0.10
# Born on the day typed and living at the postcode typed: together as telling as a surname.
W_POSTCODE_AND_BORN = 0.35
# With a date of birth typed, the first name and the postcode alone score 0.40: a child whose
# surname changed and whose date of birth was taken down wrong is still offered, last.
MIN_SCORE = 0.4
MIN_LIKENESS = 0.5  # a name spelt unlike theirs is at most 0.5 x 0.85 (Jaro-Winkler)


@dataclass(frozen=True)
class Likeness:
    """How alike one part is, 0 to 1, and that in words ("" when not worth saying)."""

    score: float
    reason: str = ""


@lru_cache(maxsize=65536)
def first_name_likeness(typed: str, recorded: str) -> Likeness:
    if not recorded:
        return Likeness(0.0)
    if typed == recorded:
        return Likeness(1.0, "same first name")
    if is_short_form(typed, recorded):
        return Likeness(0.9, "first name is a short form")
    return _spelling_likeness(typed, recorded, "first name")


@lru_cache(maxsize=65536)
def surname_likeness(typed: str, recorded: str, typed_parts: tuple[str, ...] = ()) -> Likeness:
    """`recorded` is the surname as recorded, `typed_parts` the parts of a double-barrelled
    surname typed: Jones is part of Smith-Jones either way round."""
    variants = surname_variants(recorded)
    if not variants or not variants[0]:
        return Likeness(0.0)
    if typed == variants[0]:
        return Likeness(1.0, "same surname")
    if typed in variants[1:] or variants[0] in typed_parts:
        return Likeness(0.9, "part of the surname matches")
    return max(
        (_spelling_likeness(typed, variant, "surname") for variant in variants),
        key=lambda likeness: likeness.score,
    )


def _spelling_likeness(typed: str, recorded: str, what: str) -> Likeness:
    if len(typed) == 1 and what == "first name":
        # An initial says all it can: only the rest tells apart the names it stands for.
        return Likeness(0.8, "same first initial") if recorded.startswith(typed) else Likeness(0.0)
    if len(typed) >= 3 and letters(typed) == letters(recorded):
        return Likeness(0.88, f"{what} has letters swapped")
    if len(typed) >= 2 and recorded.startswith(typed):
        return Likeness(0.8 if len(typed) == 2 else 0.85, f"{what} starts the same")
    if sound(typed) == sound(recorded) and sound(typed):
        return Likeness(0.85, f"{what} sounds alike")
    similarity = JaroWinkler.normalized_similarity(typed, recorded)
    if len(typed) >= 4 and DamerauLevenshtein.distance(typed, recorded) == 1:
        similarity = max(similarity, 0.9)
    if similarity >= 0.85:
        return Likeness(0.9 * similarity, f"{what} spelt similarly")
    if len(typed) == 1 and recorded.startswith(typed):
        return Likeness(0.6)  # a surname's initial
    return Likeness(0.5 * similarity)


def born_likeness(typed: date, recorded: date | None) -> Likeness:
    if recorded is None:  # between differing and agreeing, where learned weights put it
        return Likeness(0.3, "no date of birth recorded")
    if typed == recorded:
        return Likeness(1.0, "same date of birth")
    if typed.day <= 12 and recorded == typed.replace(day=typed.month, month=typed.day):
        return Likeness(0.8, "day and month of birth swapped")
    if (recorded.month, recorded.day) == (typed.month, typed.day) and abs(
        recorded.year - typed.year
    ) == 1:
        return Likeness(0.75, "date of birth a year out")
    if sum(a != b for a, b in zip(f"{typed:%Y%m%d}", f"{recorded:%Y%m%d}", strict=True)) == 1:
        return Likeness(0.6, "date of birth one digit different")
    return Likeness(0.0)


@dataclass(frozen=True)
class Criteria:
    """Everything a search asks for, read and widened once."""

    guesses: tuple[NameGuess, ...] = ()
    date_of_birth: date | None = None
    nhs_number: str = ""
    la_child_id: str = ""
    postcode: str = ""
    address: str = ""
    age_from: int | None = None
    age_to: int | None = None
    today: date = date.min

    @property
    def empty(self) -> bool:
        return not (
            self.guesses
            or self.date_of_birth
            or self.nhs_number
            or self.la_child_id
            or self.postcode
        )

    @property
    def dates(self) -> list[date]:
        return dates_near(self.date_of_birth) if self.date_of_birth else []

    @property
    def dates_one_digit_out(self) -> list[date]:
        return dates_one_digit_out(self.date_of_birth) if self.date_of_birth else []

    @property
    def born_range(self) -> tuple[date, date] | None:
        """With an age range and no date of birth, the dates of birth that fit it."""
        if self.date_of_birth or (self.age_from is None and self.age_to is None):
            return None
        return born_between(self.age_from, self.age_to, self.today)


def criteria_from(
    *,
    query: str = "",
    name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
    postcode: str = "",
    address: str = "",
    age_from: int | None = None,
    age_to: int | None = None,
    today: date | None = None,
) -> Criteria:
    """The search asked for: the fields given win over what the search box says."""
    today = today or timezone.localdate()
    parts = parse_query(query[:1000], today=today)
    typed_name = (name.strip() or parts.name)[:NAME_MAX_LENGTH]
    nhs = re.sub(r"[\s\-]", "", nhs_number) or parts.nhs_number
    postcode = postcode or postcode_in(address)
    age_from, age_to = (
        None if age is None else min(max(age, 0), 130) for age in (age_from, age_to)
    )
    return Criteria(
        guesses=tuple(name_guesses(typed_name)),
        date_of_birth=date_of_birth or parts.date_of_birth,
        nhs_number=nhs if nhs.isdigit() else "",
        la_child_id=parts.la_child_id,
        postcode=postcode_key(postcode) if postcode.strip() else parts.postcode,
        address=" ".join(address.lower().split())[:300],
        age_from=age_from,
        age_to=age_to,
        today=today,
    )


CANDIDATE_FIELDS = (
    "pk",
    "first_name",
    "middle_names",
    "last_name",
    "date_of_birth",
    "expected_date_of_birth",
    "nhs_number",
    "la_child_id",
    "postcode",
    "address",
)


class NameRow(NamedTuple):
    """One of a candidate's names, ready to compare: the first name normalised, the surname as
    recorded (its parts count)."""

    kind: str
    first_key: str
    last_name: str


@dataclass(frozen=True)
class Candidate:
    """What scoring needs of a person, read without building model instances."""

    pk: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    nhs_number: str
    la_child_id: str
    postcode: str
    address: str
    names: tuple[NameRow, ...]
    middle_keys: frozenset[str] = frozenset()
    past_postcodes: frozenset[str] = frozenset()

    @classmethod
    def from_values(
        cls,
        values: Mapping[str, Any],
        names: Iterable[tuple[str, str, str]] = (),
        past_postcodes: Iterable[str] = (),
    ) -> Candidate:
        """From a person's `CANDIDATE_FIELDS` (`Person.objects.values(*CANDIDATE_FIELDS)`) and
        their recorded (kind, first, last) names; their current name on the record counts
        too, recorded or not."""
        rows = {(kind, normalise(first), last) for kind, first, last in names}
        current = (normalise(values["first_name"]), values["last_name"])
        if not any(row[1:] == current for row in rows):
            rows.add((PersonName.Kind.CURRENT, *current))
        return cls(
            pk=values["pk"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            date_of_birth=values["date_of_birth"],
            expected_date_of_birth=values["expected_date_of_birth"],
            nhs_number=values["nhs_number"],
            la_child_id=values["la_child_id"] or "",
            postcode=values["postcode"],
            address=values["address"],
            names=tuple(NameRow(*row) for row in sorted(rows)),
            middle_keys=frozenset(map(normalise, values["middle_names"].split())) - {""},
            past_postcodes=frozenset(past_postcodes),
        )

    def age_on(self, day: date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Scored:
    score: float
    reasons: tuple[str, ...]
    exact_number: bool  # the NHS number or LA child ID matches: always ranked first
    # Something besides the date of birth is like theirs: a part of the name typed, or where
    # they live. Without it the other children born that day would be found by the date.
    more_than_born: bool = True

    @property
    def worth_showing(self) -> bool:
        return self.exact_number or (self.score >= MIN_SCORE and self.more_than_born)


_KIND_NOTE: dict[str, str] = {
    PersonName.Kind.ALIAS: "also known by this name",
    PersonName.Kind.PREVIOUS: "known by this name before",
}


def score_person(criteria: Criteria, candidate: Candidate) -> Scored:
    """How well one person matches, 0 to 1, and why: the best of their names under the best
    reading of the name typed, with date of birth, postcode and address. Each part weighs in
    only when it was searched for."""
    others: list[tuple[float, Likeness]] = []
    same_day = False
    if criteria.date_of_birth:
        born = candidate.date_of_birth or candidate.expected_date_of_birth
        others.append((W_BORN, born_likeness(criteria.date_of_birth, born)))
        same_day = born == criteria.date_of_birth
    if criteria.postcode:
        if candidate.postcode == criteria.postcode:
            weight = W_POSTCODE_AND_BORN if same_day else W_POSTCODE
            others.append((weight, Likeness(1.0, "same postcode")))
        elif criteria.postcode in candidate.past_postcodes:
            others.append((W_POSTCODE, Likeness(0.8, "lived at this postcode before")))
        else:
            others.append((W_POSTCODE, postcode_likeness(criteria.postcode, candidate.postcode)))
    if criteria.address:
        similarity = address_likeness(criteria.address, candidate.address)
        reason = "address matches" if similarity >= 0.95 else "address similar"
        others.append((W_ADDRESS, Likeness(similarity, reason if similarity >= 0.7 else "")))
    other_weight = sum(weight for weight, _ in others)
    other_value = sum(weight * like.score for weight, like in others)

    score = other_value / other_weight if other_weight else 0.0
    best: tuple[list[tuple[float, Likeness]], NameGuess | None, NameRow | None] = ([], None, None)
    if criteria.guesses:
        score = -1.0
        for guess in criteria.guesses:
            factor = GUESS_WEIGHT[guess.how]
            for name in candidate.names:
                named = _name_likeness(guess, name, candidate)
                weight = other_weight + sum(weight for weight, _ in named)
                value = other_value + sum(weight * like.score for weight, like in named)
                if value * factor / weight > score:
                    score, best = value * factor / weight, (named, guess, name)
    reasons = _reasons(best[0], others, best[1], best[2])

    exact_number = False
    if criteria.la_child_id and candidate.la_child_id == criteria.la_child_id:
        exact_number, score, reasons = True, 1.0, ["LA child ID matches", *reasons]
    if criteria.nhs_number and candidate.nhs_number:
        if candidate.nhs_number == criteria.nhs_number:
            exact_number, score, reasons = True, 1.0, ["NHS number matches", *reasons]
        else:
            score *= 0.85  # somebody else's NHS number: probably somebody else
    places = others[1:] if criteria.date_of_birth else others  # the postcode and address
    alike = [like for _, like in best[0] + places]
    more_than_born = not criteria.guesses or any(like.score >= MIN_LIKENESS for like in alike)
    return Scored(round(max(score, 0.0), 4), tuple(reasons), exact_number, more_than_born)


def _name_likeness(
    guess: NameGuess, name: NameRow, candidate: Candidate
) -> list[tuple[float, Likeness]]:
    named: list[tuple[float, Likeness]] = []
    if guess.first:
        likeness = first_name_likeness(guess.first, name.first_key)
        if (
            likeness.score < 0.8
            and name.kind == PersonName.Kind.CURRENT
            and guess.first in candidate.middle_keys
        ):
            likeness = Likeness(0.8, "same middle name")
        named.append((W_FIRST, likeness))
    if guess.last:
        likeness = surname_likeness(guess.last, name.last_name, guess.last_parts)
        if guess.how == "part" and likeness.score == 1.0:
            likeness = Likeness(0.9, "part of the surname matches")
        named.append((W_LAST, likeness))
    return named


def postcode_likeness(typed: str, recorded: str) -> Likeness:
    """Another postcode, unless one character of it is out or two are swapped: a slip, or the
    next street."""
    if recorded and DamerauLevenshtein.distance(typed, recorded) == 1:
        return Likeness(0.5, "postcode nearly the same")
    return Likeness(0.0)


@lru_cache(maxsize=4096)
def address_likeness(typed: str, recorded: str) -> float:
    return token_set_ratio(typed, recorded, processor=default_process) / 100


def _reasons(
    named: list[tuple[float, Likeness]],
    others: list[tuple[float, Likeness]],
    guess: NameGuess | None,
    name: NameRow | None,
) -> list[str]:
    """The reasons worth saying, strongest first; a note on the name after the name's."""
    items = [
        (weight * like.score, index, like.reason, index < len(named))
        for index, (weight, like) in enumerate(named + others)
        if like.reason
    ]
    said = {reason for _, _, reason, is_name in items if is_name}
    if said == {"same first name", "same surname"}:
        both = sum(value for value, _, _, is_name in items if is_name)
        items = [item for item in items if not item[3]] + [(both, 0, "same name", True)]
    if guess and guess.how == "swapped":
        strength = max((value for value, _, _, is_name in items if is_name), default=0.0)
        items = [item for item in items if item[2] != "same name"]
        items.append((strength, -1, "first name and surname swapped", True))
    items.sort(key=lambda item: (-item[0], item[1]))
    reasons = [reason for _, _, reason, _ in items]
    note = _KIND_NOTE.get(name.kind, "") if name else ""
    last_name_reason = max((i for i, item in enumerate(items) if item[3]), default=None)
    if note and last_name_reason is not None:
        reasons.insert(last_name_reason + 1, note)
    return reasons


def age_allowed(
    candidate: Candidate, age_from: int | None, age_to: int | None, today: date
) -> bool:
    """Inside the age range asked for. A person whose age is not known is kept: they may be
    the one."""
    age = candidate.age_on(today)
    if age is None:
        return True
    return (age_from is None or age >= age_from) and (age_to is None or age <= age_to)


def sentence(reasons: Sequence[str]) -> str:
    text = ", ".join(reasons)
    return text[:1].upper() + text[1:]
