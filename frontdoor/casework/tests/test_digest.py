"""The daily digest notes each clock once, the day after it ran out, with who held it."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.casework.digest import overdue_digest
from frontdoor.casework.models import OverdueItem
from frontdoor.casework.tasks import overdue_digest_task
from frontdoor.core.models import AuditEvent

from .factories import locality_team, make_referral

pytestmark = pytest.mark.django_db


def noted() -> list[tuple[str, date, date, Any]]:
    return [
        (item.kind, item.due_on, item.noticed_on, item.team)
        for item in OverdueItem.objects.order_by("due_on", "kind")
    ]


def test_each_missed_clock_is_noted_once(monkeypatch: Any) -> None:
    norwich = locality_team()
    # Referred Fri 6 Nov: allocation due Mon 9 Nov (+1 working day); risk review and seeing
    # the child due Fri 13 Nov (+5).
    referral = make_referral()

    freeze(monkeypatch, london(2026, 11, 10, 7, 0))  # Tue 10 Nov, before work
    result = overdue_digest()
    assert (result.overdue, result.newly_overdue) == (1, 1)
    assert noted() == [("allocation", date(2026, 11, 9), date(2026, 11, 10), norwich)]
    item = OverdueItem.objects.get()
    assert (item.person, item.responsible, item.ref) == (
        referral.person,
        None,
        f"casework.referral:{referral.pk}:allocation",
    )

    assert overdue_digest().newly_overdue == 0  # the same day again: nothing new

    freeze(monkeypatch, london(2026, 11, 13, 7, 0))  # Fri 13 Nov: due today is not overdue
    assert overdue_digest().newly_overdue == 0

    freeze(monkeypatch, london(2026, 11, 16, 7, 0))  # Mon 16 Nov
    result = overdue_digest()
    assert (result.overdue, result.newly_overdue) == (3, 2)
    assert noted() == [
        ("allocation", date(2026, 11, 9), date(2026, 11, 10), norwich),
        ("child_seen", date(2026, 11, 13), date(2026, 11, 16), norwich),
        ("risk_review", date(2026, 11, 13), date(2026, 11, 16), norwich),
    ]
    audits = AuditEvent.objects.filter(action="casework.overdue_digest").order_by("id")
    assert [event.summary for event in audits] == [
        "1 item became overdue by 10 November 2026",
        "2 items became overdue by 16 November 2026",
    ]


def test_the_command_and_the_task_run_the_digest(monkeypatch: Any) -> None:
    locality_team()
    make_referral()
    freeze(monkeypatch, london(2026, 11, 10, 7, 0))
    out = StringIO()
    call_command("overdue_digest", stdout=out)
    assert out.getvalue().strip() == "Overdue on 10 November 2026: 1, of which 1 newly noted"
    # The test settings run tasks at once (ImmediateBackend).
    result = overdue_digest_task.enqueue()
    assert result.return_value == {"on": "2026-11-10", "overdue": 1, "new": 0}
