"""Learning the duplicate scorer's weights from the data (duplicate_weights): expectations
worked by hand on tiny synthetic sets."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from frontdoor.people import duplicates
from frontdoor.people.duplicate_scoring import (
    DIFFERENT,
    PRIORS,
    SAME,
    TYPO,
    PersonRecord,
    comparison_levels,
    pair_score,
)
from frontdoor.people.duplicate_weights import (
    M_CEILING,
    M_FLOOR,
    U_FLOOR_COUNT,
    estimate_weights,
    m_probabilities,
    u_probabilities,
)
from frontdoor.people.duplicates import duplicate_pairs_in


def someone(i: int, **values: str) -> PersonRecord:
    """Person number i: a name, date of birth, address, postcode and NHS number of their own
    (any two NHS numbers differ in at least five digits)."""
    return PersonRecord(
        first_name=values.get("first_name", f"Zed{chr(97 + i % 26)}{chr(97 + i // 26)}"),
        last_name=f"Q{chr(97 + i // 26)}x{chr(97 + i % 26)}worth",
        date_of_birth=date(1990, 1, 1) + timedelta(days=37 * i),
        sex=values.get("sex", ""),
        nhs_number=values.get("nhs_number", f"{i:02d}" * 5),
        postcode=f"AB{i} {i % 9}CD",
        address=f"{i + 1} Road {chr(97 + i % 26)}{chr(97 + i // 26)}, Town",
    )


def test_u_for_sex_is_the_share_of_pairs_with_both_recorded() -> None:
    # 3 boys, 2 girls, 1 not known: 10 pairs with both known, 3 + 1 = 4 alike, 6 not.
    sexes = ["M", "M", "M", "F", "F", ""]
    records = [someone(i, sex=sex) for i, sex in enumerate(sexes)]
    u = u_probabilities(records)
    assert u["sex"] == {SAME: pytest.approx(4 / 10), DIFFERENT: pytest.approx(6 / 10)}
    # All 15 pairs have different NHS numbers; a level no pair fell in gets half a pair.
    assert u["nhs"][DIFFERENT] == pytest.approx(1.0)
    assert u["nhs"][SAME] == pytest.approx(U_FLOOR_COUNT / 15)
    assert u["nhs"][TYPO] == pytest.approx(U_FLOOR_COUNT / 15)


def test_u_by_random_pairs_is_repeatable() -> None:
    records = [someone(i, sex="MF"[i % 2]) for i in range(60)]  # 1,770 pairs
    first = u_probabilities(records, pairs=500)
    assert first == u_probabilities(records, pairs=500)
    # About half of random pairs are a boy and a girl (30 * 30 of 1,770: 0.508).
    assert first["sex"][DIFFERENT] == pytest.approx(900 / 1770, abs=0.06)


def twins_of_records(count: int) -> tuple[list[PersonRecord], list[tuple[int, int]]]:
    """`count` people with two records each, alike in everything but the NHS number."""
    records = []
    for i in range(count):
        one = someone(i)
        records += [one, PersonRecord(**{**one.__dict__, "nhs_number": f"{count + i:02d}" * 5})]
    return records, [(2 * i, 2 * i + 1) for i in range(count)]


def test_em_learns_that_different_nhs_numbers_say_little_when_duplicates_have_them() -> None:
    records, pairs = twins_of_records(40)
    candidates = [(records[a], records[b]) for a, b in pairs]
    weights = estimate_weights(records, candidates)
    # 80 records, 3,160 pairs, every one with different NHS numbers: u = 1. Every candidate
    # is an obvious duplicate with different numbers, so EM puts m at its ceiling:
    # log2(0.999 / 1), about 0, where the prior says -6.
    assert weights.learned
    assert weights.nhs[DIFFERENT] == pytest.approx(math.log2(M_CEILING))
    assert PRIORS.nhs[DIFFERENT] == -6.0
    # No candidate had the same number or a typing error in it: nothing learned, the prior.
    assert weights.nhs[SAME] == PRIORS.nhs[SAME]
    assert weights.nhs[TYPO] == PRIORS.nhs[TYPO]
    # The same date of birth: 40 of 3,160 random pairs (the duplicates), m at the ceiling.
    assert weights.born[SAME] == pytest.approx(math.log2(M_CEILING / (40 / 3160)))
    # Prior odds: EM expects all 40 candidates to be one person, of 3,160 pairs in all.
    assert weights.prior == pytest.approx(math.log2(40 / 3120), abs=0.001)
    # Sex is recorded on none: no u, no m, the prior weights.
    assert weights.sex == PRIORS.sex


def test_em_moves_m_for_different_nhs_numbers_up_from_where_the_priors_start() -> None:
    records, pairs = twins_of_records(40)
    levels = [comparison_levels(records[a], records[b]) for a, b in pairs]
    u = u_probabilities(records)
    start, _ = m_probabilities(levels, u, iterations=0)
    learned, share = m_probabilities(levels, u)
    # The start is the priors' m: u * 2^weight, scaled to add up to 1. For different
    # numbers that is 1 * 2^-6 / (1 * 2^-6 + 2^20 / 6,320 + 2^10 / 6,320): below the floor.
    implied = 2.0**-6 / (2.0**-6 + (2.0**20 + 2.0**10) * U_FLOOR_COUNT / 3160)
    assert implied == pytest.approx(9.41e-5, rel=0.001)
    assert start["nhs"][DIFFERENT] == M_FLOOR
    assert learned["nhs"][DIFFERENT] == pytest.approx(M_CEILING)
    assert share == pytest.approx(1.0, abs=1e-3)


def test_the_scan_learns_only_from_enough_pairs_and_keeps_the_reasons(monkeypatch) -> None:
    records, pairs = twins_of_records(40)
    people = dict(enumerate(records))
    a, b = records[0], records[1]
    priors = duplicate_pairs_in(people)  # 40 candidate pairs: fewer than 1,000, the priors
    assert priors[0].score == pytest.approx(pair_score(a, b)[0])
    monkeypatch.setattr(duplicates, "MIN_PAIRS_TO_LEARN", 10)
    learned = duplicate_pairs_in(people)
    assert {(p.first_id, p.second_id) for p in learned} == set(pairs)
    weights = estimate_weights(records, [(records[x], records[y]) for x, y in pairs])
    first = next(p for p in learned if p.first_id == 0)
    assert first.score == pytest.approx(pair_score(a, b, weights)[0])
    assert first.reasons == pair_score(a, b)[1]  # the reasons in words do not change
    assert "different NHS numbers" in first.reasons


def test_pair_score_without_weights_uses_the_priors() -> None:
    a, b = someone(1), someone(1, first_name="Zedbb", sex="F")
    assert pair_score(a, b) == pair_score(a, b, PRIORS)
