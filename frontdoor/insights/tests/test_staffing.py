"""Erlang C checked against figures worked by hand (in the comments), not against the code.

Formulae (textbook, e.g. Gans, Koole and Mandelbaum 2003, "Telephone call centers"):
  A = calls per hour x handling time in hours (Erlangs)
  C(N, A) = [A^N/N! . N/(N-A)] / [sum_{k<N} A^k/k! + A^N/N! . N/(N-A)]
  share within t = 1 - C exp(-(N-A) t / h),  average speed of answer = C h / (N - A)
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest

from frontdoor.insights import staffing
from frontdoor.insights.staffing import Call


def test_erlang_b_matches_the_table():
    # B(1, 1) = (1/1!) / (1 + 1) = 1/2
    assert staffing.erlang_b(1, 1.0) == pytest.approx(0.5)
    # B(2, 1) = (1/2!) / (1 + 1 + 1/2) = 0.5 / 2.5 = 0.2
    assert staffing.erlang_b(2, 1.0) == pytest.approx(0.2)


def test_one_erlang_on_two_agents():
    # A = 1, N = 2: sum_{k<2} = 1 + 1 = 2; A^2/2! . 2/(2-1) = 1/2 . 2 = 1; C = 1/(2+1) = 1/3
    assert staffing.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    # handling 180 s: ASA = 1/3 . 180 / 1 = 60 s
    assert staffing.average_speed_of_answer(2, 1.0, 180) == pytest.approx(60)
    # within 20 s: 1 - 1/3 . exp(-1 . 20/180) = 1 - 0.33333 x 0.894839 = 0.701720
    assert staffing.service_level(2, 1.0, 180, 20) == pytest.approx(0.701720, abs=1e-6)


def test_two_calls_a_minute_of_one_minute_each():
    # 2 calls a minute (120 an hour), 60 s each: A = 120 x 60 / 3600 = 2 Erlangs.
    # N = 3: sum_{k<3} = 1 + 2 + 2 = 5; 2^3/3! . 3/(3-2) = 4/3 . 3 = 4; C = 4/9 = 0.444444
    #   within 20 s: 1 - 4/9 . exp(-1 . 20/60) = 1 - 0.444444 x 0.716531 = 0.681542
    #   ASA = 4/9 . 60 / 1 = 26.67 s
    assert staffing.erlang_c(3, 2.0) == pytest.approx(4 / 9)
    assert staffing.service_level(3, 2.0, 60, 20) == pytest.approx(0.681542, abs=1e-6)
    assert staffing.average_speed_of_answer(3, 2.0, 60) == pytest.approx(80 / 3)
    # N = 4: sum_{k<4} = 5 + 4/3 = 19/3; 2^4/4! . 4/2 = 2/3 . 2 = 4/3; C = (4/3)/(23/3) = 4/23
    #   within 20 s: 1 - 4/23 . exp(-2 . 20/60) = 1 - 0.173913 x 0.513417 = 0.910710
    assert staffing.erlang_c(4, 2.0) == pytest.approx(4 / 23)
    assert staffing.service_level(4, 2.0, 60, 20) == pytest.approx(0.910710, abs=1e-6)
    # N = 5: sum_{k<5} = 19/3 + 2/3 = 7; 2^5/5! . 5/3 = 4/15 . 5/3 = 4/9; C = (4/9)/(67/9) = 4/67
    #   within 20 s: 1 - 4/67 . exp(-3 . 20/60) = 1 - 0.059701 x 0.367879 = 0.978037
    assert staffing.erlang_c(5, 2.0) == pytest.approx(4 / 67)
    assert staffing.service_level(5, 2.0, 60, 20) == pytest.approx(0.978037, abs=1e-6)
    # So: 60% within 20 s needs 3; 90% needs 4 (3 give 68%); 95% needs 5 (4 give 91%).
    assert staffing.agents_needed(120, 60, 20, 0.6) == 3
    assert staffing.agents_needed(120, 60, 20, 0.9) == 4
    assert staffing.agents_needed(120, 60, 20, 0.95) == 5


def test_too_few_agents_never_catch_up_and_no_calls_need_nobody():
    assert staffing.erlang_c(2, 2.0) == 1.0
    assert staffing.service_level(2, 2.0, 60, 20) == 0.0
    assert math.isinf(staffing.average_speed_of_answer(1, 2.0, 60))
    assert staffing.agents_needed(0, 60, 20, 0.9) == 0
    with pytest.raises(ValueError):
        staffing.agents_needed(10, 60, 20, 1.5)


def test_weekday_counts():
    # Monday 16 to Sunday 29 November 2026: two of each; one more day adds a Monday.
    assert staffing.weekday_counts(date(2026, 11, 16), date(2026, 11, 29)) == [2] * 7
    assert staffing.weekday_counts(date(2026, 11, 16), date(2026, 11, 30)) == [3] + [2] * 6


def test_plan_from_a_week_of_calls():
    monday = datetime(2026, 11, 16, 10, 0)
    # 120 calls of 60 s between 10:00 and 11:00 on the Monday: the case worked above.
    calls = [Call(monday + timedelta(seconds=30 * i), 60) for i in range(120)]
    # Three calls after 5pm on the Tuesday, one at 16:59 on the Friday (before closing),
    # one on the Saturday evening (not a weekday), one with no end recorded.
    calls += [Call(datetime(2026, 11, 17, 17, 30), 60) for _ in range(3)]
    calls += [Call(datetime(2026, 11, 20, 16, 59), 60), Call(datetime(2026, 11, 21, 18, 0), 60)]
    calls += [Call(datetime(2026, 11, 18, 9, 0), None)]

    result = staffing.plan(calls, weekdays_in_window=[1] * 7, wait_seconds=20, target_share=0.9)

    assert result.calls == 126
    assert result.timed_calls == 125
    assert result.handle_seconds == 60
    assert result.weeks == 1
    monday_ten = result.slots[0][10]
    assert (monday_ten.calls, monday_ten.calls_per_hour, monday_ten.agents) == (120, 120.0, 4)
    # 3 calls in an hour of 60 s: A = 0.05; one CSW answers 1 - 0.05 exp(-0.95/3) = 96% in 20 s
    assert result.slots[1][17].agents == 1
    assert result.slots[0][3].agents == 0
    assert result.peak == monday_ten
    # Closing at 5pm on weekdays moves the three Tuesday calls: 3 a week, 3/126 of all.
    assert result.closing.calls_per_week == 3
    assert result.closing.share == pytest.approx(3 / 126)
    # CSW hours a week: 4 on Monday at 10:00, and 1 each on Tuesday at 17:00, Wednesday at
    # 09:00 (its length unknown, but the call still came), Friday at 16:00 and Saturday at
    # 18:00. Closing at 17:00 on weekdays frees Tuesday's one.
    assert result.closing.csw_hours == 1
    assert result.csw_hours == 4 + 1 + 1 + 1 + 1


def test_plan_over_two_weeks_averages_per_day():
    calls = [Call(datetime(2026, 11, 16, 9, 15), 300), Call(datetime(2026, 11, 23, 9, 45), 300)]
    result = staffing.plan(calls, weekdays_in_window=[2] * 7)
    assert result.slots[0][9].calls_per_hour == 1.0
    assert result.calls_per_week == 1.0
