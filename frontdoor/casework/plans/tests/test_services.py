"""Child in need plan services.

"Now" is frozen at Monday 16 November 2026, 10:00 unless a test says otherwise. Referrals
are dated Friday 6 November 2026 (see factories). Every expected date was counted on a
printed calendar: England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec 2026
(Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Team, User
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.tests.factories import (
    assessed_referral,
    db_state,
    last_event,
)
from frontdoor.core.errors import DomainError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_cin_plan_starts_with_its_first_review_date(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager)
    plan = plan_services.cin_plan_start(
        actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 12)
    )
    # Thu 12 Nov + 30: Fri 13 (1), Nov 16-20 (6), 23-27 (11), 30 (12), Dec 1-4 (16),
    # 7-11 (21), 14-18 (26), 21, 22, 23, Thu 24 Dec (30).
    assert plan.next_review_on == date(2026, 12, 24)
    event = last_event("cin_plan.start")
    assert (event.actor, event.changes) == (worker, {"start_date": [None, "2026-11-12"]})
    before = db_state()
    with pytest.raises(DomainError, match="already has a child in need plan"):
        plan_services.cin_plan_start(
            actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 13)
        )
    assert db_state() == before


def test_cin_plan_cannot_start_before_the_referral(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = assessed_referral(worker, manager)
    before = db_state()
    with pytest.raises(DomainError, match="the referral date"):
        plan_services.cin_plan_start(
            actor=worker, referral_id=referral.pk, start_date=date(2026, 11, 5)
        )
    assert db_state() == before
