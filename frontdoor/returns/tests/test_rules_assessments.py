"""The assessment rules on hand-built census data (no database): for each rule a child who
breaks it and one who does not, with the answers worked out by hand. Census year 2026 is
1 April 2025 to 31 March 2026 (a Tuesday) unless a test says otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.returns.census_data import (
    CensusAssessment,
    CensusChild,
    CensusEpisode,
    CensusYear,
)
from frontdoor.returns.rules import RULES
from frontdoor.returns.rules.assessments import working_days_before

YEAR = CensusYear(2026)


def assessed(
    start: date, authorised: date | None = None, factors: list[str] | None = None, pk: int = 1
) -> CensusAssessment:
    return CensusAssessment(pk, start, authorised, list(factors or []))


def child_with(
    *assessments: CensusAssessment,
    referred: date = date(2025, 6, 2),
    closed: date | None = None,
    reason: str = "",
) -> CensusChild:
    episode = CensusEpisode(
        referral_id=10,
        referral_date=referred,
        source="2A",
        primary_need="N1",
        closure_date=closed,
        closure_reason=reason,
        assessments=list(assessments),
    )
    return CensusChild(person_id=1, la_child_id="ID1", episodes=[episode])


def found(code: str, child: CensusChild, census: CensusYear = YEAR) -> list:
    return list(RULES[code].check(child, census))


CODES = (
    "1103",
    "8608",
    "8614",
    "8670Q",
    "8696",
    "8736",
    "8863Q",
    "8867",
    "8869",
    "8873Q",
    "8896",
    "8897Q",
    "8898",
    "8945Q",
    "8950Q",
)


@pytest.mark.parametrize("code", CODES)
def test_every_rule_is_registered_from_this_module(code: str) -> None:
    assert RULES[code].check.__module__ == "frontdoor.returns.rules.assessments"


@pytest.mark.parametrize("code", CODES)
def test_a_sound_completed_assessment_breaks_nothing(code: str) -> None:
    sound = child_with(assessed(date(2025, 6, 3), date(2025, 7, 15), ["3A", "16A"]))
    assert found(code, sound) == []


# --- dates ---------------------------------------------------------------------------------


def test_1103_assessment_started_before_the_referral() -> None:
    early = assessed(date(2025, 6, 1), date(2025, 7, 1), ["3A"])
    assert found("1103", child_with(early)) == [early]
    on_the_day = assessed(date(2025, 6, 2), date(2025, 7, 1), ["3A"])
    assert found("1103", child_with(on_the_day)) == []


def test_8608_authorised_before_it_started() -> None:
    backwards = assessed(date(2025, 7, 2), date(2025, 7, 1), ["3A"])
    assert found("8608", child_with(backwards)) == [backwards]
    same_day = assessed(date(2025, 7, 1), date(2025, 7, 1), ["3A"])
    assert found("8608", child_with(same_day)) == []


def test_8696_authorised_outside_the_year() -> None:
    before = assessed(date(2025, 3, 1), date(2025, 3, 31), ["3A"])
    after = assessed(date(2026, 3, 1), date(2026, 4, 1), ["3A"], pk=2)
    first_day = assessed(date(2025, 3, 1), date(2025, 4, 1), ["3A"], pk=3)
    last_day = assessed(date(2026, 3, 1), date(2026, 3, 31), ["3A"], pk=4)
    child = child_with(before, after, first_day, last_day, referred=date(2025, 2, 1))
    assert found("8696", child) == [before, after]


def test_8736_open_assessment_started_before_the_year() -> None:
    last_year = assessed(date(2025, 3, 31))
    first_day = assessed(date(2025, 4, 1), pk=2)
    completed = assessed(date(2025, 3, 1), date(2025, 4, 10), ["3A"], pk=3)
    child = child_with(last_year, first_day, completed, referred=date(2025, 2, 1))
    assert found("8736", child) == [last_year]


def test_working_days_before_counts_the_dfe_way() -> None:
    # 31 March 2026 is a Tuesday; January to March 2026 hold no bank holiday after 1 January.
    # Back from it: March has 22 working days (2-31) less the 31st itself = 21, February 20,
    # so 41 take us to 2 February; 30, 29 and 28 January make 44.
    assert working_days_before(date(2026, 3, 31), 44) == date(2026, 1, 28)
    # 31 March 2024 is a Sunday and 29 March 2024 Good Friday: 28 March is the first working
    # day back; March 1-28 holds 20, February (leap year) 21, then 31, 30 and 29 January.
    assert working_days_before(date(2024, 3, 31), 44) == date(2024, 1, 29)
    # Over Christmas 2025: back from Friday 2 January 2026, 1 January, 26 and 25 December are
    # holidays, so 1 working day back is Wednesday 31 December, 3 back is Monday 29 December
    # and 4 back is Wednesday 24 December.
    assert working_days_before(date(2026, 1, 2), 1) == date(2025, 12, 31)
    assert working_days_before(date(2026, 1, 2), 3) == date(2025, 12, 29)
    assert working_days_before(date(2026, 1, 2), 4) == date(2025, 12, 24)


def test_8670Q_open_assessment_more_than_45_working_days_old() -> None:
    # 28 January to 31 March 2026 is 45 working days counting both ends.
    day_46 = assessed(date(2026, 1, 27))
    day_45 = assessed(date(2026, 1, 28), pk=2)
    day_44 = assessed(date(2026, 1, 29), pk=3)
    completed = assessed(date(2025, 6, 3), date(2026, 3, 1), ["3A"], pk=4)
    child = child_with(day_46, day_45, day_44, completed)
    assert found("8670Q", child) == [day_46]


def test_8670Q_counts_bank_holidays_and_weekends_out() -> None:
    # Year 2024 ends on Sunday 31 March after Good Friday 29 March: the last day in time is
    # 29 January 2024 (see test_working_days_before_counts_the_dfe_way).
    late = assessed(date(2024, 1, 26))  # the Friday before
    in_time = assessed(date(2024, 1, 29), pk=2)
    child = child_with(late, in_time, referred=date(2023, 12, 1))
    assert found("8670Q", child, CensusYear(2024)) == [late]


def test_8863Q_started_while_another_was_ongoing() -> None:
    first = assessed(date(2025, 6, 3), date(2025, 7, 15), ["3A"])
    on_its_last_day = assessed(date(2025, 7, 15), date(2025, 8, 1), ["3A"], pk=2)
    after_it = assessed(date(2025, 8, 2), date(2025, 8, 20), ["3A"], pk=3)
    assert found("8863Q", child_with(first, on_its_last_day, after_it)) == [on_its_last_day]


def test_8863Q_an_open_assessment_is_ongoing_to_the_reference_date() -> None:
    still_open = assessed(date(2025, 6, 3))
    later = assessed(date(2026, 3, 30), date(2026, 3, 31), ["3A"], pk=2)
    assert found("8863Q", child_with(still_open, later)) == [later]


def test_8863Q_two_assessments_with_the_same_dates_are_both_at_fault() -> None:
    # The DfE code takes them for one and the same assessment (corpus: identical_assessments).
    one = assessed(date(2025, 6, 3), date(2025, 7, 15), ["3A"])
    two = assessed(date(2025, 6, 3), date(2025, 7, 15), ["4A"], pk=2)
    assert found("8863Q", child_with(one, two)) == [one, two]


def test_8896_two_open_assessments_in_one_episode() -> None:
    child = child_with(assessed(date(2025, 6, 3)), assessed(date(2025, 7, 1), pk=2))
    assert found("8896", child) == [child.episodes[0]]
    one_open = child_with(
        assessed(date(2025, 6, 3), date(2025, 6, 30), ["3A"]), assessed(date(2025, 7, 1), pk=2)
    )
    assert found("8896", one_open) == []


def test_8896_open_assessments_in_different_episodes_are_fine() -> None:
    child = child_with(assessed(date(2025, 6, 3)))
    child.episodes.append(
        CensusEpisode(11, date(2025, 9, 1), "2A", assessments=[assessed(date(2025, 9, 2), pk=2)])
    )
    assert found("8896", child) == []


def test_8867_episode_closed_with_an_assessment_not_completed() -> None:
    open_one = assessed(date(2025, 6, 3))
    closed = child_with(open_one, closed=date(2025, 7, 1), reason="RC8")
    assert found("8867", closed) == [open_one]
    still_open = child_with(assessed(date(2025, 6, 3)))
    assert found("8867", still_open) == []


# --- factors -------------------------------------------------------------------------------


def test_8614_factors_on_an_assessment_not_completed() -> None:
    premature = assessed(date(2025, 6, 3), None, ["3A"])
    assert found("8614", child_with(premature)) == [premature]
    assert found("8614", child_with(assessed(date(2025, 6, 3)))) == []


def test_8897Q_completed_assessment_without_factors() -> None:
    none = assessed(date(2025, 6, 3), date(2025, 7, 15))
    not_a_code = assessed(date(2025, 6, 3), date(2025, 7, 15), ["3A", "ZZ"], pk=2)
    old_codes = assessed(date(2025, 6, 3), date(2025, 7, 15), ["18A", "19A"], pk=3)
    open_one = assessed(date(2025, 6, 3), pk=4)
    child = child_with(none, not_a_code, old_codes, open_one)
    assert found("8897Q", child) == [none, not_a_code]


def test_8897Q_leaves_out_an_assessment_authorised_before_the_year() -> None:
    last_year = assessed(date(2025, 3, 1), date(2025, 3, 31))
    this_year = assessed(date(2025, 3, 1), date(2025, 4, 1), pk=2)
    child = child_with(last_year, this_year, referred=date(2025, 2, 1))
    assert found("8897Q", child) == [this_year]


def test_8898_a_factor_given_twice() -> None:
    twice = assessed(date(2025, 6, 3), date(2025, 7, 15), ["3A", "16A", "3A"])
    assert found("8898", child_with(twice)) == [twice]


def test_8869_no_factors_beside_a_factor() -> None:
    mixed = assessed(date(2025, 6, 3), date(2025, 7, 15), ["21", "4A"])
    assert found("8869", child_with(mixed, closed=date(2025, 8, 1), reason="RC8")) == [mixed]
    alone = assessed(date(2025, 6, 3), date(2025, 7, 15), ["21"])
    assert found("8869", child_with(alone, closed=date(2025, 8, 1), reason="RC8")) == []


@pytest.mark.parametrize(
    ("reason", "faulty"),
    [("RC8", False), ("RC9", False), ("RC7", True), ("", True)],
)
def test_8873Q_one_assessment_no_factors_closed_other_than_after_assessment(
    reason: str, faulty: bool
) -> None:
    closed = date(2025, 8, 1) if reason else None
    child = child_with(
        assessed(date(2025, 6, 3), date(2025, 7, 15), ["21"]), closed=closed, reason=reason
    )
    assert found("8873Q", child) == ([child.episodes[0]] if faulty else [])


def test_8873Q_needs_the_only_assessment_of_the_episode() -> None:
    child = child_with(
        assessed(date(2025, 6, 3), date(2025, 7, 15), ["21"]),
        assessed(date(2025, 9, 1), date(2025, 10, 1), ["3A"], pk=2),
        closed=date(2025, 11, 1),
        reason="RC7",
    )
    assert found("8873Q", child) == []


def test_8945Q_and_8950Q_the_retired_abuse_codes() -> None:
    old = assessed(date(2025, 6, 3), date(2025, 7, 15), ["18A", "19a"])
    new = assessed(date(2025, 6, 3), date(2025, 7, 15), ["18B", "18C", "19B", "19C"], pk=2)
    child = child_with(old, new)
    assert found("8945Q", child) == [old]
    assert found("8950Q", child) == [old]
