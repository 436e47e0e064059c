"""person_create: one transaction, one audit row, a clear message for each kind of bad input."""

from __future__ import annotations

import re
from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import PersonFactory, freeze, london, make_user
from frontdoor.core.errors import DomainError
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person
from frontdoor.people.services import person_create

pytestmark = pytest.mark.django_db


def test_a_child_is_saved_tidied_given_an_la_child_id_and_audited() -> None:
    csw = make_user(Role.CSW)
    person = person_create(
        actor=csw,
        first_name=" Amelia ",
        last_name="Hart ",
        date_of_birth=date(2015, 3, 27),
        nhs_number="999 000 0018",
        postcode="nr2 1aa",
    )
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Amelia", "Hart")
    assert person.nhs_number == "9990000018"
    assert person.postcode == "NR2 1AA"
    assert person.la_child_id is not None
    assert re.fullmatch(r"FD\d{7}", person.la_child_id)
    assert int(person.la_child_id[2:]) == person.pk

    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (csw, "person.create")
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))
    assert event.summary == "Created Amelia Hart"
    assert event.changes == {
        "kind": [None, "child"],
        "first_name": [None, "Amelia"],
        "last_name": [None, "Hart"],
        "date_of_birth": [None, "2015-03-27"],
        "sex": [None, "U"],
        "ethnicity": [None, "NOBT"],
        "nhs_number": [None, "9990000018"],
        "postcode": [None, "NR2 1AA"],
    }


def test_an_adult_gets_no_la_child_id() -> None:
    adult = person_create(actor=make_user(), first_name="Jo", last_name="Hart", kind="adult")
    assert adult.la_child_id is None


def test_invalid_nhs_number_is_refused_and_nothing_is_saved() -> None:
    with pytest.raises(DomainError) as error:
        person_create(
            actor=make_user(), first_name="Amelia", last_name="Hart", nhs_number="9990000019"
        )
    assert error.value.field == "nhs_number"
    assert "valid NHS number" in error.value.message
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_date_of_birth_in_the_future_is_refused(monkeypatch) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 14, 0))
    with pytest.raises(DomainError) as error:
        person_create(
            actor=make_user(), first_name="A", last_name="B", date_of_birth=date(2026, 11, 7)
        )
    assert (error.value.field, error.value.message) == (
        "date_of_birth",
        "Date must be today or in the past",
    )
    assert not Person.objects.exists()
    # Born today is fine.
    person_create(actor=make_user(), first_name="A", last_name="B", date_of_birth=date(2026, 11, 6))


def test_an_nhs_number_already_recorded_is_refused_however_it_is_spaced() -> None:
    PersonFactory(nhs_number="9990000018")
    with pytest.raises(DomainError) as error:
        person_create(actor=make_user(), first_name="A", last_name="B", nhs_number="999-000 0018")
    assert error.value.field == "nhs_number"
    assert error.value.message == (
        "A person with this NHS number is already recorded: search for them instead"
    )
    assert Person.objects.count() == 1


def test_born_and_expected_dates_together_are_refused() -> None:
    with pytest.raises(DomainError) as error:
        person_create(
            actor=make_user(),
            first_name="A",
            last_name="B",
            date_of_birth=date(2020, 1, 1),
            expected_date_of_birth=date(2027, 1, 1),
        )
    assert error.value.field == "expected_date_of_birth"
    assert not Person.objects.exists()


def test_if_the_audit_write_fails_the_person_is_not_saved(monkeypatch) -> None:
    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("frontdoor.people.services.audit_write", broken)
    with pytest.raises(RuntimeError):
        person_create(actor=make_user(), first_name="A", last_name="B")
    assert not Person.objects.exists()
