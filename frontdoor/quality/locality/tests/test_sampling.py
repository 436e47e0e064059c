"""The case review rule "locality_feedback": the meeting of Monday 16 November 2026 samples
the decision that opened each referral on which the locality team gave feedback from Monday
9 November 00:00 to Sunday 15 November 23:59 (London), and had not withdrawn it by then."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import freeze, london, make_user
from frontdoor.casework.models import Referral
from frontdoor.quality.case_review.sampling import draw_sample
from frontdoor.quality.case_review.services import case_review_open
from frontdoor.quality.case_review.tests.factories import decided
from frontdoor.quality.locality.services import feedback_give, feedback_withdraw

pytestmark = pytest.mark.django_db

WEEK = date(2026, 11, 16)
NOT_FOR_US = "Locality said it should not have come to them"
TOO_LATE = "Locality said it came too late"


def opened_by(decision: Any, team: Any) -> Referral:
    day = decision.decided_at.date()
    return Referral.objects.create(
        person=decision.contact_child.person,
        origin=decision.contact_child,
        team=team,
        referral_date=day,
        source="2A",
        allocation_due_on=day,
        child_seen_due_on=day,
        opened_by=make_user(Role.CSW),
    )


def give_at(monkeypatch: Any, moment: Any, actor: Any, referral: Any, kind: str) -> Any:
    freeze(monkeypatch, moment)
    return feedback_give(actor=actor, referral_id=referral.pk, kind=kind, reason="Reason")


def reasons() -> dict[int, list[str]]:
    return {s.decision.pk: s.reasons for s in draw_sample(WEEK)}


def test_the_decision_behind_feedback_given_in_the_week_is_sampled_whenever_it_was_made(
    monkeypatch: Any, worker: Any, manager: Any, norwich: Any
) -> None:
    # Decided on 20 October: weeks before the week reviewed; the feedback came on Monday 9
    # November at midnight (the week's first moment), both kinds.
    october = decided("social_work_assessment", london(2026, 10, 20, 11, 0))
    first = opened_by(october, norwich)
    give_at(monkeypatch, london(2026, 11, 9, 0, 0), worker, first, "not_for_us")
    give_at(monkeypatch, london(2026, 11, 15, 23, 59), manager, first, "too_late")
    # Decided in the week; feedback on Sunday 8 November (the week before): not sampled.
    in_week = decided("social_work_assessment", london(2026, 11, 10, 9, 0))
    early = opened_by(in_week, norwich)
    give_at(monkeypatch, london(2026, 11, 8, 23, 59), worker, early, "not_for_us")
    # Feedback on Monday 16 November 00:00: the meeting's own week, not sampled.
    late_feedback = opened_by(decided("social_work_assessment", london(2026, 11, 2)), norwich)
    give_at(monkeypatch, london(2026, 11, 16, 0, 0), worker, late_feedback, "too_late")
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    assert reasons() == {october.pk: [NOT_FOR_US, TOO_LATE]}


def test_feedback_withdrawn_within_the_week_does_not_count_but_withdrawn_after_it_does(
    monkeypatch: Any, worker: Any, norwich: Any
) -> None:
    taken_back = opened_by(decided("social_work_assessment", london(2026, 11, 3)), norwich)
    kept = decided("social_work_assessment", london(2026, 11, 4))
    kept_referral = opened_by(kept, norwich)
    withdrawn = give_at(monkeypatch, london(2026, 11, 10, 9, 0), worker, taken_back, "too_late")
    feedback_withdraw(actor=worker, feedback_id=withdrawn.pk)
    later = give_at(monkeypatch, london(2026, 11, 12, 9, 0), worker, kept_referral, "too_late")
    freeze(monkeypatch, london(2026, 11, 16, 9, 0))  # withdrawn after the week ended
    feedback_withdraw(actor=worker, feedback_id=later.pk)
    assert reasons() == {kept.pk: [TOO_LATE]}


def test_a_decision_in_the_week_chosen_by_another_rule_gets_both_reasons(
    monkeypatch: Any, worker: Any, norwich: Any
) -> None:
    strategy = decided("strategy_discussion", london(2026, 11, 11, 10, 0))
    give_at(
        monkeypatch, london(2026, 11, 13, 15, 0), worker, opened_by(strategy, norwich), "not_for_us"
    )
    assert reasons() == {strategy.pk: ["Strategy discussion", NOT_FOR_US]}


def test_the_rule_turned_off_samples_nothing(
    settings: Any, monkeypatch: Any, worker: Any, norwich: Any
) -> None:
    settings.FRONTDOOR_CASE_REVIEW_RULES = {
        "level_outcome_disagree": {"enabled": False},
        "locality_feedback": {"enabled": False},
    }
    october = decided("social_work_assessment", london(2026, 10, 20, 11, 0))
    give_at(
        monkeypatch, london(2026, 11, 10, 9, 0), worker, opened_by(october, norwich), "too_late"
    )
    assert reasons() == {}


def test_the_meeting_opens_with_the_earlier_decision_on_its_agenda(
    client: Any, monkeypatch: Any, worker: Any, head: Any, norwich: Any
) -> None:
    october = decided("social_work_assessment", london(2026, 10, 20, 11, 0))
    give_at(
        monkeypatch, london(2026, 11, 12, 9, 0), worker, opened_by(october, norwich), "too_late"
    )
    freeze(monkeypatch, london(2026, 11, 16, 10, 0))
    meeting = case_review_open(actor=head, week_starting=WEEK)
    item = meeting.items.get()
    assert (item.decision_id, item.reasons) == (october.pk, [TOO_LATE])
    client.force_login(head)
    page = client.get("/quality/case-review/2026-11-16/").content.decode()
    assert TOO_LATE in page
    assert "20 October 2026" in page
