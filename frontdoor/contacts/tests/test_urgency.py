"""How urgent a contact is sets its decision clock, and an urgency the front door cannot meet is
refused at the field. Every expected time was counted on the 2026 calendar by hand: the working
day is 09:00 to 17:00, Monday to Friday, and the front door takes calls 08:00 to 20:00; Fri 25
December and Mon 28 December (Boxing Day's substitute) are bank holidays."""

from __future__ import annotations

from datetime import datetime

import pytest

from frontdoor.accounts.tests.factories import freeze, london
from frontdoor.contacts import services
from frontdoor.contacts.models import Contact, Immediacy
from frontdoor.contacts.tests.helpers import draft
from frontdoor.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received_at", "immediacy", "due"),
    [
        # Immediate: within the hour.
        (london(2026, 11, 6, 14, 0), Immediacy.IMMEDIATE, london(2026, 11, 6, 15, 0)),
        (london(2026, 11, 6, 16, 30), Immediacy.IMMEDIATE, london(2026, 11, 6, 17, 30)),
        # Today: by the close of this working day.
        (london(2026, 11, 6, 14, 0), Immediacy.SAME_DAY, london(2026, 11, 6, 17, 0)),
        (london(2026, 11, 6, 8, 15), Immediacy.SAME_DAY, london(2026, 11, 6, 17, 0)),
        # Today, but received after Friday's close: Monday's close.
        (london(2026, 11, 6, 18, 0), Immediacy.SAME_DAY, london(2026, 11, 9, 17, 0)),
        # Today on Christmas Eve evening: Tuesday 29 December's close.
        (london(2026, 12, 24, 19, 0), Immediacy.SAME_DAY, london(2026, 12, 29, 17, 0)),
        # Within one working day: the same time on the next working day.
        (london(2026, 11, 6, 14, 0), Immediacy.ONE_WORKING_DAY, london(2026, 11, 9, 14, 0)),
        (london(2026, 12, 24, 11, 0), Immediacy.ONE_WORKING_DAY, london(2026, 12, 29, 11, 0)),
    ],
)
def test_the_urgency_sets_the_decision_clock(
    received_at: datetime, immediacy: str, due: datetime
) -> None:
    contact = draft()
    services.contact_update(
        actor=contact.csw,
        contact_id=contact.pk,
        version=1,
        received_at=received_at,
        immediacy=immediacy,
    )
    contact.refresh_from_db()
    assert contact.decision_due_at == due


def test_changing_the_urgency_moves_the_clock() -> None:
    contact = draft(received_at=london(2026, 11, 6, 14, 0))  # one working day: Mon 14:00
    services.contact_update(
        actor=contact.csw, contact_id=contact.pk, version=1, immediacy=Immediacy.SAME_DAY
    )
    contact.refresh_from_db()
    assert contact.decision_due_at == london(2026, 11, 6, 17, 0)


@pytest.mark.parametrize(
    ("received_at", "shown"),
    [
        (london(2026, 11, 6, 20, 0), "20:00 on 6 November 2026"),  # Friday, at closing
        (london(2026, 11, 7, 11, 0), "11:00 on 7 November 2026"),  # Saturday
        (london(2026, 11, 9, 7, 59), "07:59 on 9 November 2026"),  # before opening
        (london(2026, 12, 25, 10, 0), "10:00 on 25 December 2026"),  # Christmas Day
    ],
)
def test_an_immediate_concern_outside_working_hours_is_refused_at_the_field(
    monkeypatch, received_at: datetime, shown: str
) -> None:
    freeze(monkeypatch, london(2026, 12, 30, 10, 0))
    contact = draft(received_at=received_at, immediacy=Immediacy.IMMEDIATE)
    with pytest.raises(DomainError) as error:
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert error.value.field == "immediacy"
    assert error.value.message == (
        f"The front door is closed at {shown}: an immediate concern when it is closed "
        "(08:00 to 20:00 on working days) goes to the emergency duty team. Check the time "
        "received or select another urgency"
    )
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DRAFT


@pytest.mark.parametrize(
    "received_at",
    [
        london(2026, 11, 9, 8, 0),  # opening
        london(2026, 11, 6, 19, 59),  # Friday evening, before the front door closes at 20:00
    ],
)
def test_an_immediate_concern_while_the_front_door_is_open_is_recorded(
    monkeypatch, received_at: datetime
) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 9, 30))
    contact = draft(received_at=received_at, immediacy=Immediacy.IMMEDIATE)
    services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.RECORDED


def test_a_call_that_ends_in_the_future_is_refused_at_the_field(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 14, 30))
    contact = draft(
        received_at=london(2026, 11, 6, 14, 0),
        call_started_at=london(2026, 11, 6, 14, 0),
        call_ended_at=london(2026, 11, 6, 15, 0),
    )
    with pytest.raises(DomainError) as error:
        services.contact_record(actor=contact.csw, contact_id=contact.pk, version=1)
    assert (error.value.field, error.value.message) == (
        "call_ended_at",
        "Call end must be now or in the past",
    )
