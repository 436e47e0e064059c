"""Scoring two records of the person index as one person or two: plain values, no database.

`pair_score(a, b)` compares two `PersonRecord`s: a Fellegi-Sunter comparison, each field in
a level (same, nickname, typing error, sounds alike, different, missing...) and each level a
weight, the log2 of how much likelier that level is for two records of one person than for
two records of different people. Family corrections and the reasons in words are described
in `duplicates`, which blocks, scans and keeps the review queue; `duplicate_weights` learns
weights from data. Both build on this module, which imports neither.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from nicknames import NickNamer
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from .search_keys import name_parts, normalise, sound

# log2 of the prior odds that two records compared are one person. It sets where the
# probability scale sits on the summed weights: a pair scores 0.5 at a weight of 16.
PRIOR_WEIGHT = -16.0


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


# --- Preparing values once -------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    full: str  # letters only
    parts: tuple[str, ...]
    sound: str


@dataclass(frozen=True)
class Prepared:
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
def prepare(record: PersonRecord) -> Prepared:
    plain = unicodedata.normalize("NFKD", record.address).encode("ascii", "ignore").decode()
    words = _WORDS.findall(plain.lower())
    sex = record.sex.upper()[:1]
    return Prepared(
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


def address_level(a: Prepared, b: Prepared) -> str:
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
    x, y = prepare(a), prepare(b)
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


def _names_weight(a: Prepared, b: Prepared, w: Weights) -> tuple[float, str, str, bool]:
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
    score, reasons = _weigh(prepare(a), prepare(b), w)
    return _probability(score, w), reasons


def pair_weight(a: PersonRecord, b: PersonRecord, weights: Weights | None = None) -> float:
    """The summed match weight (log2 odds before the prior), for measuring the scorer."""
    return _weigh(prepare(a), prepare(b), weights or PRIORS)[0]


def _probability(weight: float, w: Weights) -> float:
    odds = weight + w.prior
    if odds > 60:
        return 1.0
    if odds < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-odds))


def _weigh(a: Prepared, b: Prepared, w: Weights) -> tuple[float, list[str]]:
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
            weight, reasons = _weigh(prepare(a), prepare(b), w)
            if weight > best[0]:
                best = (weight, reasons)
    return _probability(best[0], w), best[1]
