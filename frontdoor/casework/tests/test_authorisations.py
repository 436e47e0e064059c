"""One authorisation queue on a manager's work tray: the decisions waiting at the front door and
the assessments sent for sign-off, strategy discussions and immediate protection first.

"Now" is Friday 20 November 2026, 10:00. Contacts were received on Friday 6 November 2026 at
14:00 unless a test says otherwise, so their one-working-day decision clock ran out on Monday
9 November at 14:00; the assessment below started on 9 November and was sent on 20 November."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    freeze,
    london,
    make_user,
)
from frontdoor.casework.models import Referral
from frontdoor.contacts.models import Decision

from .factories import allocated_referral, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def csw(team: Team) -> User:
    return make_user(Role.CSW, team=team, first_name="Chloe", last_name="Reid")


def waiting(csw: User, child: str, outcome: str, **contact: Any) -> Decision:
    first, last = child.split()
    link = ContactChildFactory(
        contact=ContactFactory(csw=csw, **contact),
        person=PersonFactory(first_name=first, last_name=last),
    )
    return DecisionFactory(
        contact_child=link,
        outcome=outcome,
        status=Decision.Status.AWAITING_AUTHORISATION,
        authorisation_reason="This outcome needs a manager's authorisation",
    )


def queue_rows(body: str) -> list[str]:
    table = body.split('id="to-authorise"', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_strategy_discussions_come_first_then_the_earliest_due(
    client: Any, monkeypatch: Any, team: Team, manager: User, worker: User, csw: User
) -> None:
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))
    # Advice only (no further action), received Fri 6 Nov 14:00: due Mon 9 Nov 14:00.
    waiting(csw, "Ava Nolan", "advice")
    # A strategy discussion received later, Thu 19 Nov 14:00: due Fri 20 Nov 14:00.
    waiting(csw, "Ben Cole", "strategy_discussion", received_at=london(2026, 11, 19, 14, 0))
    # An assessment of Ruby's started Mon 9 Nov: its 45 working days run to Mon 11 Jan 2027
    # (Christmas Day and the Boxing Day substitute skipped); sent for sign-off today, its
    # authorisation clock is the earlier of the two.
    referral: Referral = allocated_referral(worker, manager)
    referral.person.first_name, referral.person.last_name = "Ruby", "Alder"
    referral.person.save()
    submitted_assessment(referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10))

    client.force_login(manager)
    body = client.get("/").content.decode()

    rows = queue_rows(body)
    assert [row.split(" ")[0:2] for row in rows] == [
        ["Ben", "Cole"],  # urgent, though due last of the two decisions
        ["Ava", "Nolan"],
        ["Ruby", "Alder"],
    ]
    assert "Strategy discussion Urgent" in rows[0]
    assert "20 November 2026, 14:00" in rows[0]
    assert "Advice or information only" in rows[1] and "9 November 2026, 14:00 Overdue" in rows[1]
    assert "Social work assessment" in rows[2]
    # One queue: the sign-off is not in the team's tray as well, and no "nothing waiting".
    assert "Authorise the assessment" not in body
    assert "Nothing is waiting for your authorisation" not in body


def test_a_manager_with_nothing_to_authorise_is_told_so(client: Any, manager: User) -> None:
    client.force_login(manager)
    body = client.get("/").content.decode()
    assert "Awaiting my authorisation" in body
    assert "Nothing is waiting for your authorisation." in body
    assert 'id="to-authorise"' not in body
