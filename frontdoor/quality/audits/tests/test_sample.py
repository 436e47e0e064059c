"""The month's audit sample, on a hand-built October 2026.

Worker A (the first CSW) settled three decisions in October, worker B one, and B made one
in November and one still waiting for authorisation in October; a Norwich social worker's
assessment was authorised on 13 November (not October). With two per worker: A has two of
their three, B their one October decision only."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    TeamFactory,
    london,
    make_user,
    only_child,
)
from frontdoor.contacts.models import Decision
from frontdoor.quality.audits.selectors import audit_sample, previous_month

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

OCTOBER = date(2026, 10, 1)


def decision_by(worker: User, at, **fields) -> Decision:  # type: ignore[no-untyped-def]
    contact = ContactFactory(csw=worker, received_at=at)
    return DecisionFactory(contact_child=only_child(contact), decided_at=at, **fields)


def test_two_per_worker_from_the_months_settled_decisions(auditor: User) -> None:
    a = make_user(Role.CSW, team=TeamFactory(name="CADS"))
    b = make_user(Role.CSW, team=TeamFactory(name="CADS"))
    a_october = [
        decision_by(a, london(2026, 10, 1, 0, 0)).pk,  # the month's first minute, London time
        decision_by(a, london(2026, 10, 15, 9)).pk,
        decision_by(a, london(2026, 10, 31, 23, 59)).pk,
    ]
    b_october = decision_by(b, london(2026, 10, 20, 11)).pk
    decision_by(b, london(2026, 11, 1, 0, 0))  # November
    decision_by(b, london(2026, 9, 30, 23, 59))  # September
    decision_by(b, london(2026, 10, 21, 11), status=Decision.Status.AWAITING_AUTHORISATION)
    rows = audit_sample(month=OCTOBER, user=auditor)
    by_a = [r.pk for r in rows if r.worker == a]
    by_b = [r.pk for r in rows if r.worker == b]
    assert len(by_a) == 2 and set(by_a) <= set(a_october)
    assert by_b == [b_october]
    assert {r.kind for r in rows} == {"decision"}
    # The same draw every time it is read, and the whole group when asked for more.
    assert [r.pk for r in audit_sample(month=OCTOBER, user=auditor)] == [r.pk for r in rows]
    everything = audit_sample(month=OCTOBER, user=auditor, per_worker=5)
    assert sorted(r.pk for r in everything) == sorted([*a_october, b_october])


def test_last_month_is_october_in_november_and_december_in_january() -> None:
    assert previous_month(date(2026, 11, 16)) == date(2026, 10, 1)
    assert previous_month(date(2027, 1, 3)) == date(2026, 12, 1)
