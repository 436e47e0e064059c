"""Section 47 outcomes and conferences.

Every expected date and time was counted by hand on a calendar. The working day is 09:00 to
17:00, Monday to Friday; England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec
2026 (Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027. Contacts are
received on Friday 6 November 2026 at 14:00 (see the accounts factories). "Now" is Monday 16
November 2026, 10:00, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Agency, User
from frontdoor.accounts.tests.factories import (
    freeze,
    london,
)
from frontdoor.casework.tests.factories import (
    last_event,
)
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.safeguarding.models import (
    Section47,
)
from frontdoor.safeguarding.protection import services as protection_services
from frontdoor.safeguarding.section47 import services as section47_services
from frontdoor.safeguarding.tests.factories import (
    conference_for,
    db_state,
    icpc,
    partner,
    plan_from,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]


def test_section_47_outcome_refusals(started: tuple[Section47, User], csw: User) -> None:
    section47, worker = started
    before = db_state()
    for who, fields, error_type, message in (
        (worker, {"outcome": "maybe"}, DomainError, "Select the outcome"),
        (worker, {"outcome_on": None}, DomainError, "Enter the date of the outcome"),
        (worker, {"outcome_on": date(2026, 11, 17)}, DomainError, "today or in the past"),
        (worker, {"outcome_on": date(2026, 11, 13)}, DomainError, "the strategy discussion"),
        (worker, {"version": 5}, ConflictError, "Somebody else changed"),
        # The CSW, in CADS, does not hold the Norwich referral.
        (csw, {}, PermissionDeniedError, "permission"),
        (partner(Agency.POLICE), {}, PermissionDeniedError, "permission"),
    ):
        call: dict[str, Any] = {"outcome": "icpc", "outcome_on": date(2026, 11, 16), "version": 1}
        call |= fields
        with pytest.raises(error_type, match=message):
            section47_services.section47_outcome_record(
                actor=who, section47_id=section47.pk, **call
            )
        assert db_state() == before


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (date(2026, 11, 21), "Saturday 21 November 2026 is a weekend"),
        (date(2026, 11, 22), "Sunday 22 November 2026 is a weekend"),
    ],
)
def test_a_conference_is_never_on_a_weekend(
    monkeypatch: Any, started: tuple[Section47, User], held_on: date, message: str
) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 23, 10, 0))
    before = db_state()
    with pytest.raises(DomainError, match=message) as error:
        conference_for(section47, worker, held_on)
    assert error.value.field == "held_on"
    assert db_state() == before


def test_other_conference_refusals(
    monkeypatch: Any, started: tuple[Section47, User], csw: User
) -> None:
    section47, worker = started
    before = db_state()
    with pytest.raises(DomainError, match="as an initial conference first"):
        conference_for(section47, worker, date(2026, 11, 16))
    assert db_state() == before

    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 20, 10, 0))
    before = db_state()
    for who, held_on, outcome, chair, message in (
        (worker, date(2026, 11, 13), "cp_plan", "Chair", "the strategy discussion"),
        (worker, date(2026, 11, 23), "cp_plan", "Chair", "today or in the past"),
        (worker, None, "cp_plan", "Chair", "Enter the date of the conference"),
        (worker, date(2026, 11, 19), "adopt", "Chair", "Select the outcome"),
        (worker, date(2026, 11, 19), "cp_plan", " ", "Enter who chaired"),
        (csw, date(2026, 11, 19), "cp_plan", "Chair", "permission"),
    ):
        with pytest.raises(DomainError, match=message):
            section47_services.conference_record(
                actor=who, section47_id=section47.pk, held_on=held_on, outcome=outcome, chair=chair
            )
        assert db_state() == before

    conference_for(section47, worker, date(2026, 11, 19))
    before = db_state()
    with pytest.raises(ConflictError, match="already been recorded"):
        conference_for(section47, worker, date(2026, 11, 20))
    assert db_state() == before


def test_a_late_conference_is_noted(monkeypatch: Any, started: tuple[Section47, User]) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 12, 8, 16, 0))
    conference_for(section47, worker, date(2026, 12, 8))  # due Mon 7 Dec
    assert last_event("conference.record").summary == "Held after its 15 working days"


def test_a_plan_never_starts_before_its_conference(
    monkeypatch: Any, started: tuple[Section47, User]
) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 27, 16, 0))
    conference = conference_for(section47, worker, date(2026, 11, 26))  # Thu 26 Nov
    before = db_state()
    with pytest.raises(DomainError) as error:
        plan_from(conference, worker, date(2026, 11, 25))
    assert error.value.field == "start_date"
    assert error.value.message == (
        "The plan start date must be the same as or after the conference (26 November 2026)"
    )
    assert db_state() == before
    for start, category, message in (
        (None, "NEG", "Enter the plan start date"),
        (date(2026, 11, 28), "NEG", "today or in the past"),
        # Nor after it: the conference makes the plan that day (CIN census rule 2885).
        (date(2026, 11, 27), "NEG", "starts on the day of the conference that made it"),
        (date(2026, 11, 26), "XYZ", "Select the category"),
    ):
        with pytest.raises(DomainError, match=message):
            protection_services.cp_plan_start(
                actor=worker, conference_id=conference.pk, start_date=start, category=category
            )
        assert db_state() == before
    plan = plan_from(conference, worker, date(2026, 11, 26))
    assert plan.start_date == date(2026, 11, 26)
    with pytest.raises(ConflictError):
        plan_from(conference, worker, date(2026, 11, 27))


def test_no_plan_from_a_conference_that_decided_otherwise(
    monkeypatch: Any, started: tuple[Section47, User]
) -> None:
    section47, worker = started
    section47 = icpc(section47, worker, date(2026, 11, 16))
    freeze(monkeypatch, london(2026, 11, 27, 16, 0))
    conference = conference_for(section47, worker, date(2026, 11, 26), outcome="cin_plan")
    before = db_state()
    with pytest.raises(DomainError, match="did not decide on a child protection plan"):
        plan_from(conference, worker, date(2026, 11, 26))
    assert db_state() == before
