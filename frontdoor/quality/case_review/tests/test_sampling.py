"""The sample rules on a hand-built week. The meeting of Monday 16 November 2026 reviews the
decisions of Monday 9 to Sunday 15 November (Europe/London, GMT then)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import PersonFactory, london, make_user
from frontdoor.casework.models import Referral
from frontdoor.contacts.models import ThresholdDescriptor
from frontdoor.quality.case_review.sampling import draw_sample, months_before
from frontdoor.quality.case_review.tests.factories import contact_about, decided

pytestmark = pytest.mark.django_db

WEEK = date(2026, 11, 16)
RANDOM = "Chosen at random from the rest of the week"


@pytest.fixture(autouse=True)
def _rules(settings: Any) -> None:
    """The rules as the council sets them, the level-of-need rule off (tested on its own) and
    no random share unless a test asks for one."""
    settings.FRONTDOOR_CASE_REVIEW_RULES = {"level_outcome_disagree": {"enabled": False}}
    settings.FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0


def referral_on(child: Any, day: date) -> None:
    Referral.objects.create(
        person=child,
        referral_date=day,
        source="2A",
        allocation_due_on=day,
        child_seen_due_on=day,
        opened_by=make_user(Role.CSW),
    )


def reasons(week: date = WEEK) -> dict[int, list[str]]:
    return {s.decision.pk: s.reasons for s in draw_sample(week)}


def test_every_strategy_discussion_and_immediate_protection_of_the_week_and_no_other_week() -> None:
    wednesday = decided("strategy_discussion", london(2026, 11, 11, 10, 0))
    last_minute = decided("immediate_protection", london(2026, 11, 15, 23, 59))
    decided("strategy_discussion", london(2026, 11, 8, 23, 59))  # the week before
    decided("strategy_discussion", london(2026, 11, 16, 0, 0))  # the meeting's own week
    decided("early_help", london(2026, 11, 12, 9, 0))
    assert reasons() == {
        wednesday.pk: ["Strategy discussion"],
        last_minute.pk: ["Immediate protection"],
    }


def test_the_week_is_counted_on_london_clocks_in_summer() -> None:
    # Meeting of Monday 6 July 2026 (BST): Sunday 5 July 23:30 BST is 22:30 UTC, in the week;
    # Monday 6 July 00:30 BST is Sunday 23:30 UTC, but the meeting's own week.
    sunday_night = decided("strategy_discussion", london(2026, 7, 5, 23, 30))
    decided("strategy_discussion", london(2026, 7, 6, 0, 30))
    assert reasons(date(2026, 7, 6)) == {sunday_night.pk: ["Strategy discussion"]}


def test_no_further_action_on_a_child_referred_in_the_twelve_months_before() -> None:
    # Decided Thursday 12 November 2026: a referral on or after 12 November 2025 counts.
    referred, referred_long_ago, early_help = PersonFactory(), PersonFactory(), PersonFactory()
    referral_on(referred, date(2025, 11, 12))
    referral_on(referred_long_ago, date(2025, 11, 11))
    referral_on(early_help, date(2026, 6, 1))
    advice = decided("advice", london(2026, 11, 12, 15, 0), child=referred)
    decided("universal", london(2026, 11, 12, 15, 0), child=referred_long_ago)
    decided("early_help", london(2026, 11, 12, 15, 0), child=early_help)  # not "no action"
    decided("advice", london(2026, 11, 12, 15, 0))  # never referred
    assert reasons() == {advice.pk: ["No further action after a referral in the last 12 months"]}


def test_a_referral_after_the_decision_does_not_count() -> None:
    child = PersonFactory()
    referral_on(child, date(2026, 11, 13))
    decided("advice", london(2026, 11, 12, 15, 0), child=child)
    assert reasons() == {}


def test_every_police_contact_that_did_not_meet_the_threshold() -> None:
    police_advice = decided("advice", london(2026, 11, 10, 11, 0), source="6")
    police_universal = decided("universal", london(2026, 11, 10, 12, 0), source="6")
    decided("early_help", london(2026, 11, 10, 13, 0), source="6")  # met a threshold
    decided("advice", london(2026, 11, 10, 14, 0), source="2A")  # a school's
    words = "Police contact that did not meet the threshold"
    assert reasons() == {police_advice.pk: [words], police_universal.pk: [words]}


def test_a_child_with_three_contacts_in_the_twelve_months_to_the_decision() -> None:
    # Decided Friday 13 November 2026 at 09:00: contacts from 13 November 2025 count.
    three, two = PersonFactory(), PersonFactory()
    contact_about(three, london(2025, 11, 13, 0, 0))
    contact_about(three, london(2026, 6, 3, 10, 0))
    contact_about(two, london(2025, 11, 12, 23, 59))  # a day too early
    contact_about(two, london(2026, 6, 3, 10, 0))
    contact_about(two, london(2026, 11, 13, 9, 30))  # after the decision
    counted = decided("early_help", london(2026, 11, 13, 9, 0), child=three)
    decided("early_help", london(2026, 11, 13, 9, 0), child=two)
    assert reasons() == {counted.pk: ["3 or more contacts in 12 months"]}


def test_a_case_chosen_by_several_rules_says_each_and_comes_in_the_first_rules_place(
    settings: Any,
) -> None:
    child = PersonFactory()
    referral_on(child, date(2026, 3, 1))
    contact_about(child, london(2026, 2, 20, 10, 0))
    contact_about(child, london(2026, 9, 1, 10, 0))
    both = decided("advice", london(2026, 11, 9, 9, 0), child=child, source="6")
    later_strategy = decided("strategy_discussion", london(2026, 11, 14, 9, 0))
    sample = draw_sample(WEEK)
    assert [(s.decision.pk, s.reasons) for s in sample] == [
        (later_strategy.pk, ["Strategy discussion"]),
        (
            both.pk,
            [
                "No further action after a referral in the last 12 months",
                "Police contact that did not meet the threshold",
                "3 or more contacts in 12 months",
            ],
        ),
    ]


def test_rules_are_turned_off_and_their_numbers_changed_in_settings(settings: Any) -> None:
    settings.FRONTDOOR_CASE_REVIEW_RULES = {
        "strategy_discussion": {"enabled": False},
        "repeat_contacts": {"count": 2, "months": 6},
        "level_outcome_disagree": {"enabled": False},
    }
    child = PersonFactory()
    contact_about(child, london(2026, 6, 1, 10, 0))  # within 6 months of 10 November
    twice = decided("early_help", london(2026, 11, 10, 9, 0), child=child)
    decided("strategy_discussion", london(2026, 11, 10, 9, 0))
    assert reasons() == {twice.pk: ["2 or more contacts in 6 months"]}


def test_a_decision_whose_outcome_does_not_follow_its_level(settings: Any) -> None:
    settings.FRONTDOOR_CASE_REVIEW_RULES = {}
    ThresholdDescriptor.objects.all().delete()
    ThresholdDescriptor.objects.create(
        level="targeted", descriptor="Complex needs", outcomes=["social_work_assessment"]
    )
    odd = decided("advice", london(2026, 11, 10, 9, 0), need_level="targeted")
    decided("social_work_assessment", london(2026, 11, 10, 9, 0), need_level="targeted")
    decided("advice", london(2026, 11, 10, 9, 0), need_level="universal")  # no descriptor
    assert reasons() == {odd.pk: ["Outcome does not follow the level of need"]}


def test_a_seeded_random_share_of_the_rest_the_same_when_drawn_again(settings: Any) -> None:
    strategy = decided("strategy_discussion", london(2026, 11, 9, 9, 0))
    rest = [decided("early_help", london(2026, 11, 10, hour, 0)) for hour in range(9, 14)]
    settings.FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0.10  # 10 % of 5, rounded up: 1
    first = draw_sample(WEEK)
    assert first[0].decision == strategy
    randoms = [s.decision for s in first[1:]]
    assert len(randoms) == 1 and randoms[0] in rest
    assert [s.reasons for s in first[1:]] == [[RANDOM]]
    assert [s.decision for s in draw_sample(WEEK)] == [strategy, *randoms]

    settings.FRONTDOOR_CASE_REVIEW_RANDOM_SHARE = 0.5  # half of 5, rounded up: 3
    halves = [s.decision for s in draw_sample(WEEK)[1:]]
    assert len(halves) == 3 and set(halves) <= set(rest)
    assert [s.decision for s in draw_sample(WEEK)[1:]] == halves
    # In decision order, as the agenda lists them.
    assert [d.decided_at for d in halves] == sorted(d.decided_at for d in halves)


def test_months_before_keeps_the_day_or_takes_the_shorter_months_last() -> None:
    assert months_before(date(2026, 11, 12), 12) == date(2025, 11, 12)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
