"""Giving and withdrawing locality feedback, and the counts for the dashboard."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.casework.tests.factories import child_at, make_referral
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent
from frontdoor.quality.locality.models import LocalityFeedback
from frontdoor.quality.locality.selectors import locality_feedback_counts
from frontdoor.quality.locality.services import feedback_give, feedback_withdraw

pytestmark = pytest.mark.django_db

NOT_FOR_US = "not_for_us"
TOO_LATE = "too_late"


def give(actor: Any, referral: Any, kind: str = NOT_FOR_US, reason: str = "Early help") -> Any:
    return feedback_give(actor=actor, referral_id=referral.pk, kind=kind, reason=reason)


def test_a_locality_worker_gives_feedback_on_a_referral_her_team_holds(
    worker: Any, referral: Any, norwich: Any
) -> None:
    feedback = give(worker, referral, reason="  Needs early help, not social work.  ")
    saved = LocalityFeedback.objects.get()
    assert saved.pk == feedback.pk
    assert (saved.referral_id, saved.team_id, saved.kind) == (referral.pk, norwich.pk, NOT_FOR_US)
    assert saved.reason == "Needs early help, not social work."
    assert saved.given_by == worker
    assert saved.given_at == london(2026, 11, 16, 10, 0)
    assert saved.withdrawn_at is None
    event = AuditEvent.objects.filter(action="quality.locality_feedback_give").get()
    assert event.summary == "Should not have come to us: Needs early help, not social work."
    assert event.person_id == referral.person_id


def test_the_team_manager_gives_feedback_too(manager: Any, referral: Any) -> None:
    give(manager, referral, TOO_LATE, "Known to the school for months.")
    assert LocalityFeedback.objects.get().kind == TOO_LATE


def test_a_second_of_the_same_kind_is_refused_at_the_kind_but_the_other_kind_is_taken(
    worker: Any, manager: Any, referral: Any
) -> None:
    give(worker, referral)
    with pytest.raises(DomainError) as refused:
        give(manager, referral, reason="Said again")
    assert refused.value.field == "kind"
    assert refused.value.message == (
        "Lena Price already said this referral should not have come to us, on "
        "16 November 2026: withdraw that to give it again"
    )
    give(manager, referral, TOO_LATE, "And it was late")
    assert sorted(LocalityFeedback.objects.values_list("kind", flat=True)) == [
        NOT_FOR_US,
        TOO_LATE,
    ]


def test_withdrawn_feedback_stays_as_history_and_may_be_given_again(
    monkeypatch: Any, worker: Any, manager: Any, referral: Any
) -> None:
    first = give(worker, referral)
    freeze(monkeypatch, london(2026, 11, 17, 9, 0))
    feedback_withdraw(actor=manager, feedback_id=first.pk)
    first.refresh_from_db()
    assert first.withdrawn_at == london(2026, 11, 17, 9, 0)
    assert first.withdrawn_by == manager
    again = give(worker, referral, reason="Still not ours")
    assert LocalityFeedback.objects.count() == 2
    assert again.withdrawn_at is None
    with pytest.raises(ConflictError) as twice:
        feedback_withdraw(actor=worker, feedback_id=first.pk)
    assert twice.value.message == "This feedback was already withdrawn, on 17 November 2026"


def test_another_team_cannot_withdraw_it(worker: Any, breckland_worker: Any, referral: Any) -> None:
    feedback = give(worker, referral)
    with pytest.raises(PermissionDeniedError):
        feedback_withdraw(actor=breckland_worker, feedback_id=feedback.pk)
    with pytest.raises(DomainError):
        feedback_withdraw(actor=worker, feedback_id=None)
    feedback.refresh_from_db()
    assert feedback.withdrawn_at is None


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (NOT_FOR_US, "Enter why this referral should not have come to you"),
        (TOO_LATE, "Enter why this referral came too late"),
    ],
)
def test_a_reason_is_required(worker: Any, referral: Any, kind: str, message: str) -> None:
    with pytest.raises(DomainError) as refused:
        give(worker, referral, kind, "   ")
    assert (refused.value.field, refused.value.message) == ("reason", message)
    assert not LocalityFeedback.objects.exists()


def test_a_kind_is_required(worker: Any, referral: Any) -> None:
    with pytest.raises(DomainError) as refused:
        give(worker, referral, "", "Why")
    assert (refused.value.field, refused.value.message) == (
        "kind",
        "Select what your feedback is about",
    )


def test_only_the_holding_locality_team_gives_it(
    breckland_worker: Any, cads_manager: Any, head: Any, csw: Any, referral: Any
) -> None:
    for outsider in (breckland_worker, cads_manager, head, csw):
        with pytest.raises(PermissionDeniedError):
            give(outsider, referral)
    assert not LocalityFeedback.objects.exists()


def test_counts_by_kind_in_the_period_leave_withdrawn_feedback_out(
    monkeypatch: Any, worker: Any, manager: Any, referral: Any, norwich: Any
) -> None:
    other = make_referral(child_at("NR1 1AA"))
    freeze(monkeypatch, london(2026, 11, 2, 0, 0))  # the first moment of the period
    give(worker, referral)
    freeze(monkeypatch, london(2026, 11, 10, 12, 0))
    give(worker, referral, TOO_LATE, "Late")
    withdrawn = give(worker, other)
    feedback_withdraw(actor=manager, feedback_id=withdrawn.pk)
    freeze(monkeypatch, london(2026, 11, 16, 0, 0))  # the end: not counted
    give(manager, other, TOO_LATE, "Late too")
    counts = locality_feedback_counts(london(2026, 11, 2, 0, 0), london(2026, 11, 16, 0, 0))
    assert counts == {NOT_FOR_US: 1, TOO_LATE: 1}
    assert locality_feedback_counts(london(2026, 10, 1), london(2026, 11, 1)) == {
        NOT_FOR_US: 0,
        TOO_LATE: 0,
    }
