"""Person search, the pure half: match keys for the index, reading what was typed, widening it
(nicknames, sounds, likely mistakes in a date) and scoring a candidate with reasons in words.

The database half, finding the candidates, is `people.selectors.people_matching`. Nothing here
reads the database except `person_index`, which writes one person's keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import jellyfish
from django.utils import timezone
from nicknames import NickNamer
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio
from rapidfuzz.utils import default_process

from .models import Person, PersonName, PersonSearchKey

_NOT_LETTERS = re.compile(r"[^a-z]+")

# --- match keys ------------------------------------------------------------------------------


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


# --- reading the search box ------------------------------------------------------------------

NAME_MAX_LENGTH = 100
_NHS = re.compile(r"(?<![\d])(?:\d{10}|\d{3}[ -]\d{3}[ -]\d{4})(?![\d])")
_LONG_NUMBER = re.compile(r"(?<![\d])\d{9,}(?![\d])")
_DATE_DMY = re.compile(r"(?<![\d])(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})(?![\d])")
_DATE_ISO = re.compile(r"(?<![\d])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_WORDS = re.compile(
    r"(?<![\d])(\d{1,2})(?:st|nd|rd|th)?\s+("
    + "|".join(_MONTHS)
    + r")[a-z]*\.?,?\s+(\d{4})(?![\d])",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b", re.IGNORECASE)
_FULL_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}")
_LA_CHILD_ID = re.compile(r"\bFD\d{7}\b", re.IGNORECASE)


@dataclass(frozen=True)
class QueryParts:
    """What one search box holds. `problem` says what could not be read, in words."""

    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""
    la_child_id: str = ""
    problem: str = ""


def postcode_key(text: str) -> str:
    """A postcode as people are stored with it: upper case, one space before the last three."""
    compact = re.sub(r"\s+", "", text).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_postcode(text: str) -> bool:
    return bool(_FULL_POSTCODE.fullmatch(postcode_key(text)))


def postcode_in(text: str) -> str:
    """The postcode somewhere in an address, or ""."""
    found = _POSTCODE.search(text)
    return postcode_key(found.group(0)) if found else ""


def _year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    year = 2000 + int(text)
    return year if year <= today.year else year - 100


def parse_query(text: str, *, today: date | None = None) -> QueryParts:
    """Split the search box into an NHS number (10 digits, spaces allowed), a date of birth
    (3/4/2016, 03-04-2016, 3 4 16, 2016-04-03, 3 April 2016: day first), a postcode, an LA
    child ID and, what is left, the name."""
    today = today or timezone.localdate()
    rest = " " + text.replace("\x00", " ") + " "
    problem = ""
    nhs = ""
    if found := _NHS.search(rest):
        nhs = re.sub(r"\D", "", found.group(0))
        rest = rest[: found.start()] + " " + rest[found.end() :]
    if _LONG_NUMBER.search(rest):
        problem = problem or "NHS number must be 10 digits, like 999 000 0018"
        rest = _LONG_NUMBER.sub(" ", rest)
    born = None
    for pattern, order in ((_DATE_ISO, "ymd"), (_DATE_WORDS, "dmy"), (_DATE_DMY, "dmy")):
        found = pattern.search(rest)
        if not found:
            continue
        values = dict(zip(order, found.groups(), strict=True))
        month = values["m"]
        number_month = _MONTHS.index(month[:3].lower()) + 1 if month.isalpha() else int(month)
        year, day = _year(values["y"], today), int(values["d"])
        try:
            born = date(year, number_month, day)
        except ValueError:
            born = _month_first(year, day, number_month)
            if born is None:
                problem = problem or "Date of birth must be a real date, like 27/3/2015"
        rest = rest[: found.start()] + " " + rest[found.end() :]
        break
    postcode = ""
    if found := _POSTCODE.search(rest):
        postcode = postcode_key(found.group(1) + found.group(2))
        rest = rest[: found.start()] + " " + rest[found.end() :]
    la_child_id = ""
    if found := _LA_CHILD_ID.search(rest):
        la_child_id = found.group(0).upper()
        rest = rest[: found.start()] + " " + rest[found.end() :]
    name = " ".join(re.sub(r"[^\w\s,'\-]|[\d_]", " ", rest).split())
    return QueryParts(name, born, nhs, postcode, la_child_id, problem)


def _month_first(year: int, first: int, second: int) -> date | None:
    """2/20/2014 has no 20th month: read it the American way, as 20 February, if it is a date."""
    try:
        return date(year, first, second) if first <= 12 < second else None
    except ValueError:
        return None


def has_letters(text: str) -> bool:
    return bool(normalise(text))


# --- widening a name -------------------------------------------------------------------------

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
        if len(keys) == 2:
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


def dates_near(born: date) -> list[date]:
    """The date of birth, then the likely mistakes in it: day and month swapped, a year out."""
    near = [born]
    if born.day <= 12 and born.day != born.month:
        near.append(born.replace(day=born.month, month=born.day))
    for year in (born.year - 1, born.year + 1):
        try:
            near.append(born.replace(year=year))
        except ValueError:  # 29 February
            continue
    return near


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def born_between(age_from: int | None, age_to: int | None, today: date) -> tuple[date, date]:
    """The dates of birth of people aged `age_from` to `age_to` (inclusive) on `today`."""
    latest = years_before(today, age_from or 0)
    earliest = years_before(today, (age_to if age_to is not None else 120) + 1)
    return earliest + timedelta(days=1), latest


# --- scoring ---------------------------------------------------------------------------------

W_FIRST, W_LAST, W_BORN, W_POSTCODE, W_ADDRESS = 0.30, 0.35, 0.25, 0.10, 0.10
MIN_SCORE = 0.5


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
        return Likeness(0.6, "same first initial" if what == "first name" else "")
    return Likeness(0.5 * similarity)


def born_likeness(typed: date, recorded: date | None) -> Likeness:
    if recorded is None:
        return Likeness(0.5, "no date of birth recorded")
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


_KIND_NOTE: dict[str, str] = {
    PersonName.Kind.ALIAS: "also known by this name",
    PersonName.Kind.PREVIOUS: "known by this name before",
}


def score_person(criteria: Criteria, candidate: Candidate) -> Scored:
    """How well one person matches, 0 to 1, and why: the best of their names under the best
    reading of the name typed, with date of birth, postcode and address. Each part weighs in
    only when it was searched for."""
    others: list[tuple[float, Likeness]] = []
    if criteria.date_of_birth:
        born = candidate.date_of_birth or candidate.expected_date_of_birth
        others.append((W_BORN, born_likeness(criteria.date_of_birth, born)))
    if criteria.postcode:
        if candidate.postcode == criteria.postcode:
            others.append((W_POSTCODE, Likeness(1.0, "same postcode")))
        elif criteria.postcode in candidate.past_postcodes:
            others.append((W_POSTCODE, Likeness(0.8, "lived at this postcode before")))
        else:
            others.append((W_POSTCODE, Likeness(0.0)))
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
    return Scored(round(max(score, 0.0), 4), tuple(reasons), exact_number)


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
