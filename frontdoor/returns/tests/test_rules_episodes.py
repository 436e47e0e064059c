"""The episodes rules on hand-built census data: no database. Each rule is shown failing and
passing, with the expected faults worked out by hand from the rule's wording."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontdoor.returns.census_data import (
    CensusAssessment,
    CensusChild,
    CensusCinPlan,
    CensusCpPlan,
    CensusEpisode,
    CensusSection47,
    CensusYear,
)
from frontdoor.returns.rules import RULES
from frontdoor.returns.rules import episodes as rules

YEAR = CensusYear(2026)  # 1 April 2025 to 31 March 2026

CODES = (
    "2990", "4000", "4004", "4008", "4009Q", "4010", "4011", "4012Q", "4013", "4014",
    "4015", "8565", "8568", "8569Q", "8585Q", "8600", "8610", "8620", "8630", "8640",
    "8650", "8805", "8810", "8815", "8816", "8820", "8825Q", "8831", "8866",
)  # fmt: skip


def episode(referral_id: int = 1, **fields: Any) -> CensusEpisode:
    fields.setdefault("referral_date", date(2025, 6, 2))
    fields.setdefault("source", "2A")
    fields.setdefault("primary_need", "N1")
    return CensusEpisode(referral_id=referral_id, **fields)


def child(*episodes: CensusEpisode, **fields: Any) -> CensusChild:
    return CensusChild(person_id=1, la_child_id="ID1", episodes=list(episodes), **fields)


def plan(plan_id: int, start: date, end: date | None = None) -> CensusCinPlan:
    return CensusCinPlan(plan_id, start, end)


def found(check: Any, census_child: CensusChild) -> list:
    return list(check(census_child, YEAR))


def test_every_rule_of_the_group_is_registered_here() -> None:
    for code in CODES:
        assert RULES[code].check.__module__ == rules.__name__, code
    assert RULES["8569Q"].is_query and not RULES["8565"].is_query


def test_the_working_day_before_skips_weekends_and_bank_holidays() -> None:
    assert rules.working_day_before(date(2025, 4, 1)) == date(2025, 3, 31)  # Tuesday: Monday
    assert rules.working_day_before(date(2025, 4, 7)) == date(2025, 4, 4)  # Monday: Friday
    # 1 April 2024 was Easter Monday, 29 March Good Friday.
    assert rules.working_day_before(date(2024, 4, 1)) == date(2024, 3, 28)


# --- the referral ----------------------------------------------------------------------------


def test_8600_referral_date_missing_or_after_the_reference_date() -> None:
    late = episode(1, referral_date=date(2026, 4, 1))
    missing = episode(2, referral_date=None)
    on_the_day = episode(3, referral_date=date(2026, 3, 31))
    assert found(rules.referral_date_missing_or_late, child(late, missing, on_the_day)) == [
        late,
        missing,
    ]


def test_8866_referral_source_missing_or_not_a_code() -> None:
    wrong, blank, good = episode(1, source="11"), episode(2, source=""), episode(3, source="10")
    old = episode(4, source="", referral_date=date(2013, 3, 31))  # before sources were asked
    assert found(rules.referral_source_invalid, child(wrong, blank, good, old)) == [wrong, blank]


def test_8610_primary_need_missing_unless_no_further_action() -> None:
    missing = episode(1, primary_need="")
    nfa = episode(2, primary_need="", referral_nfa=True, closure_date=date(2025, 6, 3))
    given = episode(3, primary_need="N4")
    assert found(rules.primary_need_missing, child(missing, nfa, given)) == [missing]


def test_8650_primary_need_not_a_code() -> None:
    wrong, blank, good = episode(1, primary_need="NX"), episode(2, primary_need=""), episode(3)
    assert found(rules.primary_need_invalid, child(wrong, blank, good)) == [wrong]


# --- closure ---------------------------------------------------------------------------------


def test_8620_closure_date_outside_the_year() -> None:
    before = episode(1, closure_date=date(2025, 3, 31), closure_reason="RC7")
    after = episode(2, closure_date=date(2026, 4, 1), closure_reason="RC7")
    first_day = episode(3, closure_date=date(2025, 4, 1), closure_reason="RC7")
    last_day = episode(4, closure_date=date(2026, 3, 31), closure_reason="RC7")
    ep = child(before, after, first_day, last_day)
    assert found(rules.closure_outside_year, ep) == [before, after]


def test_8630_closure_before_referral() -> None:
    early = episode(1, referral_date=date(2025, 6, 2), closure_date=date(2025, 6, 1))
    same_day = episode(2, referral_date=date(2025, 6, 2), closure_date=date(2025, 6, 2))
    assert found(rules.closed_before_referral, child(early, same_day)) == [early]


def test_8640_closure_reason_not_a_code() -> None:
    wrong = episode(1, closure_date=date(2025, 7, 1), closure_reason="RC0")
    good = episode(2, closure_date=date(2025, 7, 1), closure_reason="RC9")
    blank = episode(3)
    assert found(rules.closure_reason_invalid, child(wrong, good, blank)) == [wrong]


def test_8805_closure_date_without_reason() -> None:
    no_reason = episode(1, closure_date=date(2025, 7, 1))
    with_reason = episode(2, closure_date=date(2025, 7, 1), closure_reason="RC7")
    assert found(rules.closed_without_reason, child(no_reason, with_reason, episode(3))) == [
        no_reason
    ]


def test_8810_reason_without_closure_date() -> None:
    no_date = episode(1, closure_reason="RC7")
    both = episode(2, closure_date=date(2025, 7, 1), closure_reason="RC7")
    assert found(rules.reason_without_closure, child(no_date, both, episode(3))) == [no_date]


def test_8585Q_closed_as_died_with_no_date_of_death() -> None:
    died = episode(1, closure_date=date(2025, 9, 1), closure_reason="RC2")
    moved = episode(2, closure_date=date(2025, 9, 1), closure_reason="RC5")
    assert found(rules.closed_as_died_without_death_date, child(died, moved)) == [died]
    recorded = child(died, death_date=date(2025, 8, 30))
    assert found(rules.closed_as_died_without_death_date, recorded) == []


def test_8565_each_kind_of_activity_after_closure() -> None:
    closed: dict[str, Any] = {"closure_date": date(2025, 9, 1), "closure_reason": "RC7"}
    late = date(2025, 9, 2)
    cases = [
        episode(icpc_date=late, **closed),
        episode(assessments=[CensusAssessment(1, late)], **closed),
        episode(assessments=[CensusAssessment(1, date(2025, 6, 3), late)], **closed),
        episode(section47s=[CensusSection47(1, late)], **closed),
        episode(section47s=[CensusSection47(1, date(2025, 6, 3), icpc_date=late)], **closed),
        episode(cp_plans=[CensusCpPlan(1, date(2025, 6, 3), late)], **closed),
        episode(cin_plans=[plan(1, late)], **closed),
        episode(cin_plans=[plan(1, date(2025, 6, 3), late)], **closed),
    ]
    for broken in cases:
        assert found(rules.activity_after_closure, child(broken)) == [broken]


def test_8565_activity_on_the_closure_day_or_an_open_episode_is_fine() -> None:
    day = date(2025, 9, 1)
    on_the_day = episode(
        closure_date=day,
        closure_reason="RC7",
        icpc_date=day,
        assessments=[CensusAssessment(1, day, day)],
        section47s=[CensusSection47(1, day, icpc_date=day)],
        cp_plans=[CensusCpPlan(1, day, day)],
        cin_plans=[plan(1, day, day)],
    )
    still_open = episode(2, cin_plans=[plan(2, date(2025, 10, 1))])
    assert found(rules.activity_after_closure, child(on_the_day, still_open)) == []


def test_8825Q_closed_after_assessment_with_no_assessment() -> None:
    none = episode(1, closure_date=date(2025, 7, 1), closure_reason="RC9")
    assessed = episode(
        2,
        closure_date=date(2025, 7, 1),
        closure_reason="RC8",
        assessments=[CensusAssessment(1, date(2025, 6, 3))],
    )
    other_reason = episode(3, closure_date=date(2025, 7, 1), closure_reason="RC7")
    ep = child(none, assessed, other_reason)
    assert found(rules.closed_after_assessment_without_one, ep) == [none]


def test_2990_activity_beyond_assessment_on_an_episode_closed_after_assessment() -> None:
    closed: dict[str, Any] = {"closure_date": date(2025, 9, 1), "closure_reason": "RC8"}
    broken = [
        episode(1, icpc_date=date(2025, 7, 1), **closed),
        episode(2, section47s=[CensusSection47(1, date(2025, 7, 1))], **closed),
        episode(3, cin_plans=[plan(1, date(2025, 7, 1))], **closed),
        episode(
            4, cp_plans=[CensusCpPlan(1, date(2025, 7, 1))], **{**closed, "closure_reason": "RC9"}
        ),
    ]
    fine = [
        episode(5, assessments=[CensusAssessment(1, date(2025, 6, 3))], **closed),
        episode(
            6,
            closure_date=date(2025, 9, 1),
            closure_reason="RC7",
            cin_plans=[plan(2, date(2025, 7, 1))],
        ),
    ]
    assert found(rules.activity_after_closed_at_assessment, child(*broken, *fine)) == broken


# --- referral, no further action -------------------------------------------------------------


def nfa(referral_id: int = 1, **fields: Any) -> CensusEpisode:
    fields.setdefault("closure_date", date(2025, 6, 3))
    return episode(referral_id, referral_nfa=True, closure_reason="RC7", primary_need="", **fields)


def test_8568_the_flag_must_be_yes_or_no() -> None:
    broken = nfa(1)
    broken.referral_nfa = None  # type: ignore[assignment]  # what a wrong derivation would give
    assert found(rules.referral_nfa_flag_invalid, child(broken, nfa(2), episode(3))) == [broken]


def test_8569Q_last_years_referral_is_not_a_referral_with_no_further_action() -> None:
    # The cut-off is the working day before 1 April 2025: Monday 31 March.
    friday = nfa(1, referral_date=date(2025, 3, 28))
    monday = nfa(2, referral_date=date(2025, 3, 31))
    in_year = nfa(3, referral_date=date(2025, 4, 1))
    acted_on = episode(4, referral_date=date(2025, 3, 3))
    ep = child(friday, monday, in_year, acted_on)
    assert found(rules.referral_nfa_from_last_year, ep) == [friday]


def test_8831_activity_on_a_referral_with_no_further_action() -> None:
    assessed = nfa(1, assessments=[CensusAssessment(1, date(2025, 6, 3))])
    enquired = nfa(2, section47s=[CensusSection47(1, date(2025, 6, 3))])
    conferenced = nfa(3, icpc_date=date(2025, 6, 3))
    planned = nfa(4, cin_plans=[plan(1, date(2025, 6, 3))])  # 4000's, not this rule's
    acted_on = episode(5, assessments=[CensusAssessment(2, date(2025, 6, 3))])
    ep = child(assessed, enquired, conferenced, planned, acted_on, nfa(6))
    assert found(rules.activity_on_referral_nfa, ep) == [assessed, enquired, conferenced]


def test_4000_cin_plan_on_a_referral_with_no_further_action() -> None:
    on_nfa = plan(1, date(2025, 6, 3))
    on_episode = plan(2, date(2025, 7, 1))
    ep = child(nfa(1, cin_plans=[on_nfa]), episode(2, cin_plans=[on_episode]))
    assert found(rules.cin_plan_on_referral_nfa, ep) == [on_nfa]


# --- episodes against each other -------------------------------------------------------------


def test_8815_more_than_one_open_episode() -> None:
    first = episode(1, referral_date=date(2025, 5, 1))
    second = episode(2, referral_date=date(2025, 8, 1))
    assert found(rules.more_than_one_open_episode, child(first, second)) == [first, second]
    # Open referrals with no further action may be many; a closed episode is not open.
    closed = episode(3, referral_date=date(2025, 4, 2), closure_date=date(2025, 4, 30))
    open_nfa = nfa(4, referral_date=date(2025, 4, 2), closure_date=None)
    assert found(rules.more_than_one_open_episode, child(closed, open_nfa, second)) == []


def test_8816_an_open_episode_must_be_the_latest() -> None:
    older_open = episode(1, referral_date=date(2025, 5, 1))
    latest = episode(2, referral_date=date(2025, 8, 1), closure_date=date(2025, 9, 1))
    assert found(rules.open_episode_not_latest, child(older_open, latest)) == [older_open]
    closed = episode(1, referral_date=date(2025, 5, 1), closure_date=date(2025, 6, 1))
    latest_open = episode(2, referral_date=date(2025, 8, 1))
    assert found(rules.open_episode_not_latest, child(closed, latest_open)) == []


def test_8816_of_two_open_episodes_on_the_same_day_the_second_is_not_latest() -> None:
    first, second = episode(1), episode(2)
    assert found(rules.open_episode_not_latest, child(first, second)) == [second]


def test_8820_episodes_overlap() -> None:
    first = episode(1, referral_date=date(2025, 5, 1), closure_date=date(2025, 9, 1))
    inside = episode(2, referral_date=date(2025, 8, 1))
    assert found(rules.episodes_overlap, child(first, inside)) == [inside]
    # After an open episode too; but one may start the day another closed.
    still_open = episode(1, referral_date=date(2025, 5, 1))
    assert found(rules.episodes_overlap, child(still_open, inside)) == [inside]
    touching = episode(2, referral_date=date(2025, 9, 1))
    assert found(rules.episodes_overlap, child(first, touching)) == []


# --- child in need plans ---------------------------------------------------------------------


def test_4004_more_than_one_open_plan_in_an_episode() -> None:
    one, two = plan(1, date(2025, 7, 1)), plan(2, date(2025, 8, 1))
    ended = plan(3, date(2025, 6, 1), date(2025, 6, 30))
    assert found(
        rules.more_than_one_open_cin_plan, child(episode(cin_plans=[ended, one, two]))
    ) == [
        one,
        two,
    ]
    # One open plan in each of two episodes is 4014's business, not this rule's.
    ep = child(episode(1, cin_plans=[one]), episode(2, cin_plans=[two]))
    assert found(rules.more_than_one_open_cin_plan, ep) == []


def test_4008_plan_starting_after_death() -> None:
    after, on_the_day = plan(1, date(2025, 10, 2)), plan(2, date(2025, 10, 1))
    died = child(episode(cin_plans=[after, on_the_day]), death_date=date(2025, 10, 1))
    assert found(rules.cin_plan_starts_after_death, died) == [after]
    alive = child(episode(cin_plans=[after]))
    assert found(rules.cin_plan_starts_after_death, alive) == []


def test_4009Q_plan_ending_after_death() -> None:
    after = plan(1, date(2025, 7, 1), date(2025, 10, 2))
    on_the_day = plan(2, date(2025, 7, 1), date(2025, 10, 1))
    still_open = plan(3, date(2025, 7, 1))
    died = child(episode(cin_plans=[after, on_the_day, still_open]), death_date=date(2025, 10, 1))
    assert found(rules.cin_plan_ends_after_death, died) == [after]


def test_4010_plan_start_missing_or_after_the_reference_date() -> None:
    late = plan(1, date(2026, 4, 1))
    missing = plan(2, None)  # type: ignore[arg-type]
    good = plan(3, date(2026, 3, 31))
    ep = child(episode(cin_plans=[late, missing, good]))
    assert found(rules.cin_plan_start_missing_or_late, ep) == [late, missing]


def test_4011_plan_ending_before_it_starts() -> None:
    backwards = plan(1, date(2025, 8, 1), date(2025, 7, 31))
    one_day = plan(2, date(2025, 8, 1), date(2025, 8, 1))
    ep = child(episode(cin_plans=[backwards, one_day, plan(3, date(2025, 8, 1))]))
    assert found(rules.cin_plan_ends_before_start, ep) == [backwards]


def test_4012Q_plan_ending_the_day_it_starts() -> None:
    one_day = plan(1, date(2025, 8, 1), date(2025, 8, 1))
    two_days = plan(2, date(2025, 8, 1), date(2025, 8, 2))
    ep = child(episode(cin_plans=[one_day, two_days, plan(3, date(2025, 8, 1))]))
    assert found(rules.cin_plan_ends_the_day_it_starts, ep) == [one_day]


def test_4013_plan_end_outside_the_year() -> None:
    before = plan(1, date(2025, 1, 1), date(2025, 3, 31))
    after = plan(2, date(2025, 5, 1), date(2026, 4, 1))
    first_day = plan(3, date(2025, 1, 1), date(2025, 4, 1))
    last_day = plan(4, date(2025, 5, 1), date(2026, 3, 31))
    ep = child(episode(cin_plans=[before, after, first_day, last_day, plan(5, date(2025, 5, 1))]))
    assert found(rules.cin_plan_end_outside_year, ep) == [before, after]


def test_4014_plans_overlap_across_the_childs_episodes() -> None:
    first = plan(1, date(2025, 6, 1), date(2025, 8, 1))
    on_its_end_day = plan(2, date(2025, 8, 1))
    ep = child(episode(1, cin_plans=[first]), episode(2, cin_plans=[on_its_end_day]))
    assert found(rules.cin_plans_overlap, ep) == [on_its_end_day]
    after_it = plan(2, date(2025, 8, 2))
    ep = child(episode(1, cin_plans=[first]), episode(2, cin_plans=[after_it]))
    assert found(rules.cin_plans_overlap, ep) == []


def test_4014_a_plan_starting_in_an_open_plan_and_plans_starting_together() -> None:
    still_open = plan(1, date(2025, 6, 1))
    later = plan(2, date(2025, 9, 1), date(2025, 10, 1))
    assert found(rules.cin_plans_overlap, child(episode(cin_plans=[still_open, later]))) == [later]
    twin_a, twin_b = plan(1, date(2025, 6, 1), date(2025, 7, 1)), plan(2, date(2025, 6, 1))
    assert found(rules.cin_plans_overlap, child(episode(cin_plans=[twin_a, twin_b]))) == [
        twin_a,
        twin_b,
    ]


def test_4015_plan_starting_before_the_referral() -> None:
    early = plan(1, date(2025, 6, 1))
    same_day = plan(2, date(2025, 6, 2))
    ep = child(episode(referral_date=date(2025, 6, 2), cin_plans=[early, same_day]))
    assert found(rules.cin_plan_before_referral, ep) == [early]
