"""The child protection rules on hand-built census data (no database): for each rule a child who
breaks it and one who does not, with the answers worked out by hand from the DfE's wording.
Census year 2026 is 1 April 2025 to 31 March 2026 (a Tuesday)."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.returns.census_data import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusCpPlan,
    CensusEpisode,
    CensusReturn,
    CensusSection47,
    CensusYear,
)
from frontdoor.returns.rules import RULES
from frontdoor.returns.rules.protection import (
    fifteen_working_days_before,
)
from frontdoor.returns.rules.registry import NATIONAL_CALENDAR, working_days_before

YEAR = CensusYear(2026)


def enquiry(
    start: date,
    icpc: date | None = None,
    *,
    not_required: bool = False,
    target: date | None = None,
    pk: int = 1,
) -> CensusSection47:
    return CensusSection47(pk, start, target, icpc, not_required)


def cp(
    start: date,
    end: date | None = None,
    *,
    reviews: tuple[date, ...] = (),
    initial: str = "NEG",
    latest: str = "NEG",
    previous: int | None = 0,
    pk: int = 1,
) -> CensusCpPlan:
    return CensusCpPlan(pk, start, end, initial, latest, previous, list(reviews))


def cin(start: date, end: date | None = None, pk: int = 1) -> CensusCinPlan:
    return CensusCinPlan(pk, start, end)


def episode(
    referred: date = date(2025, 6, 2),
    *,
    s47s: tuple[CensusSection47, ...] = (),
    plans: tuple[CensusCpPlan, ...] = (),
    cin_plans: tuple[CensusCinPlan, ...] = (),
    assessed: bool = True,
    closed: date | None = None,
    icpc: date | None = None,
    nfa: bool = False,
    pk: int = 10,
) -> CensusEpisode:
    return CensusEpisode(
        referral_id=pk,
        referral_date=referred,
        source="6",
        primary_need="N1",
        closure_date=closed,
        closure_reason="RC7" if closed else "",
        icpc_date=icpc,
        referral_nfa=nfa,
        assessments=[CensusAssessment(1, referred, None)] if assessed else [],
        cin_plans=list(cin_plans),
        section47s=list(s47s),
        cp_plans=list(plans),
    )


def kid(*episodes: CensusEpisode, died: date | None = None, la_id: str = "ID1") -> CensusChild:
    return CensusChild(person_id=1, la_child_id=la_id, death_date=died, episodes=list(episodes))


def found(code: str, child: CensusChild, census: CensusYear = YEAR) -> list:
    return list(RULES[code].check(child, census))


CODES = (
    "1104", "1105", "2883", "2884", "2885", "2889", "2991Q", "4001", "4003", "4016", "4017",
    "8615", "8675Q", "8715", "8720", "8730", "8740", "8832", "8839", "8840", "8841", "8842Q",
    "8868", "8870Q", "8875", "8890", "8905", "8910", "8915", "8920", "8925", "8930", "8935",
    "8940",
)  # fmt: skip


def test_every_rule_of_the_group_is_registered() -> None:
    assert set(CODES) <= set(RULES)
    assert RULES["8675Q"].is_query and not RULES["8875"].is_query
    assert RULES["2883"].scope == "return"


# --- working days (the DfE's calendar) -------------------------------------------------------


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    assert not NATIONAL_CALENDAR.is_working_day(date(2025, 12, 25))  # Christmas, a Thursday
    assert not NATIONAL_CALENDAR.is_working_day(date(2026, 3, 28))  # a Saturday
    assert NATIONAL_CALENDAR.is_working_day(date(2026, 3, 31))
    # Tuesday 22 April 2025: Easter Monday 21 and Good Friday 18 April are not counted.
    assert working_days_before(date(2025, 4, 22), 1) == date(2025, 4, 17)


def test_fifteen_working_days_before_counts_the_day_itself_as_the_first() -> None:
    # As the DfE's offset of 14 working days: 31 March 2026 back to 11 March 2026.
    assert fifteen_working_days_before(date(2026, 3, 31)) == date(2026, 3, 11)
    # From a Saturday, the Friday is the first of the 14 days back.
    assert fifteen_working_days_before(date(2026, 3, 28)) == date(2026, 3, 10)
    # Over Christmas and New Year 2025: 5 January 2026 back to 11 December 2025.
    assert fifteen_working_days_before(date(2026, 1, 5)) == date(2025, 12, 11)


# --- section 47 enquiries and conferences ------------------------------------------------------


def test_1104_conference_before_the_referral() -> None:
    early = enquiry(date(2025, 5, 20), date(2025, 5, 30))
    assert found("1104", kid(episode(date(2025, 6, 2), s47s=(early,)))) == [early]
    on_the_day = enquiry(date(2025, 6, 2), date(2025, 6, 2))
    assert found("1104", kid(episode(date(2025, 6, 2), s47s=(on_the_day,)))) == []


def test_1105_plan_before_the_referral() -> None:
    early = cp(date(2025, 6, 1))
    assert found("1105", kid(episode(date(2025, 6, 2), plans=(early,)))) == [early]
    assert found("1105", kid(episode(date(2025, 6, 2), plans=(cp(date(2025, 6, 2)),)))) == []


def test_2889_enquiry_before_the_referral() -> None:
    early = enquiry(date(2025, 6, 1))
    assert found("2889", kid(episode(date(2025, 6, 2), s47s=(early,)))) == [early]
    assert found("2889", kid(episode(date(2025, 6, 2), s47s=(enquiry(date(2025, 6, 2)),)))) == []


def test_2884_conference_on_both_levels_even_across_episodes() -> None:
    first = episode(date(2025, 5, 1), s47s=(enquiry(date(2025, 5, 2), date(2025, 5, 20)),))
    second = episode(date(2025, 6, 2), icpc=date(2025, 5, 20), pk=11)
    assert found("2884", kid(first, second)) == [second]
    other_day = episode(date(2025, 6, 2), icpc=date(2025, 6, 3), pk=11)
    assert found("2884", kid(first, other_day)) == []


def test_2991q_enquiry_without_assessment() -> None:
    bare = episode(s47s=(enquiry(date(2025, 6, 3)),), assessed=False)
    assert found("2991Q", kid(bare)) == [bare]
    assert found("2991Q", kid(episode(s47s=(enquiry(date(2025, 6, 3)),)))) == []
    assert found("2991Q", kid(episode(assessed=False))) == []


def test_8615_enquiry_started_after_its_conference() -> None:
    late = enquiry(date(2025, 6, 10), date(2025, 6, 9))
    assert found("8615", kid(episode(s47s=(late,)))) == [late]
    same_day = enquiry(date(2025, 6, 10), date(2025, 6, 10))
    assert found("8615", kid(episode(s47s=(same_day,), pk=3))) == []


def test_8675q_conference_overdue_on_the_dfe_calendar() -> None:
    overdue = enquiry(date(2026, 3, 10))
    assert found("8675Q", kid(episode(s47s=(overdue,)))) == [overdue]
    in_time = enquiry(date(2026, 3, 11))
    assert found("8675Q", kid(episode(s47s=(in_time,)))) == []
    held = enquiry(date(2025, 6, 3), date(2025, 6, 20))
    not_needed = enquiry(date(2025, 6, 3), not_required=True)
    assert found("8675Q", kid(episode(s47s=(held, not_needed)))) == []


def test_8715_conference_outside_the_year() -> None:
    before = enquiry(date(2025, 4, 2), date(2025, 3, 31))
    assert found("8715", kid(episode(s47s=(before,)))) == [before]
    first_day = enquiry(date(2025, 4, 1), date(2025, 4, 1))
    assert found("8715", kid(episode(s47s=(first_day,)))) == []


def test_8740_open_enquiry_started_before_the_year() -> None:
    old = enquiry(date(2025, 3, 31))
    assert found("8740", kid(episode(s47s=(old,)))) == [old]
    resolved = enquiry(date(2025, 3, 31), not_required=True)
    in_year = enquiry(date(2025, 4, 1))
    assert found("8740", kid(episode(s47s=(resolved, in_year)))) == []


def test_8839_two_open_enquiries_in_one_episode() -> None:
    twice = episode(s47s=(enquiry(date(2026, 3, 16)), enquiry(date(2026, 3, 20), pk=2)))
    assert found("8839", kid(twice)) == [twice]
    one_held = episode(
        s47s=(enquiry(date(2026, 3, 16), date(2026, 3, 19)), enquiry(date(2026, 3, 20), pk=2))
    )
    assert found("8839", kid(one_held)) == []
    # One open enquiry in each of two episodes is not two in one.
    apart = (
        episode(s47s=(enquiry(date(2026, 3, 16)),)),
        episode(s47s=(enquiry(date(2026, 3, 20)),)),
    )
    assert found("8839", kid(*apart)) == []


def test_8868_closed_episode_with_an_enquiry_unresolved() -> None:
    waiting = enquiry(date(2026, 1, 12))
    both = enquiry(date(2026, 1, 12), date(2026, 1, 30), not_required=True, pk=2)
    closed = episode(s47s=(waiting, both), closed=date(2026, 2, 10))
    assert found("8868", kid(closed)) == [waiting, both]
    done = (
        enquiry(date(2026, 1, 12), date(2026, 1, 30)),
        enquiry(date(2026, 1, 5), not_required=True),
    )
    assert found("8868", kid(episode(s47s=done, closed=date(2026, 2, 10)))) == []
    assert found("8868", kid(episode(s47s=(waiting,)))) == []  # still open


def test_8870q_target_date_at_a_weekend() -> None:
    saturday = enquiry(date(2025, 7, 2), target=date(2025, 7, 26))
    sunday = enquiry(date(2025, 7, 2), target=date(2025, 7, 27), pk=2)
    assert found("8870Q", kid(episode(s47s=(saturday, sunday)))) == [saturday, sunday]
    friday = enquiry(date(2025, 7, 2), target=date(2025, 7, 25))
    assert found("8870Q", kid(episode(s47s=(friday, enquiry(date(2025, 7, 2)))))) == []


def test_8875_conference_at_a_weekend() -> None:
    saturday = enquiry(date(2025, 6, 10), date(2025, 6, 28))
    assert found("8875", kid(episode(s47s=(saturday,)))) == [saturday]
    monday = enquiry(date(2025, 6, 10), date(2025, 6, 30))
    assert found("8875", kid(episode(s47s=(monday, enquiry(date(2025, 6, 10)))))) == []


def test_8890_enquiry_started_while_another_is_ongoing() -> None:
    first = enquiry(date(2025, 6, 3), date(2025, 6, 23))
    on_conference_day = enquiry(date(2025, 6, 23), not_required=True, pk=2)
    assert found("8890", kid(episode(s47s=(first, on_conference_day)))) == [on_conference_day]
    day_after = enquiry(date(2025, 6, 24), not_required=True, pk=2)
    assert found("8890", kid(episode(s47s=(first, day_after)))) == []


def test_8890_an_open_enquiry_is_ongoing_but_a_duplicate_is_not_counted() -> None:
    still_open = enquiry(date(2026, 3, 16))
    later = enquiry(date(2026, 3, 20), pk=2)
    assert found("8890", kid(episode(s47s=(still_open, later)))) == [later]
    not_needed = enquiry(date(2026, 3, 16), not_required=True)
    assert found("8890", kid(episode(s47s=(not_needed, later)))) == []
    twin = enquiry(date(2026, 3, 16), pk=2)
    assert found("8890", kid(episode(s47s=(still_open, twin)))) == []


# --- child protection plans --------------------------------------------------------------------


def _return(*children: CensusChild) -> CensusReturn:
    return CensusReturn(YEAR, "845", list(children))


def test_2883_more_plans_than_conferences_in_the_return() -> None:
    plan = cp(date(2025, 10, 6))
    held = episode(s47s=(enquiry(date(2025, 9, 15), date(2025, 10, 6)),), plans=(plan,))
    without = episode(plans=(cp(date(2025, 11, 3)),), pk=11)
    assert list(RULES["2883"].check(_return(kid(held), kid(without, la_id="ID2")))) == [None]
    episode_level = episode(plans=(cp(date(2025, 11, 3)),), icpc=date(2025, 11, 3), pk=11)
    assert list(RULES["2883"].check(_return(kid(held), kid(episode_level, la_id="ID2")))) == []
    # A plan from before the year is not counted.
    old = episode(plans=(cp(date(2025, 3, 3)),), pk=12)
    assert list(RULES["2883"].check(_return(kid(held), kid(old, la_id="ID3")))) == []


def test_2885_plan_must_start_on_its_conference_day() -> None:
    late = cp(date(2025, 10, 20))
    held = episode(s47s=(enquiry(date(2025, 9, 30), date(2025, 10, 14)),), plans=(late,))
    assert found("2885", kid(held)) == [late]
    on_time = cp(date(2025, 10, 14))
    good = episode(s47s=(enquiry(date(2025, 9, 30), date(2025, 10, 14)),), plans=(on_time,))
    assert found("2885", kid(good)) == []


def test_2885_uses_the_episode_conference_only_without_a_needed_enquiry() -> None:
    plan = cp(date(2025, 10, 14))
    episode_level = episode(icpc=date(2025, 10, 14), plans=(plan,))
    assert found("2885", kid(episode_level)) == []
    not_needed = enquiry(date(2025, 9, 30), not_required=True)
    assert (
        found("2885", kid(episode(s47s=(not_needed,), icpc=date(2025, 10, 14), plans=(plan,))))
        == []
    )
    nothing = episode(plans=(plan,))
    assert found("2885", kid(nothing)) == [plan]
    # With an enquiry that needed a conference, the episode's own date does not count.
    needed = enquiry(date(2025, 9, 30))
    assert found("2885", kid(episode(s47s=(needed,), icpc=date(2025, 10, 14), plans=(plan,)))) == [
        plan
    ]
    # A plan that started before the year is not checked.
    assert found("2885", kid(episode(plans=(cp(date(2025, 3, 3)),)))) == []


def test_8720_plan_starting_after_the_reference_date() -> None:
    future = cp(date(2026, 4, 1))
    assert found("8720", kid(episode(plans=(future,)))) == [future]
    assert found("8720", kid(episode(plans=(cp(date(2026, 3, 31)),)))) == []


def test_8730_previous_plans_missing() -> None:
    missing = cp(date(2025, 7, 1), previous=None)
    negative = cp(date(2025, 7, 1), previous=-1, pk=2)
    assert found("8730", kid(episode(plans=(missing, negative)))) == [missing, negative]
    assert found("8730", kid(episode(plans=(cp(date(2025, 7, 1), previous=0),)))) == []


def test_8832_plan_on_a_referral_with_no_further_action() -> None:
    nfa = episode(plans=(cp(date(2025, 7, 1)),), nfa=True)
    assert found("8832", kid(nfa)) == [nfa]
    assert found("8832", kid(episode(nfa=True), episode(plans=(cp(date(2025, 7, 1)),)))) == []


def test_8840_plan_starting_and_ending_the_same_day() -> None:
    one_day = cp(date(2025, 7, 1), date(2025, 7, 1))
    assert found("8840", kid(episode(plans=(one_day,)))) == [one_day]
    assert (
        found(
            "8840",
            kid(episode(plans=(cp(date(2025, 7, 1), date(2025, 7, 2)), cp(date(2025, 7, 1))))),
        )
        == []
    )


def test_8905_and_8910_categories_of_abuse() -> None:
    initial = cp(date(2025, 7, 1), initial="NX")
    latest = cp(date(2025, 7, 1), latest="", pk=2)
    child = kid(episode(plans=(initial, latest)))
    assert found("8905", child) == [initial]
    assert found("8910", child) == [latest]
    fine = kid(episode(plans=(cp(date(2025, 7, 1), initial="MUL", latest="EMO"),)))
    assert found("8905", fine) == [] and found("8910", fine) == []


def test_8915_plan_starting_after_death() -> None:
    after = cp(date(2025, 12, 2))
    assert found("8915", kid(episode(plans=(after,)), died=date(2025, 12, 1))) == [after]
    assert found("8915", kid(episode(plans=(cp(date(2025, 12, 1)),)), died=date(2025, 12, 1))) == []
    assert found("8915", kid(episode(plans=(after,)))) == []


def test_8920_plan_ending_after_death() -> None:
    after = cp(date(2025, 10, 1), date(2026, 1, 20))
    assert found("8920", kid(episode(plans=(after,)), died=date(2026, 1, 9))) == [after]
    on_the_day = cp(date(2025, 10, 1), date(2026, 1, 9))
    still_open = cp(date(2025, 10, 1), pk=2)
    assert found("8920", kid(episode(plans=(on_the_day, still_open)), died=date(2026, 1, 9))) == []


def test_8925_plan_ending_before_it_started() -> None:
    backwards = cp(date(2025, 7, 1), date(2025, 6, 30))
    assert found("8925", kid(episode(plans=(backwards,)))) == [backwards]
    assert found("8925", kid(episode(plans=(cp(date(2025, 7, 1), date(2025, 7, 2)),)))) == []


def test_8930_plan_end_outside_the_year() -> None:
    before = cp(date(2025, 1, 6), date(2025, 3, 31))
    after = cp(date(2025, 7, 1), date(2026, 4, 1), pk=2)
    assert found("8930", kid(episode(plans=(before, after)))) == [before, after]
    last_day = cp(date(2025, 7, 1), date(2026, 3, 31))
    assert found("8930", kid(episode(plans=(last_day, cp(date(2025, 7, 1)))))) == []


def test_8935_more_than_one_open_plan_in_any_episodes() -> None:
    first, second = cp(date(2025, 7, 1)), cp(date(2025, 9, 1), pk=2)
    assert found("8935", kid(episode(plans=(first, second)))) == [first, second]
    assert found("8935", kid(episode(plans=(first,)), episode(plans=(second,)))) == [first, second]
    ended = cp(date(2025, 5, 1), date(2025, 6, 30), pk=3)
    assert found("8935", kid(episode(plans=(ended, first)))) == []


def test_8940_overlapping_plans_even_across_episodes() -> None:
    first = cp(date(2025, 5, 22), date(2025, 8, 1))
    meets = cp(date(2025, 8, 1), pk=2)  # starts the day the first ended: counted as overlap
    assert found("8940", kid(episode(plans=(first,)), episode(plans=(meets,)))) == [meets]
    after = cp(date(2025, 8, 2), pk=2)
    assert found("8940", kid(episode(plans=(first, after)))) == []
    still_open = cp(date(2025, 5, 22))
    inside = cp(date(2025, 9, 1), date(2025, 10, 1), pk=2)
    assert found("8940", kid(episode(plans=(still_open, inside)))) == [inside]


# --- reviews ----------------------------------------------------------------------------------


def test_8841_every_review_after_the_plan_start() -> None:
    second_bad = cp(date(2025, 6, 30), reviews=(date(2025, 9, 1), date(2025, 6, 30)))
    assert found("8841", kid(episode(plans=(second_bad,)))) == [second_bad]
    good = cp(date(2025, 6, 30), reviews=(date(2025, 7, 1), date(2025, 9, 1)))
    assert found("8841", kid(episode(plans=(good,)))) == []


def test_8842q_review_without_a_date() -> None:
    blank = cp(date(2025, 6, 30), reviews=(date(2025, 9, 1),))
    blank.reviews.append(None)  # type: ignore[arg-type]  # not possible from the records
    assert found("8842Q", kid(episode(plans=(blank,)))) == [blank]
    assert (
        found("8842Q", kid(episode(plans=(cp(date(2025, 6, 30), reviews=(date(2025, 9, 1),)),))))
        == []
    )


# --- child in need plans beside protection plans ----------------------------------------------


def test_4001_open_cin_plan_beside_open_protection_plan() -> None:
    both = episode(cin_plans=(cin(date(2025, 7, 1)),), plans=(cp(date(2025, 8, 8)),))
    assert found("4001", kid(both)) == [both]
    cin_ended = episode(
        cin_plans=(cin(date(2025, 7, 1), date(2025, 8, 8)),), plans=(cp(date(2025, 8, 8)),)
    )
    assert found("4001", kid(cin_ended)) == []
    apart = (episode(cin_plans=(cin(date(2025, 7, 1)),)), episode(plans=(cp(date(2025, 8, 8)),)))
    assert found("4001", kid(*apart)) == []


def test_4003_review_during_a_cin_plan_checks_every_review() -> None:
    plan = cp(date(2025, 5, 1), date(2026, 1, 15), reviews=(date(2025, 7, 24), date(2025, 9, 1)))
    during = episode(cin_plans=(cin(date(2025, 8, 1), date(2025, 10, 1)),), plans=(plan,))
    assert found("4003", kid(during)) == [plan]
    # A review on the day the CIN plan ended is after it.
    on_end = cp(date(2025, 5, 1), date(2026, 1, 15), reviews=(date(2025, 10, 1),))
    assert (
        found(
            "4003",
            kid(episode(cin_plans=(cin(date(2025, 8, 1), date(2025, 10, 1)),), plans=(on_end,))),
        )
        == []
    )


def test_4003_counts_an_open_cin_plan_and_an_open_protection_plan() -> None:
    plan = cp(date(2025, 7, 1), reviews=(date(2025, 9, 30),))
    assert found("4003", kid(episode(cin_plans=(cin(date(2025, 6, 2)),), plans=(plan,)))) == [plan]
    # A review on the day the protection plan ended is allowed.
    ended = cp(date(2025, 7, 1), date(2025, 9, 30), reviews=(date(2025, 9, 30),))
    assert found("4003", kid(episode(cin_plans=(cin(date(2025, 6, 2)),), plans=(ended,)))) == []
    # Only within the episode.
    apart = (episode(cin_plans=(cin(date(2025, 6, 2)),)), episode(plans=(plan,), pk=11))
    assert found("4003", kid(*apart)) == []


def test_4016_cin_plan_starting_during_a_protection_plan() -> None:
    starts_during = cin(date(2025, 11, 3))
    child = kid(
        episode(plans=(cp(date(2025, 6, 20), date(2025, 11, 24)),)),
        episode(cin_plans=(starts_during,)),
    )
    assert found("4016", child) == [starts_during]
    on_end = cin(date(2025, 11, 24))
    assert (
        found(
            "4016",
            kid(episode(plans=(cp(date(2025, 6, 20), date(2025, 11, 24)),), cin_plans=(on_end,))),
        )
        == []
    )
    before = cin(date(2025, 6, 19), date(2025, 6, 20))
    assert found("4016", kid(episode(plans=(cp(date(2025, 6, 20)),), cin_plans=(before,)))) == []


def test_4017_protection_plan_starting_during_a_cin_plan() -> None:
    plan = cp(date(2025, 8, 8))
    assert found("4017", kid(episode(cin_plans=(cin(date(2025, 7, 1)),), plans=(plan,)))) == [plan]
    on_cin_start = cp(date(2025, 7, 1))
    assert found(
        "4017",
        kid(episode(cin_plans=(cin(date(2025, 7, 1), date(2025, 8, 1)),), plans=(on_cin_start,))),
    ) == [on_cin_start]
    on_cin_end = cp(date(2025, 8, 1))
    assert (
        found(
            "4017",
            kid(episode(cin_plans=(cin(date(2025, 7, 1), date(2025, 8, 1)),), plans=(on_cin_end,))),
        )
        == []
    )


@pytest.mark.parametrize("code", [c for c in CODES if c != "2883"])
def test_a_child_with_a_clean_protection_history_breaks_none(code: str) -> None:
    """CLEAN002's history: assessed, enquiry, conference in time, plan that day, one review."""
    s47 = enquiry(date(2025, 9, 3), date(2025, 9, 23), target=date(2025, 9, 24))
    plan = cp(date(2025, 9, 23), reviews=(date(2025, 12, 22),))
    assert found(code, kid(episode(date(2025, 9, 1), s47s=(s47,), plans=(plan,)))) == []
