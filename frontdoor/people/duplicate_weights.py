"""Learning the duplicate scorer's weights from the records scanned, as Splink does.

The fixed weights in `duplicate_scoring` are priors: guesses of log2(m/u) for a children's index.
Data can say otherwise (FEBRL corrupts its identifier so often that a different one says
little). `estimate_weights(records, pairs)`:

1. u, how often two different people fall in each level, from random pairs of records
   (almost all random pairs are two people), with a fixed seed;
2. m, how often two records of one person do, by expectation maximisation over the
   candidate pairs of the blocking: starting from the m the priors imply
   (u * 2^weight), each pair's probability of being one person (E), then m per level as the
   share of those probabilities (M), kept between `M_FLOOR` and `M_CEILING`. (The u of the
   candidates, who agree on something or they would not be candidates, is estimated
   alongside and then dropped: the weights use the random pairs' u);
3. weights log2(m/u); a level seen fewer than `MIN_SEEN` times among the candidates (nothing
   to learn from), and a comparison never recorded on both sides, keep the prior. The
   prior odds become the matches EM expects among the candidates over all pairs of records
   (the u are of random pairs, so the odds must be too).

The scan (`duplicate_pairs`, `duplicate_pairs_in`) learns only from at least
`duplicates.MIN_PAIRS_TO_LEARN` candidate pairs; else it keeps the priors. The family rule
(brothers, sisters, twins), the crosswise names and the reasons in words are the scorer's
and do not change.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations

from .duplicate_scoring import MISSING, PRIORS, PersonRecord, Weights, comparison_levels

FIELDS = ("first", "last", "born", "nhs", "sex", "address", "postcode")
RANDOM_PAIRS = 50_000
ITERATIONS = 10
SEED = 1
M_FLOOR, M_CEILING = 0.001, 0.999
MIN_SEEN = 5  # a level seen less often among the candidates keeps its prior weight
U_FLOOR_COUNT = 0.5  # a level no random pair fell in: as if half of one did

Probabilities = dict[str, dict[str, float]]
Pair = tuple[PersonRecord, PersonRecord]


def _levels_of(weights: Weights, field: str) -> list[str]:
    table: Mapping[str, float] = getattr(weights, field)
    return [level for level in table if level != MISSING]


def _random_pairs(records: Sequence[PersonRecord], count: int, seed: int) -> Iterator[Pair]:
    n = len(records)
    if n * (n - 1) // 2 <= count:
        yield from combinations(records, 2)
        return
    rng = random.Random(seed)
    for _ in range(count):
        i = rng.randrange(n)
        j = rng.randrange(n - 1)
        yield records[i], records[j + (j >= i)]


def u_probabilities(
    records: Sequence[PersonRecord],
    *,
    priors: Weights = PRIORS,
    pairs: int = RANDOM_PAIRS,
    seed: int = SEED,
) -> Probabilities:
    """u per comparison and level from random pairs; a comparison recorded on both sides of
    no pair is left out. Missing values are not a level: u is among pairs with both."""
    counts: dict[str, Counter[str]] = {field: Counter() for field in FIELDS}
    for a, b in _random_pairs(records, pairs, seed):
        for field, level in comparison_levels(a, b).items():
            if level != MISSING:
                counts[field][level] += 1
    u: Probabilities = {}
    for field, counted in counts.items():
        total = sum(counted.values())
        if total:
            u[field] = {
                level: max(counted[level], U_FLOOR_COUNT) / total
                for level in _levels_of(priors, field)
            }
    return u


def _clamp(value: float) -> float:
    return min(max(value, M_FLOOR), M_CEILING)


def _shares(
    levels: Sequence[Mapping[str, str]], field: str, weights: Sequence[float]
) -> dict[str, float]:
    """The weights summed by the pairs' level of `field` (missing left out)."""
    sums: dict[str, float] = defaultdict(float)
    for pair, weight in zip(levels, weights, strict=True):
        if pair[field] != MISSING:
            sums[pair[field]] += weight
    return sums


def m_probabilities(
    levels: Sequence[Mapping[str, str]],
    u: Probabilities,
    *,
    priors: Weights = PRIORS,
    iterations: int = ITERATIONS,
) -> tuple[Probabilities, float]:
    """m per comparison and level by EM over the candidate pairs' levels; and the share of
    the candidates that are one person.

    Two different people who reached comparison agree far more often than two at random
    (blocking chose them for agreeing on something), so within EM the u of the candidates
    is estimated alongside m, starting from the random pairs' `u`; only m is kept.
    """
    m: Probabilities = {}
    for field, u_field in u.items():
        prior: Mapping[str, float] = getattr(priors, field)
        implied = {level: u_field[level] * 2.0 ** prior[level] for level in u_field}
        total = sum(implied.values())
        m[field] = {level: _clamp(value / total) for level, value in implied.items()}
    u_here = {field: dict(u_field) for field, u_field in u.items()}
    share = 0.5
    for _ in range(iterations):
        # E: how likely each pair is one person, with the current m, u and share.
        probabilities = []
        for pair in levels:
            odds = math.log2(share / (1 - share))
            for field, m_field in m.items():
                level = pair[field]
                if level != MISSING:
                    odds += math.log2(m_field[level] / u_here[field][level])
            probabilities.append(1.0 / (1.0 + 2.0 ** -min(max(odds, -60.0), 60.0)))
        # M: m (u) per level is that level's share of the expected matches (non-matches).
        others = [1.0 - p for p in probabilities]
        for field, m_field in m.items():
            for target, weights in ((m_field, probabilities), (u_here[field], others)):
                sums = _shares(levels, field, weights)
                total = sum(sums.values())
                if total:
                    target.update({level: _clamp(sums[level] / total) for level in target})
        share = min(max(sum(probabilities) / len(probabilities), 1e-6), 1 - 1e-6)
    return m, share


def estimate_weights(
    records: Sequence[PersonRecord],
    pairs: Sequence[Pair],
    *,
    priors: Weights = PRIORS,
    random_pairs: int = RANDOM_PAIRS,
    seed: int = SEED,
    iterations: int = ITERATIONS,
    population: int | None = None,
) -> Weights:
    """Weights learned from `records` (one per person, for u) and their candidate `pairs`
    (for m), falling back on `priors` where the data cannot say. `population`: how many
    people the pairs were drawn from, if `records` is a sample of them."""
    if not pairs or len(records) < 2:
        return priors
    u = u_probabilities(records, priors=priors, pairs=random_pairs, seed=seed)
    levels = [comparison_levels(a, b) for a, b in pairs]
    m, share = m_probabilities(levels, u, priors=priors, iterations=iterations)
    learned: dict[str, dict[str, float]] = {}
    for field in FIELDS:
        table = dict(getattr(priors, field))
        if field in m:
            seen = Counter(pair[field] for pair in levels)
            for level in m[field]:
                if seen[level] >= MIN_SEEN:
                    table[level] = math.log2(m[field][level] / u[field][level])
        learned[field] = table
    people = population or len(records)
    all_pairs = people * (people - 1) / 2
    matches = min(share * len(pairs), 0.999 * all_pairs)
    return Weights(
        first=learned["first"],
        last=learned["last"],
        born=learned["born"],
        nhs=learned["nhs"],
        sex=learned["sex"],
        address=learned["address"],
        postcode=learned["postcode"],
        prior=math.log2(matches / (all_pairs - matches)),
        learned=True,
    )
