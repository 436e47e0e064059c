"""Reads about people. `people_matching` is the one door to person search.

Search is blocking, then scoring. Blocking: a handful of small queries, each on an index of
the search keys (or of the person table) and each with a LIMIT, whose union is the candidates
(a few hundred at most). Scoring: `matching.score_person` on each candidate, in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, IntegerField, Q, QuerySet, Value

from . import matching
from .involvement import last_involved
from .models import Address, Person, PersonName, PersonSearchKey
from .name_guesses import NameGuess
from .search_keys import letters, sound

BLOCK_LIMIT = 100  # rows each candidate query may return
MAX_CANDIDATES = 300  # people scored at most, from the most specific queries first


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float  # 0 to 1
    reasons: tuple[str, ...]  # strongest first: ("surname sounds alike", "same date of birth")

    @property
    def reason(self) -> str:
        """The reasons as a sentence: "Surname sounds alike, same date of birth"."""
        return matching.sentence(self.reasons)


def people_matching(
    *,
    query: str = "",
    name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
    postcode: str = "",
    address: str = "",
    age_from: int | None = None,
    age_to: int | None = None,
    limit: int = 20,
    today: date | None = None,
) -> list[PersonMatch]:
    """People who may be the one searched for, likeliest first, each with the reasons.

    `query` is the one search box: an NHS number, a date of birth, a postcode and a name in any
    order (see `query_parsing.parse_query`); the other arguments, when given, win over it. Finds
    people despite typing mistakes, nicknames, sound-alike spellings, double-barrelled
    surnames, swapped names, a swapped day and month or a year out in the date of birth, or a
    date of birth not recorded. An exact NHS number (or LA child ID) ranks first. Merged
    records are never returned. Bad input finds nobody rather than failing.
    """
    criteria = matching.criteria_from(
        query=query,
        name=name,
        date_of_birth=date_of_birth,
        nhs_number=nhs_number,
        postcode=postcode,
        address=address,
        age_from=age_from,
        age_to=age_to,
        today=today,
    )
    if criteria.empty:
        return []
    candidate_ids = _candidates(criteria)
    if not candidate_ids:
        return []
    # Scored from plain rows; model instances only for the people shown.
    names: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    recorded = PersonName.objects.filter(person_id__in=candidate_ids).order_by()
    for person_id, kind, first, last in recorded.values_list(
        "person_id", "kind", "first_name", "last_name"
    ):
        names[person_id].append((kind, first, last))
    past_postcodes: dict[int, set[str]] = defaultdict(set)
    if criteria.postcode:
        moved = Address.objects.filter(person_id__in=candidate_ids, postcode=criteria.postcode)
        for person_id, code in moved.order_by().values_list("person_id", "postcode"):
            past_postcodes[person_id].add(code)
    rows = Person.objects.filter(pk__in=candidate_ids, merged_into__isnull=True).order_by()
    found: list[tuple[matching.Scored, matching.Candidate]] = []
    for values in rows.values(*matching.CANDIDATE_FIELDS):
        candidate = matching.Candidate.from_values(
            values, names[values["pk"]], past_postcodes[values["pk"]]
        )
        if not matching.age_allowed(candidate, criteria.age_from, criteria.age_to, criteria.today):
            continue
        scored = matching.score_person(criteria, candidate)
        if scored.worth_showing:
            found.append((scored, candidate))
    shown = _ranked(found, max(limit, 0))
    people = Person.objects.in_bulk([candidate.pk for _, candidate in shown])
    return [
        PersonMatch(people[candidate.pk], scored.score, scored.reasons)
        for scored, candidate in shown
    ]


Found = tuple[matching.Scored, matching.Candidate]


def _ranked(found: list[Found], limit: int) -> list[Found]:
    """The first `limit`, best first: an exact number, then the score. When several match best
    equally well (namesakes, with no date of birth typed; twins of one name) the one the
    service was involved with most recently comes first; otherwise by name."""

    def strength(item: Found) -> tuple[bool, float]:
        return (not item[0].exact_number, -item[0].score)

    if not found or limit < 1:
        return []
    found.sort(key=strength)
    best = [item[1].pk for item in found if strength(item) == strength(found[0])]
    # Only the best: asking every app about weaker ties too would cost every search queries.
    recency = last_involved(best) if len(best) > 1 else {}

    def order(item: Found) -> tuple[Any, ...]:
        when = recency.get(item[1].pk)
        latest_first = (0, -when.timestamp()) if when else (1, 0.0)
        names = (item[1].last_name.lower(), item[1].first_name.lower(), item[1].pk)
        return (*strength(item), latest_first, *names)

    return sorted(found, key=order)[:limit]


def _candidates(criteria: matching.Criteria) -> list[int]:
    """The ids of the people worth scoring: the union of the blocks, most specific first."""
    blocks = [
        query.annotate(block=Value(index, output_field=IntegerField())).values_list(
            "block", column
        )[:BLOCK_LIMIT]
        for index, (query, column) in enumerate(_blocks(criteria))
    ]
    if not blocks:
        return []
    rows: list[tuple[int, int]]
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(blocks[0].union(*blocks[1:], all=True))  # one round trip
    else:
        rows = [row for block in blocks for row in block]
    ids: dict[int, None] = {}
    for _, person_id in sorted(rows, key=lambda row: row[0]):
        ids.setdefault(person_id, None)
        if len(ids) >= MAX_CANDIDATES:
            break
    return list(ids)


Block = tuple[QuerySet[Any], str]  # a candidate query and the column of the person's id


def _blocks(criteria: matching.Criteria) -> list[Block]:
    """The candidate queries, most specific first, each served by the index named: the
    numbers and postcode, then the name with the date of birth, then everybody born on the
    day typed whose first name or surname starts with a letter that a word typed starts with
    (two slips in a name lose it from every other key), then the name alone."""
    dated: list[Q] = []
    undated: list[Q] = []
    born = _born(criteria)
    for guess in criteria.guesses:
        named_dated, named_undated = _name_blocks(guess, born, criteria)
        dated += named_dated
        undated += named_undated
    if criteria.date_of_birth and criteria.guesses:
        dated.append(Q(born=criteria.date_of_birth) & _initials(criteria.guesses))  # key_born
    if not criteria.guesses and born:
        dated.append(born)  # key_born
    keys = PersonSearchKey.objects.all()
    return _number_blocks(criteria) + [
        (keys.filter(condition), "person_id") for condition in dated + undated
    ]


def _initials(guesses: tuple[NameGuess, ...]) -> Q:
    """A first name or surname starting as a word typed starts."""
    initials = sorted({word[:1] for guess in guesses for word in (guess.first, guess.last)} - {""})
    either = Q()
    for initial in initials:
        either |= _starting(initial, "first_key") | _starting(initial, "last_key")
    return either


def _born(criteria: matching.Criteria) -> Q | None:
    """The dates of birth a search stands for: the one typed and its likely mistakes, or
    those an age range allows."""
    if criteria.dates:
        return Q(born__in=criteria.dates)
    if criteria.born_range:
        return Q(born__range=criteria.born_range)
    return None


def _number_blocks(criteria: matching.Criteria) -> list[Block]:
    people = Person.objects.order_by()
    found: list[Block] = []
    if criteria.nhs_number:
        found.append((people.filter(nhs_number=criteria.nhs_number), "pk"))  # unique
    if criteria.la_child_id:
        found.append((people.filter(la_child_id=criteria.la_child_id), "pk"))  # unique
    if criteria.postcode:
        found.append((people.filter(postcode=criteria.postcode), "pk"))  # person_postcode
        moved = Address.objects.order_by().filter(postcode=criteria.postcode)
        found.append((moved, "person_id"))  # address_postcode
    return found


def _name_blocks(
    guess: NameGuess, born: Q | None, criteria: matching.Criteria
) -> tuple[list[Q], list[Q]]:
    """The conditions on the search keys for one reading of the name: those with the dates of
    birth, and those without."""
    if guess.first and guess.last and guess.how in ("typed", "part"):
        return _full_name_blocks(guess, born, criteria)
    last_sound = sound(guess.last)
    sounds = Q(first_sound__in=guess.first_sounds)
    dated: list[Q] = []
    undated: list[Q] = []
    if guess.first and guess.last:  # swapped: the main queries only
        undated.append(Q(last_sound=last_sound) & sounds)
        if born:
            dated.append(Q(last_sound=last_sound) & born)
    elif guess.last:  # one word read as a surname, or two words as one surname
        undated.append(Q(last_key=guess.last))  # key_last_key
        if born:
            dated += [Q(last_sound=last_sound) & born, _surname_near(guess.last) & born]
        else:
            undated.append(Q(last_sound=last_sound))
        if guess.how == "last" and len(guess.last) >= 3:
            undated.append(_starting(guess.last, "last_key"))  # key_last_key
    elif guess.first:  # one word read as a first name
        forms = Q(first_key__in=guess.first_forms)
        if born:
            dated += [forms & born, sounds & born]  # key_first_key_born, key_first_sound_born
        else:
            undated.append(forms)
        if len(guess.first) >= 3:
            undated.append(_starting(guess.first, "first_key"))
    return dated, undated


def _full_name_blocks(
    guess: NameGuess, born: Q | None, criteria: matching.Criteria
) -> tuple[list[Q], list[Q]]:
    last_sound = sound(guess.last)
    first_sound = sound(guess.first)
    sounds = Q(first_sound__in=guess.first_sounds)
    # key_last_first_sound: the exact name first, then names that sound alike
    dated: list[Q] = [
        Q(last_sound=last_sound, first_sound=first_sound)
        & Q(last_key=guess.last, first_key=guess.first)
    ]
    undated: list[Q] = []
    if born:
        dated += [
            Q(last_sound=last_sound) & born,  # key_last_sound_born
            sounds & born,  # key_first_sound_born: any surname (nicknames are in the sounds)
            _surname_near(guess.last) & born,  # a surname spelt nearly alike (any above)
        ]
    if criteria.date_of_birth:  # key_first_key_born: the name right, one digit of the date not
        digit_out = criteria.dates_one_digit_out
        dated.append(Q(first_key=guess.first, last_sound=last_sound, born__in=digit_out))
    undated.append(Q(last_sound=last_sound) & sounds)
    undated.append(Q(last_letters=letters(guess.last)) & sounds)  # key_letters_first
    if first_sound:  # key_last_first_sound: a mistake in the first name after its first sound
        undated.append(Q(last_sound=last_sound) & _starting(first_sound[:1], "first_sound"))
    if len(guess.last) >= 3:  # key_first_key_last_key: a slip after the surname's two letters
        undated.append(Q(first_key=guess.first) & _starting(guess.last[:2], "last_key"))
    if not born and len(last_sound) >= 2:  # a mistake in the surname after two sounds
        undated.append(_starting(last_sound[:2], "last_sound") & sounds)
    return dated, undated


def _starting(prefix: str, field: str) -> Q:
    """`field` starts with `prefix`, as a range an ordinary index serves in any collation
    (the keys are letters a-z or metaphone codes only)."""
    end = prefix.rstrip("z")
    if not end:
        return Q(**{f"{field}__gte": prefix})
    upper = end[:-1] + chr(ord(end[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def _surname_near(last: str) -> Q:
    """Surnames spelt nearly alike, to go with a date of birth. On PostgreSQL a trigram match
    (`last_key % 'thomson'`; the GIN index of migration 0003 serves it when the dates do not);
    elsewhere the same first two letters."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar

        return Q(TrigramSimilar(F("last_key"), Value(last)))
    return _starting(last[:2], "last_key")
