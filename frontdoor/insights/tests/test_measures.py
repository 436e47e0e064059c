"""Each measure on the hand-built front door in `dataset.py`. The expected figures are worked
out by hand from the dataset's list (the arithmetic is in the comments), never by the code.

Every test runs three times: read live, read from rollups refreshed past the window, and
with the rollups holding only the window's first six weeks (the rest read live)."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.insights import selectors
from frontdoor.insights.rollup_build import refresh
from frontdoor.insights.selectors import Filters

from .dataset import END, START, Dataset, build

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["live", "rolled", "split"])
def data(request: pytest.FixtureRequest, settings: object) -> Dataset:
    settings.FRONTDOOR_CHILD_POPULATION = 50_000  # type: ignore[attr-defined]
    dataset = build()
    if request.param == "rolled":
        refresh(through=date(2026, 12, 31), full=True, chunk_days=1000)
    elif request.param == "split":
        refresh(through=date(2026, 9, 15), full=True, chunk_days=1000)
    return dataset


ALL = Filters()


def value(key: str, filters: Filters = ALL) -> float | None:
    return selectors.measure_value(key, START, END, filters).value


def counts(key: str, filters: Filters = ALL) -> tuple[int, int | None]:
    v = selectors.measure_value(key, START, END, filters)
    return v.numerator, v.denominator


# --- contacts ------------------------------------------------------------------------------------


def test_contacts_with_comparisons(data: Dataset) -> None:
    c = selectors.compare("contacts", START, END)
    # Window: c8 c1 c2 c3 c9 c4 c5 = 7 (c6 is after it, c7 a draft; c4's second child is
    # not a second contact). Previous: p1 p2 = 2. Year ago: y1 y2 y3 y4 = 4.
    assert (c.current.numerator, c.previous.numerator, c.year_ago.numerator) == (7, 2, 4)
    assert c.previous.value == 2 and c.year_ago.value == 4
    assert c.change_on_previous == pytest.approx(250.0)  # (7 - 2) / 2
    assert c.change_on_year == pytest.approx(75.0)  # (7 - 4) / 4
    assert (c.start, c.end) == (START, END)


def test_contacts_filtered(data: Dataset) -> None:
    assert value("contacts", Filters(age_band="1_4")) == 2  # c2 (J, 2), c9 (L, 4 the day before 5)
    assert value("contacts", Filters(age_band="5_9")) == 2  # c8 (I, 6 that day), c1 (A, 7)
    assert value("contacts", Filters(age_band="16_plus")) == 1  # c5 (O, 16 that day)
    assert value("contacts", Filters(age_band="under_1")) == 1  # c4: its first child, M
    assert value("contacts", Filters(ethnicity="WBRI")) == 5  # c8 c1 c3 c4 c5
    assert value("contacts", Filters(locality="West")) == 3  # c2 c9 c5 (PE30)
    assert value("contacts", Filters(source="6", locality="West")) == 2  # c9 c5
    assert value("contacts", Filters(channel="email")) == 1  # c2
    assert value("contacts", Filters(team=str(data.cads.pk))) == 7
    assert value("contacts", Filters(team=str(data.west.pk))) == 0


def test_contacts_by_age_band_and_hour(data: Dataset) -> None:
    bands = {k: v.numerator for k, v in selectors.breakdown("contacts", "age_band", START, END)}
    assert bands == {"5_9": 2, "1_4": 2, "10_15": 1, "under_1": 1, "16_plus": 1}
    hours = {k: v.numerator for k, v in selectors.breakdown("contacts", "hour", START, END)}
    assert hours == {"0": 1, "8": 1, "9": 1, "10": 1, "14": 1, "23": 2}
    sources = selectors.breakdown("contacts", "source", START, END)
    assert [(k, v.numerator) for k, v in sources] == [("6", 4), ("1A", 1), ("2A", 1), ("3A", 1)]


def test_contacts_heat_map(data: Dataset) -> None:
    grid = selectors.contacts_by_hour_and_weekday(START, END)
    expected = [[0] * 24 for _ in range(7)]
    expected[0][0] = 1  # c8 Monday 00:00
    expected[0][8] = 1  # c4 Monday 08:00
    expected[1][10] = 1  # c1 Tuesday 10:15
    expected[2][9] = 1  # c2 Wednesday 09:30
    expected[2][14] = 1  # c9 Wednesday 14:00
    expected[4][23] = 1  # c3 Friday 23:30 (BST)
    expected[6][23] = 1  # c5 Sunday 23:30 (GMT, the day the clocks went back)
    assert grid == expected
    assert selectors.contacts_by_hour_and_weekday(START, END, Filters(locality="West"))[6][23] == 1


def test_contacts_weekly_series(data: Dataset) -> None:
    series = selectors.weekly_series("contacts", START, END)
    assert [monday for monday, _ in series] == [date(2026, 8, 3 + 7 * i) for i in range(4)] + [
        date(2026, 8, 31),
        *[date(2026, 9, 7 + 7 * i) for i in range(4)],
        date(2026, 10, 5),
        date(2026, 10, 12),
        date(2026, 10, 19),
    ]
    # week of 3 Aug: c8 c1 c2 c3; of 10 Aug: c9; of 19 Oct: c4 c5.
    assert [v.numerator for _, v in series] == [4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]


def test_police_telephone_and_email_contacts(data: Dataset) -> None:
    police = selectors.compare("contacts_police", START, END)
    assert (police.current.numerator, police.previous.numerator) == (4, 0)  # c8 c3 c9 c5
    assert police.change_on_previous is None  # from nothing
    assert police.year_ago.numerator == 1  # y4
    assert police.change_on_year == pytest.approx(300.0)  # (4 - 1) / 1
    phone = selectors.compare("contacts_telephone", START, END)
    assert phone.current.numerator == 3  # c8 c1 (professionals' line), c4 (contact centre)
    assert phone.change_on_year == pytest.approx(200.0)  # y1: (3 - 1) / 1
    email = selectors.compare("contacts_email", START, END)
    assert (email.current.numerator, email.previous.numerator, email.year_ago.numerator) == (
        1,
        2,
        2,
    )  # c2; p1 p2; y2 y3
    assert email.change_on_previous == pytest.approx(-50.0)  # (1 - 2) / 2


def test_channel_shares(data: Dataset) -> None:
    assert counts("contacts_telephone_share") == (3, 7)
    assert value("contacts_telephone_share") == pytest.approx(300 / 7)  # 42.857%
    assert counts("contacts_email_share") == (1, 7)
    assert value("contacts_email_share") == pytest.approx(100 / 7)  # 14.286%
    assert counts("contacts_notification_share") == (3, 7)  # c3 c9 c5
    assert counts("contacts_notification_share", Filters(locality="West")) == (
        2,
        3,
    )  # c9 c5 / c2 c9 c5


def test_contacts_per_10k(data: Dataset) -> None:
    v = selectors.measure_value("contacts_per_10k", START, END)
    assert (v.numerator, v.denominator) == (7, 50_000)
    assert v.value == pytest.approx(1.4)  # 7 x 10,000 / 50,000


# --- decisions -----------------------------------------------------------------------------------


def test_decisions_in_time(data: Dataset) -> None:
    # Settled in the window: c8 c1 c2 c3 c9 (c4's awaits authorisation; c5's is after).
    # c2's was due Thu 6 Aug 09:30 and made Fri 7 Aug: late. The others in time: 4 / 5.
    assert counts("decisions_in_time") == (4, 5)
    assert value("decisions_in_time") == pytest.approx(80.0)
    assert counts("decisions_in_time", Filters(source="6")) == (3, 3)  # c8 c3 c9
    assert counts("decisions_in_time", Filters(age_band="1_4")) == (1, 2)  # c9 in time, c2 late


def test_contact_conversion(data: Dataset) -> None:
    assert counts("contact_conversion") == (1, 5)  # c1's social work assessment, of 5
    assert value("contact_conversion") == pytest.approx(20.0)


def test_police_contacts_not_meeting_the_criteria(data: Dataset) -> None:
    # Police contacts decided in the window: c8 (universal), c3 (advice), c9 (MASH): 2 / 3.
    assert counts("police_contacts_nfa_share") == (2, 3)
    assert value("police_contacts_nfa_share") == pytest.approx(200 / 3)


def test_early_help_decisions_per_advisor(data: Dataset) -> None:
    # One early help decision (c2) in the window; two active pathway advisors (PA3 is not).
    v = selectors.measure_value("early_help_decisions_per_advisor", START, END)
    assert (v.numerator, v.denominator, v.value) == (1, 2, 0.5)
    weekly = dict(selectors.weekly_series("early_help_decisions_per_advisor", START, END))
    assert (weekly[START].numerator, weekly[START].denominator) == (1, 2)  # c2 on 7 Aug
    assert (weekly[date(2026, 8, 10)].numerator, weekly[date(2026, 8, 10)].denominator) == (0, 2)
    c = selectors.compare("early_help_decisions_per_advisor", START, END)
    assert (c.previous.numerator, c.previous.denominator, c.change_on_previous) == (0, 2, None)


# --- referrals -----------------------------------------------------------------------------------


def test_referrals_with_comparisons(data: Dataset) -> None:
    c = selectors.compare("referrals", START, END)
    # Window: r1 r2 r3 r5 r4 = 5; previous: rP = 1; year ago: rY1 rY2 = 2 (rD 30 Oct 2025 is
    # after the year-ago window's end, 26 Oct 2025).
    assert (c.current.numerator, c.previous.numerator, c.year_ago.numerator) == (5, 1, 2)
    assert c.change_on_previous == pytest.approx(400.0)  # (5 - 1) / 1
    assert c.change_on_year == pytest.approx(150.0)  # (5 - 2) / 2
    assert value("referrals", Filters(source="6")) == 2  # r2 r4
    assert value("referrals", Filters(age_band="10_15")) == 2  # B 10, C 13 on their dates
    assert value("referrals", Filters(locality="West", source="6")) == 1  # r4


def test_re_referrals_and_rate_by_locality(data: Dataset) -> None:
    assert (
        value("re_referrals") == 2
    )  # r2 (B, r0 8 months before), r4 (D, rD 12 months less 5 days)
    assert counts("re_referral_rate") == (2, 5)
    assert value("re_referral_rate") == pytest.approx(40.0)
    by_locality = dict(selectors.breakdown("re_referral_rate", "locality", START, END))
    assert (by_locality["Norwich"].numerator, by_locality["Norwich"].denominator) == (1, 2)
    assert by_locality["Norwich"].value == pytest.approx(50.0)  # r2 of r1 r2
    assert (by_locality["West"].numerator, by_locality["West"].denominator) == (1, 3)
    assert by_locality["West"].value == pytest.approx(100 / 3)  # r4 of r3 r5 r4


def test_referrals_per_10k(data: Dataset) -> None:
    assert value("referrals_per_10k") == pytest.approx(1.0)  # 5 x 10,000 / 50,000


# --- assessments ---------------------------------------------------------------------------------


def test_assessments_started_and_completed(data: Dataset) -> None:
    started = selectors.compare("assessments_started", START, END)
    assert (started.current.numerator, started.previous.numerator) == (4, 1)  # a1 a2 a3 a5; a4
    assert started.change_on_previous == pytest.approx(300.0)
    assert value("assessments_started", Filters(team=str(data.west.pk))) == 2  # a3 a5
    # Completed = authorised in the window: a1 (30 Sep), a2 (20 Oct), a4 (10 Aug); a3 on 26 Oct.
    assert value("assessments_completed") == 3


def test_assessment_outcome_shares(data: Dataset) -> None:
    assert counts("assessments_nfa_share") == (2, 3)  # a2 a4 of a1 a2 a4
    assert value("assessments_nfa_share") == pytest.approx(200 / 3)
    assert counts("assessments_service_share") == (1, 3)  # a1
    none = selectors.measure_value(
        "assessments_nfa_share", START, END, Filters(team=str(data.west.pk))
    )
    assert (none.numerator, none.denominator, none.value) == (0, 0, None)  # nothing to divide


def test_assessments_in_time(data: Dataset) -> None:
    # a1 30 Sep by 7 Oct: yes; a2 20 Oct after 13 Oct: no; a4 10 Aug by 17 Aug: yes.
    assert counts("assessments_in_time") == (2, 3)


def test_children_seen_in_time(data: Dataset) -> None:
    # Due in the window: r1 (11 Aug, seen 6 Aug), r2 (17 Aug, seen 20 Aug), r3 (8 Sep, seen
    # 3 Sep), r5 (14 Oct, no assessment): 2 / 4.
    assert counts("children_seen_in_time") == (2, 4)
    assert value("children_seen_in_time") == pytest.approx(50.0)


# --- child protection and MASH -------------------------------------------------------------------


def test_strategy_discussions_and_section_47s(data: Dataset) -> None:
    sd = selectors.compare("strategy_discussions", START, END)
    assert (sd.current.numerator, sd.previous.numerator, sd.year_ago.numerator) == (2, 1, 0)
    assert sd.change_on_previous == pytest.approx(100.0)
    assert sd.change_on_year is None
    assert value("strategy_discussions", Filters(locality="West")) == 1  # sd2 (C on r3)
    s47 = selectors.compare("section_47s", START, END)
    assert (s47.current.numerator, s47.previous.numerator) == (2, 1)


def test_conferences_in_time(data: Dataset) -> None:
    c = selectors.compare("conferences_in_time", START, END)
    assert (c.current.numerator, c.current.denominator) == (1, 2)  # s1 on its due day; s2 late
    assert c.current.value == pytest.approx(50.0)
    assert c.previous.value == pytest.approx(100.0)  # s3 held 20 Jul, due 22 Jul
    assert c.change_on_previous == pytest.approx(-50.0)  # 100% to 50%: down 50 points


def test_mash_enquiries_and_checks(data: Dataset) -> None:
    assert value("mash_enquiries") == 2  # m1 m2 (m3 in the previous window)
    rag = {k: v.numerator for k, v in selectors.breakdown("mash_enquiries", "rag", START, END)}
    assert rag == {"red": 1, "amber": 1}
    # Due in the window: m1 police (answered an hour early), m1 health (a day late), m2
    # education (never): 1 / 3. m2's police check falls due after the window.
    assert counts("mash_checks_in_time") == (1, 3)


# --- workload ------------------------------------------------------------------------------------


def test_unallocated_and_open_cases_as_at_the_end(data: Dataset) -> None:
    # Open at the end of 25 Oct: r1 r2 r3 r5 r4 rY2 (rP closed 1 Oct). No worker by then: r3
    # (allocated 26 Oct), r4.
    assert value("open_cases") == 6
    assert value("unallocated_cases") == 2
    # The age band is the child's on the referral date: C 13 (r3), D 8 (r4).
    assert value("unallocated_cases", Filters(age_band="10_15")) == 1
    assert value("unallocated_cases", Filters(age_band="10_15", locality="West")) == 1
    assert value("open_cases", Filters(locality="Norwich")) == 3  # r1 r2 rY2
    by_team = {k: v.numerator for k, v in selectors.breakdown("open_cases", "team", START, END)}
    assert by_team == {str(data.norwich.pk): 3, str(data.west.pk): 3}
    # As at 1 Oct: r1 r2 r3 rY2 open (rP closed that day), r3 not yet allocated.
    assert selectors.measure_value("open_cases", START, date(2026, 10, 1)).numerator == 4
    assert selectors.measure_value("unallocated_cases", START, date(2026, 10, 1)).numerator == 1
    weekly = selectors.weekly_series("unallocated_cases", date(2026, 10, 12), END)
    # As at Sun 18 Oct: r3 only (r5 was allocated 8 Oct); as at Sun 25 Oct: r3 and r4.
    assert [(monday, v.numerator) for monday, v in weekly] == [
        (date(2026, 10, 12), 1),
        (date(2026, 10, 19), 2),
    ]


def test_caseload_per_worker(data: Dataset) -> None:
    # Allocated and open at the end: r1 r2 rY2 (W1), r5 (W2): 4 cases / 2 workers.
    v = selectors.measure_value("caseload_per_worker", START, END)
    assert (v.numerator, v.denominator, v.value) == (4, 2, 2.0)
    by_team = dict(selectors.breakdown("caseload_per_worker", "team", START, END))
    assert by_team[str(data.norwich.pk)].value == 3.0  # 3 cases, W1
    assert by_team[str(data.west.pk)].value == 1.0  # r5, W2
    # As at 1 Oct: r1 r2 rY2 (W1); r3 and r5 not yet allocated, rP closed that day: 3 / 1.
    earlier = selectors.measure_value("caseload_per_worker", START, date(2026, 10, 1))
    assert (earlier.numerator, earlier.denominator, earlier.value) == (3, 1, 3.0)
    west = selectors.measure_value(
        "caseload_per_worker", START, date(2026, 10, 1), Filters(team=str(data.west.pk))
    )
    assert (west.numerator, west.denominator, west.value) == (0, 0, None)
    by_worker = {
        k: v.numerator for k, v in selectors.breakdown("caseload_per_worker", "worker", START, END)
    }
    assert by_worker == {str(data.w1.pk): 3, str(data.w2.pk): 1}


def test_early_help_episodes_by_advisor(data: Dataset) -> None:
    assert value("early_help_episodes") == 3
    by_worker = {
        k: v.numerator for k, v in selectors.breakdown("early_help_episodes", "worker", START, END)
    }
    assert by_worker == {str(data.pa1.pk): 2, str(data.pa2.pk): 1}


# --- before and after ----------------------------------------------------------------------------


def test_before_and_after_go_live(data: Dataset) -> None:
    ba = selectors.before_after("contacts", START, weeks=12)
    # Before: 11 May to 2 Aug 2026: p1 p2 = 2. After: 3 Aug to 25 Oct: 7.
    assert (ba.before.numerator, ba.after.numerator) == (2, 7)
    assert ba.change == pytest.approx(250.0)
    assert len(ba.weekly) == 24
    assert ba.weekly[0][0] == date(2026, 5, 11)
    weekly = {monday: v.numerator for monday, v in ba.weekly}
    assert weekly[date(2026, 6, 1)] == 1  # p2
    assert weekly[date(2026, 7, 27)] == 1  # p1, Sunday 2 Aug
    assert weekly[date(2026, 8, 3)] == 4
    assert sum(weekly.values()) == 9


# --- a change said one way everywhere --------------------------------------------------------


def test_a_percentage_changes_in_points_and_a_count_in_percent_everywhere() -> None:
    from frontdoor.insights.catalogue import measure
    from frontdoor.insights.report import change
    from frontdoor.insights.selectors import Value, change_of, change_unit

    # A re-referral rate from 0% (0 of 2) to 33.3% (1 of 3): up 33.3 points, not "from none".
    assert change_of("re_referral_rate", 100 / 3, 0.0) == pytest.approx(33.333, abs=0.001)
    assert change_unit("re_referral_rate") == "percentage points"
    words = change(measure("re_referral_rate"), Value(0, 2, 0.0), Value(1, 3, 100 / 3)).words
    assert words == "Up 33.3 percentage points"
    # Referrals from 2 to 3: up 50%; from 0: no percentage to give.
    assert change_of("referrals", 3.0, 2.0) == pytest.approx(50.0)
    assert change_unit("referrals") == "percent"
    assert (
        change(measure("referrals"), Value(2, None, 2.0), Value(3, None, 3.0)).words == "Up 50.0%"
    )
    assert change_of("referrals", 3.0, 0.0) is None
